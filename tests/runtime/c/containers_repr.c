/* containers_repr.c: print()/repr()/str() of nested containers, KeyError
 * messages and mutation-during-iteration errors (containers.test.ts); twin:
 * containers_repr.py.
 */
#include "containers_driver.h"

int main(int argc, char **argv) {
  apc_init(argc, argv);
  const apc_type *LI = LIST_OF(&T_INT), *LF = LIST_OF(&T_FLOAT), *LLF = LIST_OF(LF), *LS = LIST_OF(&T_STR);
  const apc_type *TII = mk_type(APC_K_TUPLE, 2, &T_INT, &T_INT);
  const apc_type *DST = DICT_OF(&T_STR, TII), *DSL = DICT_OF(&T_STR, LI);
  const apc_type *SI = SET_OF(&T_INT), *SS = SET_OF(&T_STR), *ST = SET_OF(TII);
  const apc_type *TMIX = mk_type(APC_K_TUPLE, 5, &T_INT, &T_STR, &T_FLOAT, &T_BOOL, &T_NONE);
  const apc_type *LMIX = LIST_OF(TMIX);

  /* [[1.0, 2.0], [3.0]] and [] */
  apc_list *a = apc_list_new(LF, 0), *b = apc_list_new(LF, 0), *ll = apc_list_new(LLF, 0);
  apc_list_append(a, F(1.0));
  apc_list_append(a, F(2.0));
  apc_list_append(b, F(3.0));
  apc_list_append(ll, P(a));
  apc_list_append(ll, P(b));
  apc_list_append(ll, P(apc_list_new(LF, 0)));
  apc_print_value(P(ll), LLF);
  nl();
  /* {'x': (1, 2)} */
  apc_dict *d = apc_dict_new(DST);
  apc_tuple *t = apc_tuple_new(TII);
  t->items[0] = 1;
  t->items[1] = 2;
  apc_dict_setitem(d, P(S("x")), P(t), &SITE);
  apc_dict_setitem(d, P(S("it's")), P(t), &SITE);
  apc_print_value(P(d), DST);
  nl();
  apc_print_value(P(apc_dict_new(DST)), DST);
  nl();
  /* sets */
  apc_set *s = apc_set_new(SI);
  apc_print_value(P(s), SI);
  nl();
  apc_set_add(s, 2, &SITE);
  apc_set_add(s, 1, &SITE);
  apc_print_value(P(s), SI);
  nl();
  apc_set *sst = apc_set_new(ST);
  apc_set_add(sst, P(t), &SITE);
  apc_print_value(P(sst), ST);
  nl();
  apc_set *ss = apc_set_new(SS);
  apc_set_add(ss, P(S("b")), &SITE);
  apc_set_add(ss, P(S("a")), &SITE);
  apc_set_add(ss, P(S("c\n")), &SITE);
  apc_print_value(P(ss), SS);
  nl();
  /* mixed tuple in a list: [(1, 'a', 2.5, True, None)] */
  apc_list *lm = apc_list_new(LMIX, 0);
  apc_tuple *m = apc_tuple_new(TMIX);
  m->items[0] = -7;
  m->items[1] = P(S("a'\"b"));
  m->items[2] = F(2.5);
  m->items[3] = 1;
  m->items[4] = 0;
  apc_list_append(lm, P(m));
  apc_print_value(P(lm), LMIX);
  nl();
  apc_print_value(P(m), TMIX);
  nl();
  show_str(apc_value_str(P(lm), LMIX));
  show_str(apc_value_repr(P(lm), LMIX));
  show_str(apc_value_str(F(1e16), &T_FLOAT));
  show_str(apc_value_str(1, &T_BOOL));
  show_str(apc_value_str(0, &T_NONE));
  show_str(apc_value_str(-5, &T_INT));
  show_str(apc_value_str(P(S("q'")), &T_STR));
  show_str(apc_value_repr(P(S("q'")), &T_STR));
  apc_print_value(F(0.1), &T_FLOAT);
  nl();
  apc_print_value(0, &T_NONE);
  nl();
  apc_print_value(0, &T_BOOL);
  nl();
  apc_print_value(P(S("plain 'text'")), &T_STR);
  nl();
  /* a long list streams through the print buffer */
  apc_list *big = apc_list_new(LS, 0);
  for (int i = 0; i < 3000; i++) apc_list_append(big, P(S(i % 2 ? "ab'c" : "d\"e")));
  apc_print_value(P(big), LS);
  nl();
  /* KeyError messages */
  TRY(apc_dict_getitem(d, P(S("missing")), &SITE));
  TRY((void)apc_dict_getitem(d, P(S("it's")), &SITE));
  const apc_type *DTI = DICT_OF(TII, &T_INT), *DFI = DICT_OF(&T_FLOAT, &T_INT), *DII = DICT_OF(&T_INT, &T_INT);
  TRY(apc_dict_getitem(apc_dict_new(DTI), P(t), &SITE));
  TRY(apc_dict_delitem(apc_dict_new(DFI), F(1.5), &SITE));
  TRY(apc_dict_pop(apc_dict_new(DII), -3, &SITE));
  TRY(apc_set_remove(ss, P(S("zz")), &SITE));
  TRY(apc_dict_getitem(apc_dict_new(DICT_OF(&T_STR, &T_INT)), P(S("")), &SITE));
  /* float keys: -0.0 and 0.0 are the same key; 1 and 1.0 */
  apc_dict *df = apc_dict_new(DFI);
  apc_dict_setitem(df, F(0.0), 1, &SITE);
  apc_dict_setitem(df, F(-0.0), 2, &SITE);
  apc_dict_setitem(df, F(1e300), 3, &SITE);
  apc_print_value(P(df), DFI);
  nl();
  /* mutation during iteration */
  apc_dict *di = apc_dict_new(DII);
  for (int i = 0; i < 5; i++) apc_dict_setitem(di, i, i * i, &SITE);
  TRY({
    int64_t pos = 0, size = apc_dict_len(di);
    apc_slot k, v;
    while (apc_dict_next(di, &pos, size, &k, &v, &SITE)) {
      show_int(k);
      if (k == 2) apc_dict_setitem(di, 99, 0, &SITE);
    }
  });
  TRY({
    int64_t pos = 0, size = apc_dict_len(di);
    apc_slot k, v;
    while (apc_dict_next(di, &pos, size, &k, &v, &SITE)) {
      apc_dict_setitem(di, k, v + 1, &SITE); /* values only: fine */
    }
  });
  apc_print_value(P(di), DII);
  nl();
  TRY({
    int64_t pos = 0, size = apc_set_len(s);
    apc_slot v;
    while (apc_set_next(s, &pos, size, &v, &SITE)) {
      show_int(v);
      apc_set_add(s, v + 10, &SITE);
    }
  });
  /* deletion then reinsertion goes to the end */
  apc_dict_delitem(di, 1, &SITE);
  apc_dict_setitem(di, 1, 100, &SITE);
  apc_dict_setitem(di, 0, 7, &SITE);
  apc_print_value(P(di), DII);
  nl();
  /* a dict holding lists, and a dict inside itself */
  apc_dict *dl = apc_dict_new(DSL);
  apc_list *li = apc_list_new(LI, 0);
  apc_list_append(li, 1);
  apc_dict_setitem(dl, P(S("k")), P(li), &SITE);
  apc_print_value(P(dl), DSL);
  nl();
  const apc_type *rec = mk_type(APC_K_DICT, 2, &T_STR, NULL);
  ((const apc_type **)rec->args)[1] = rec;
  apc_dict *self = apc_dict_new(rec);
  apc_dict_setitem(self, P(S("me")), P(self), &SITE);
  apc_dict_setitem(self, P(S("other")), P(apc_dict_new(rec)), &SITE);
  apc_print_value(P(self), rec);
  nl();
  /* dict equality ignores order; value types matter */
  apc_dict *e1 = apc_dict_new(DII), *e2 = apc_dict_new(DII);
  apc_dict_setitem(e1, 1, 10, &SITE);
  apc_dict_setitem(e1, 2, 20, &SITE);
  apc_dict_setitem(e2, 2, 20, &SITE);
  apc_dict_setitem(e2, 1, 10, &SITE);
  show_bool(apc_dict_eq(e1, e2));
  apc_dict_setitem(e2, 1, 11, &SITE);
  show_bool(apc_dict_eq(e1, e2));
  /* tuple keys: hashing and equality through dict lookups */
  apc_dict *dt = apc_dict_new(DTI);
  for (int i = 0; i < 50; i++) {
    apc_tuple *k = apc_tuple_new(TII);
    k->items[0] = i % 7;
    k->items[1] = i % 5;
    apc_dict_setitem(dt, P(k), i, &SITE);
  }
  apc_tuple *probe = apc_tuple_new(TII);
  probe->items[0] = 3;
  probe->items[1] = 4;
  show_int(apc_dict_getitem(dt, P(probe), &SITE));
  show_int(apc_dict_len(dt));
  apc_print_value(P(dt), DTI);
  nl();
  apc_flush();
  return 0;
}
