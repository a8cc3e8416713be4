/* containers_list.c: list and tuple driver (containers.test.ts).
 *
 *   containers_list script   fixed scenarios; twin: containers_list.py
 *   containers_list slices   stdin lines, one slice operation each:
 *     K n start stop step has_start has_stop [m]
 *   with K in lget (list(range(n))[s]), tget (the same on a tuple),
 *   sget (on the str of the first n letters), lset (assign
 *   list(range(100, 100 + m)) to the slice, print the list), ldel.
 */
#include <stdarg.h>

#include "containers_driver.h"

/* list.c (runtime-internal; containers_internal.h) */
int64_t apc__slice_indices(int64_t len, int64_t *start, int64_t *stop, int64_t *step, bool has_start,
                           bool has_stop, const apc_site *site);

static const apc_type *LI, *LS, *LF, *LLI, *LT, *LN, *TII, *TIS, *T1, *T0, *TFS, *LB, *DII, *SI;

static apc_list *ilist(int n, ...) {
  apc_list *l = apc_list_new(LI, 0);
  va_list ap;
  va_start(ap, n);
  for (int i = 0; i < n; i++) apc_list_append(l, va_arg(ap, int));
  va_end(ap);
  return l;
}

static apc_list *slist(int n, ...) {
  apc_list *l = apc_list_new(LS, 0);
  va_list ap;
  va_start(ap, n);
  for (int i = 0; i < n; i++) apc_list_append(l, P(S(va_arg(ap, const char *))));
  va_end(ap);
  return l;
}

static apc_list *flist(int n, ...) {
  apc_list *l = apc_list_new(LF, 0);
  va_list ap;
  va_start(ap, n);
  for (int i = 0; i < n; i++) apc_list_append(l, F(va_arg(ap, double)));
  va_end(ap);
  return l;
}

static apc_tuple *tii(int64_t a, int64_t b) {
  apc_tuple *t = apc_tuple_new(TII);
  t->items[0] = a;
  t->items[1] = b;
  return t;
}

#define SHOWL(l) show(P(l), (l)->type)

static void script(void) {
  apc_list *l = ilist(3, 3, 1, 2);
  apc_list_append(l, 5);
  apc_list_insert(l, 0, 9);
  apc_list_insert(l, -1, 7);
  apc_list_insert(l, 100, 8);
  apc_list_insert(l, -100, 6);
  SHOWL(l);
  show_int(apc_list_pop(l, -1, &SITE));
  show_int(apc_list_pop(l, 0, &SITE));
  show_int(apc_list_pop(l, -2, &SITE));
  SHOWL(l);
  TRY(apc_list_pop(l, 100, &SITE));
  TRY(apc_list_pop(l, -100, &SITE));
  TRY(apc_list_pop(apc_list_new(LI, 0), -1, &SITE));
  apc_list_remove(l, 1, &SITE);
  SHOWL(l);
  TRY(apc_list_remove(l, 42, &SITE));
  show_int(apc_list_index(l, 2, &SITE));
  TRY(apc_list_index(l, 42, &SITE));
  TRY(apc_list_index(slist(2, "a", "b"), P(S("zz")), &SITE));
  TRY(apc_list_index(flist(1, 1.0), F(2.5), &SITE));
  TRY(apc_list_remove(slist(1, "a"), P(S("it's")), &SITE));
  apc_list *c = ilist(6, 1, 2, 1, 3, 1, 1);
  show_int(apc_list_count(c, 1));
  show_int(apc_list_count(c, 4));
  show_bool(apc_list_contains(c, 3));
  show_bool(apc_list_contains(c, 4));
  show_bool(apc_list_contains(slist(2, "x", "yy"), P(S("yy"))));
  show_bool(apc_list_contains(flist(2, 0.0, 1.5), F(-0.0)));
  SHOWL(apc_list_concat(c, l));
  SHOWL(apc_list_repeat(ilist(2, 1, 2), 3));
  SHOWL(apc_list_repeat(ilist(2, 1, 2), 0));
  SHOWL(apc_list_repeat(ilist(2, 1, 2), -1));
  apc_list *cp = apc_list_copy(c);
  apc_list_reverse(cp);
  SHOWL(cp);
  SHOWL(c);
  apc_list_extend(cp, cp);
  SHOWL(cp);
  apc_list_del_item(cp, 0, &SITE);
  apc_list_del_item(cp, -1, &SITE);
  SHOWL(cp);
  TRY(apc_list_del_item(cp, 100, &SITE));
  apc_list_clear(cp);
  SHOWL(cp);
  show_int(cp->len);

  /* sorting */
  apc_list *s = ilist(8, 5, -3, 9, 0, 5, 2, -7, 1);
  apc_list_sort(s, false, &SITE);
  SHOWL(s);
  apc_list_sort(s, true, &SITE);
  SHOWL(s);
  apc_list *ss = slist(6, "pear", "Apple", "fig", "apple", "", "banana");
  apc_list_sort(ss, false, &SITE);
  SHOWL(ss);
  apc_list *fs = flist(7, 0.0, -0.0, 2.5, -1e300, 0.0, -0.0, 1e-300);
  apc_list_sort(fs, false, &SITE);
  SHOWL(fs);
  apc_list_sort(fs, true, &SITE);
  SHOWL(fs);
  apc_list *ts = apc_list_new(LT, 0);
  int64_t pairs[][2] = {{2, 1}, {1, 9}, {2, 0}, {1, 9}, {-1, 5}, {2, 1}};
  for (int i = 0; i < 6; i++) apc_list_append(ts, P(tii(pairs[i][0], pairs[i][1])));
  apc_list_sort(ts, false, &SITE);
  SHOWL(ts);
  /* sorted(words, key=len) and reverse=True: stable */
  apc_list *words = slist(8, "ccc", "a", "bb", "dd", "e", "fff", "gg", "h");
  apc_list *keys = apc_list_new(LI, 0);
  for (int64_t i = 0; i < words->len; i++) apc_list_append(keys, apc_str_len((apc_str *)(intptr_t)apc_list_get(words, i)));
  apc_list *w2 = apc_list_copy(words), *k2 = apc_list_copy(keys);
  apc_list_sort_by_keys(words, keys, false, &SITE);
  SHOWL(words);
  apc_list_sort_by_keys(w2, k2, true, &SITE);
  SHOWL(w2);
  /* a big sort: merge paths */
  apc_list *big = apc_list_new(LI, 0);
  uint64_t x = 12345;
  for (int i = 0; i < 2000; i++) {
    x = x * 6364136223846793005ULL + 1442695040888963407ULL;
    apc_list_append(big, (int64_t)(x >> 54));
  }
  apc_list_sort(big, false, &SITE);
  int64_t ok = 1;
  for (int64_t i = 1; i < big->len; i++) ok &= apc_list_get(big, i - 1) <= apc_list_get(big, i);
  show_int(ok);
  apc_list *nones = apc_list_new(LN, 2);
  TRY(apc_list_sort(nones, false, &SITE));
  nones->len = 1;
  apc_list_sort(nones, false, &SITE);
  SHOWL(nones);
  apc_list *ls = apc_list_new(LLI, 0);
  apc_list_append(ls, P(ilist(2, 1, 2)));
  apc_list_append(ls, P(ilist(1, 1)));
  apc_list_append(ls, P(ilist(0)));
  apc_list_append(ls, P(ilist(3, 1, 2, 0)));
  apc_list_append(ls, P(ilist(1, 0)));
  apc_list_sort(ls, false, &SITE);
  SHOWL(ls);

  /* comparison */
  show_bool(apc_value_lt(P(ilist(2, 1, 2)), P(ilist(2, 1, 3)), LI, &SITE));
  show_bool(apc_value_lt(P(ilist(2, 1, 2)), P(ilist(3, 1, 2, 0)), LLI->args[0], &SITE));
  show_bool(apc_value_lt(P(ilist(3, 1, 2, 0)), P(ilist(2, 1, 2)), LLI->args[0], &SITE));
  show_bool(apc_value_lt(P(ilist(0)), P(ilist(0)), LLI->args[0], &SITE));
  show_bool(apc_value_lt(P(ilist(2, 2, 0)), P(ilist(2, 1, 9)), LLI->args[0], &SITE));
  show_bool(apc_value_lt(P(slist(2, "a", "b")), P(slist(2, "a", "ba")), LS, &SITE));
  show_bool(apc_value_lt(P(flist(1, -0.0)), P(flist(1, 0.0)), LF, &SITE));
  show_bool(apc_value_eq(P(flist(2, -0.0, 1.0)), P(flist(2, 0.0, 1.0)), LF));
  show_bool(apc_value_eq(P(ls), P(apc_list_copy(ls)), LLI));
  show_bool(apc_value_eq(P(ilist(2, 1, 2)), P(ilist(3, 1, 2, 3)), LI));
  show_bool(apc_value_lt(P(tii(1, 2)), P(tii(1, 3)), TII, &SITE));
  show_bool(apc_value_lt(P(tii(1, 3)), P(tii(1, 3)), TII, &SITE));
  show_bool(apc_value_lt(P(tii(0, 9)), P(tii(1, 0)), TII, &SITE));
  TRY(show_bool(apc_value_lt(0, 0, &T_NONE, &SITE)));
  TRY(show_bool(apc_value_lt(P(apc_dict_new(DII)), P(apc_dict_new(DII)), DII, &SITE)));

  /* slice assignment and deletion */
  apc_list *a = ilist(6, 0, 1, 2, 3, 4, 5);
  apc_list_set_slice(a, 1, 3, 1, true, true, ilist(3, 7, 7, 7), &SITE);
  SHOWL(a);
  apc_list_set_slice(a, 0, 0, 1, false, false, a, &SITE);
  SHOWL(a);
  apc_list_set_slice(a, 0, 0, 2, false, false, ilist(4, 10, 11, 12, 13), &SITE);
  SHOWL(a);
  TRY(apc_list_set_slice(a, 0, 0, 2, false, false, ilist(1, 1), &SITE));
  TRY(apc_list_set_slice(a, 0, 0, 0, false, false, ilist(1, 1), &SITE));
  apc_list_set_slice(a, 0, 0, -1, false, false, apc_list_copy(a), &SITE);
  SHOWL(a);
  apc_list_del_slice(a, 0, 0, 3, false, false, &SITE);
  SHOWL(a);
  apc_list_set_slice(a, 5, 2, 1, true, true, ilist(2, 8, 8), &SITE);
  SHOWL(a);

  /* tuples */
  apc_tuple *t1 = apc_tuple_new(T1);
  t1->items[0] = 7;
  show(P(t1), T1);
  show(P(apc_tuple_new(T0)), T0);
  apc_tuple *tis = apc_tuple_new(TIS);
  tis->items[0] = -3;
  tis->items[1] = P(S("it's"));
  show(P(tis), TIS);
  apc_tuple *tfs = apc_tuple_new(TFS);
  tfs->items[0] = F(1e16);
  tfs->items[1] = P(slist(1, "q"));
  show(P(tfs), TFS);
  int64_t hv[][2] = {{1, 2}, {2, 1}, {0, 0}, {-1, -1}, {-2, 5}, {1LL << 61, 3}, {INT64_MIN, INT64_MAX}};
  for (int i = 0; i < 7; i++) show_int(apc_value_hash(P(tii(hv[i][0], hv[i][1])), TII, &SITE));
  show_int(apc_value_hash(P(t1), T1, &SITE));
  show_int(apc_value_hash(P(apc_tuple_new(T0)), T0, &SITE));
  show_int(apc_value_hash(P(tis), TIS, &SITE));
  TRY(show_int(apc_value_hash(P(tfs), TFS, &SITE)));
  int64_t ih[] = {0, 1, -1, -2, 42, (1LL << 61) - 2, (1LL << 61) - 1, 1LL << 61, INT64_MAX, INT64_MIN, -(1LL << 61) + 1};
  for (int i = 0; i < 11; i++) show_int(apc_value_hash(ih[i], &T_INT, &SITE));
  double fh[] = {0.0, -0.0, 1.0, -1.0, 1.5, -2.5, 0.1, 1e300, -1e-300, 5e-324, 1.7976931348623157e308, 2.0 * (1LL << 60), __builtin_inf(), -__builtin_inf(), 123456.789};
  for (int i = 0; i < 15; i++) show_int(apc_value_hash(F(fh[i]), &T_FLOAT, &SITE));
  show_int(apc_value_hash(1, &T_BOOL, &SITE));
  show_int(apc_value_hash(0, &T_BOOL, &SITE));
  TRY(show_int(apc_value_hash(P(ilist(0)), LI, &SITE)));
  TRY(show_int(apc_value_hash(P(apc_dict_new(DII)), DII, &SITE)));
  TRY(show_int(apc_value_hash(P(apc_set_new(SI)), SI, &SITE)));
  apc_tuple *sl = apc_tuple_slice(tis, T1, 1, 0, 1, true, false, &SITE);
  show(P(sl), mk_type(APC_K_TUPLE, 1, &T_STR));

  /* repr of floats and bools in lists; print */
  SHOWL(flist(9, 1.0, 2.5, 1e16, 1e-5, __builtin_nan(""), __builtin_inf(), -0.0, 0.1 + 0.2, 1e22));
  apc_list *lb = apc_list_new(LB, 0);
  apc_list_append(lb, 1);
  apc_list_append(lb, 0);
  SHOWL(lb);
  apc_print_value(P(ls), LLI);
  nl();
  apc_print_value(P(tis), TIS);
  nl();
  /* self-containing list */
  const apc_type *rec = mk_type(APC_K_LIST, 1, NULL);
  ((const apc_type **)rec->args)[0] = rec;
  apc_list *selfl = apc_list_new(rec, 0);
  apc_list_append(selfl, P(selfl));
  apc_list_append(selfl, P(apc_list_new(rec, 0)));
  SHOWL(selfl);
  show_bool(apc_value_eq(P(selfl), P(selfl), rec));
}

static void slices(void) {
  static char line[256];
  char *f[8];
  int n;
  while ((n = read_fields(line, sizeof line, f, 8)) >= 0) {
    if (n < 7) continue;
    int64_t len = strtoll(f[1], NULL, 10), a = strtoll(f[2], NULL, 10), b = strtoll(f[3], NULL, 10);
    int64_t st = strtoll(f[4], NULL, 10);
    bool ha = f[5][0] == '1', hb = f[6][0] == '1';
    apc_list *l = apc_list_new(LI, 0);
    for (int64_t i = 0; i < len; i++) apc_list_append(l, i);
    const char *k = f[0];
    if (!strcmp(k, "lget")) {
      TRY(SHOWL(apc_list_slice(l, a, b, st, ha, hb, &SITE)));
    } else if (!strcmp(k, "tget")) {
      const apc_type **args = malloc((size_t)(len + 1) * sizeof *args);
      for (int64_t i = 0; i <= len; i++) args[i] = &T_INT;
      apc_type *tt = malloc(sizeof *tt);
      tt->kind = APC_K_TUPLE;
      tt->n = (int32_t)len;
      tt->args = args;
      apc_tuple *t = apc_tuple_new(tt);
      for (int64_t i = 0; i < len; i++) t->items[i] = i;
      /* the result type: as many fields as the slice has */
      int64_t s0 = a, s1 = b, s2 = st;
      volatile int64_t rn = 0;
      volatile bool ok = false;
      TRY((rn = apc__slice_indices(len, &s0, &s1, &s2, ha, hb, &SITE), ok = true));
      if (ok) {
        apc_type *rt = malloc(sizeof *rt);
        rt->kind = APC_K_TUPLE;
        rt->n = (int32_t)rn;
        rt->args = args;
        show(P(apc_tuple_slice(t, rt, a, b, st, ha, hb, &SITE)), rt);
      }
    } else if (!strcmp(k, "sget")) {
      char buf[64];
      for (int64_t i = 0; i < len; i++) buf[i] = (char)('a' + i);
      TRY(show_str(apc_str_slice(apc_str_new(buf, len), a, b, st, ha, hb, &SITE)));
    } else if (!strcmp(k, "lset")) {
      int64_t m = n > 7 ? strtoll(f[7], NULL, 10) : 0;
      apc_list *src = apc_list_new(LI, 0);
      for (int64_t i = 0; i < m; i++) apc_list_append(src, 100 + i);
      TRY((apc_list_set_slice(l, a, b, st, ha, hb, src, &SITE), SHOWL(l)));
    } else if (!strcmp(k, "ldel")) {
      TRY((apc_list_del_slice(l, a, b, st, ha, hb, &SITE), SHOWL(l)));
    }
  }
}

int main(int argc, char **argv) {
  apc_init(argc, argv);
  LI = LIST_OF(&T_INT);
  LS = LIST_OF(&T_STR);
  LF = LIST_OF(&T_FLOAT);
  LB = LIST_OF(&T_BOOL);
  LN = LIST_OF(&T_NONE);
  LLI = LIST_OF(LI);
  TII = mk_type(APC_K_TUPLE, 2, &T_INT, &T_INT);
  TIS = mk_type(APC_K_TUPLE, 2, &T_INT, &T_STR);
  TFS = mk_type(APC_K_TUPLE, 2, &T_FLOAT, LS);
  T1 = mk_type(APC_K_TUPLE, 1, &T_INT);
  T0 = mk_type(APC_K_TUPLE, 0);
  LT = LIST_OF(TII);
  DII = DICT_OF(&T_INT, &T_INT);
  SI = SET_OF(&T_INT);
  if (argc > 1 && !strcmp(argv[1], "slices"))
    slices();
  else
    script();
  apc_flush();
  return 0;
}
