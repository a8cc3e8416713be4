/* containers_hash.c: dict and set driver (containers.test.ts); twin:
 * containers_hash.py.
 *
 * Each stdin line is a small program over one container:
 *   set K TOKENS            tokens: aV add, dV discard, rV remove, cV `in`,
 *                           p print, P pop, l len, n print(s.copy()),
 *                           C clear, i iterate (apc_set_next), j iterate
 *                           (apc_set_next_index/apc_set_value_at)
 *   setop K TOKENS | TOKENS  builds a and b, then prints every binary
 *                           operation (and its in-place form) and ==, <, <=
 *   dict K TOKENS           tokens: sV=N d[V] = N, dV del, gV d[V], pV pop,
 *                           qV=N pop with default, DV=N setdefault, cV `in`,
 *                           l len, P print, i/j iterate (apc_dict_next /
 *                           next_index+key_at+value_at), GV=N d.get(V, N),
 *                           y popitem, k/v/I
 *                           keys/values/items, C clear, n copy, u update
 *                           with a copy of itself plus {V: 0} (uV)
 * K is the element (key) kind: i int, f float, s str ("x" + hex), t tuple
 * of two ints ("3,4"), b bool (0/1). Values N are ints.
 */
#include "containers_driver.h"

static const apc_type *elem;

static apc_slot parse(const char *tok, const apc_type *t) {
  switch (t->kind) {
  case APC_K_INT: return strtoll(tok, NULL, 10);
  case APC_K_BOOL: return tok[0] == '1';
  case APC_K_FLOAT: return F(strtod(tok, NULL));
  case APC_K_STR: return P(hex_str(tok));
  default: {
    apc_tuple *tu = apc_tuple_new(t);
    char *end;
    tu->items[0] = strtoll(tok, &end, 10);
    tu->items[1] = strtoll(end + 1, NULL, 10);
    return P(tu);
  }
  }
}

static const apc_type *kind_type(char k) {
  switch (k) {
  case 'i': return &T_INT;
  case 'f': return &T_FLOAT;
  case 's': return &T_STR;
  case 'b': return &T_BOOL;
  default: return mk_type(APC_K_TUPLE, 2, &T_INT, &T_INT);
  }
}

static void set_iterate(apc_set *s, const apc_type *st) {
  int64_t pos = 0, size = apc_set_len(s);
  apc_slot v;
  apc_list *l = apc_list_new(LIST_OF(st->args[0]), 0);
  while (apc_set_next(s, &pos, size, &v, &SITE)) apc_list_append(l, v);
  show(P(l), l->type);
}

static void set_tokens(apc_set *s, const apc_type *st, char **f, int n, int quiet) {
  for (int i = 0; i < n; i++) {
    const char *t = f[i];
    if (!strcmp(t, "|")) return;
    switch (t[0]) {
    case 'a': apc_set_add(s, parse(t + 1, elem), &SITE); break;
    case 'd': apc_set_discard(s, parse(t + 1, elem), &SITE); break;
    case 'r': TRY(apc_set_remove(s, parse(t + 1, elem), &SITE)); break;
    case 'c': show_bool(apc_set_contains(s, parse(t + 1, elem), &SITE)); break;
    case 'p': show(P(s), st); break;
    case 'P': TRY(show(apc_set_pop(s, &SITE), elem)); break;
    case 'l': show_int(apc_set_len(s)); break;
    case 'n': show(P(apc_set_copy(s)), st); break;
    case 'C': apc_set_clear(s); break;
    case 'i': set_iterate(s, st); break;
    case 'j': { /* the compiler's loop: apc_set_next_index / apc_set_value_at */
      apc_list *l = apc_list_new(LIST_OF(st->args[0]), 0);
      int64_t size = apc_set_len(s);
      for (int64_t k = apc_set_next_index(s, 0, size, &SITE); k >= 0; k = apc_set_next_index(s, k + 1, size, &SITE))
        apc_list_append(l, apc_set_value_at(s, k));
      show(P(l), l->type);
      break;
    }
    }
    (void)quiet;
  }
}

static void run_set(char **f, int n, int binary) {
  const apc_type *st = SET_OF(elem);
  apc_set *a = apc_set_new(st);
  set_tokens(a, st, f, n, 0);
  if (!binary) return;
  int k = 0;
  while (k < n && strcmp(f[k], "|")) k++;
  apc_set *b = apc_set_new(st);
  if (k < n) set_tokens(b, st, f + k + 1, n - k - 1, 0);
  show(P(apc_set_union(a, b, &SITE)), st);
  show(P(apc_set_union(b, a, &SITE)), st);
  show(P(apc_set_intersection(a, b, &SITE)), st);
  show(P(apc_set_intersection(b, a, &SITE)), st);
  show(P(apc_set_difference(a, b, &SITE)), st);
  show(P(apc_set_difference(b, a, &SITE)), st);
  show(P(apc_set_symmetric_difference(a, b, &SITE)), st);
  show(P(apc_set_symmetric_difference(b, a, &SITE)), st);
  show(P(apc_set_union(a, a, &SITE)), st);
  show(P(apc_set_intersection(a, a, &SITE)), st);
  apc_set *c = apc_set_copy(a);
  apc_set_update(c, b);
  show(P(c), st);
  c = apc_set_copy(a);
  apc_set_intersection_update(c, b);
  show(P(c), st);
  c = apc_set_copy(a);
  apc_set_difference_update(c, b);
  show(P(c), st);
  c = apc_set_copy(a);
  apc_set_symmetric_difference_update(c, b);
  show(P(c), st);
  show_bool(apc_set_eq(a, b));
  show_bool(apc_value_eq(P(a), P(apc_set_copy(a)), st));
  show_bool(apc_value_lt(P(a), P(b), st, &SITE));
  show_bool(apc_set_issubset(a, b));
}

static void run_dict(char **f, int n) {
  const apc_type *dt = DICT_OF(elem, &T_INT);
  const apc_type *item = mk_type(APC_K_TUPLE, 2, elem, &T_INT);
  apc_dict *d = apc_dict_new(dt);
  for (int i = 0; i < n; i++) {
    char *t = f[i];
    char *eq = strchr(t + 1, '=');
    int64_t num = 0;
    if (eq) {
      *eq = '\0';
      num = strtoll(eq + 1, NULL, 10);
    }
    switch (t[0]) {
    case 's': apc_dict_setitem(d, parse(t + 1, elem), num, &SITE); break;
    case 'd': TRY(apc_dict_delitem(d, parse(t + 1, elem), &SITE)); break;
    case 'g': TRY(show_int(apc_dict_getitem(d, parse(t + 1, elem), &SITE))); break;
    case 'p': TRY(show_int(apc_dict_pop(d, parse(t + 1, elem), &SITE))); break;
    case 'q': show_int(apc_dict_pop_default(d, parse(t + 1, elem), num, &SITE)); break;
    case 'D': show_int(apc_dict_setdefault(d, parse(t + 1, elem), num, &SITE)); break;
    case 'c': show_bool(apc_dict_contains(d, parse(t + 1, elem), &SITE)); break;
    case 'l': show_int(apc_dict_len(d)); break;
    case 'P': show(P(d), dt); break;
    case 'i': {
      int64_t pos = 0, size = apc_dict_len(d);
      apc_slot k, v;
      apc_list *l = apc_list_new(LIST_OF(item), 0);
      while (apc_dict_next(d, &pos, size, &k, &v, &SITE)) {
        apc_tuple *tu = apc_tuple_new(item);
        tu->items[0] = k;
        tu->items[1] = v;
        apc_list_append(l, P(tu));
      }
      show(P(l), l->type);
      break;
    }
    case 'j': { /* the compiler's loop: apc_dict_next_index / key_at / value_at */
      apc_list *l = apc_list_new(LIST_OF(item), 0);
      int64_t size = apc_dict_len(d);
      for (int64_t k = apc_dict_next_index(d, 0, size, &SITE); k >= 0; k = apc_dict_next_index(d, k + 1, size, &SITE)) {
        apc_tuple *tu = apc_tuple_new(item);
        tu->items[0] = apc_dict_key_at(d, k);
        tu->items[1] = apc_dict_value_at(d, k);
        apc_list_append(l, P(tu));
      }
      show(P(l), l->type);
      break;
    }
    case 'G': show_int(apc_dict_get_default(d, parse(t + 1, elem), num, &SITE)); break;
    case 'y': TRY(show(P(apc_dict_popitem(d, item, &SITE)), item)); break;
    case 'k': show(P(apc_dict_keys(d, LIST_OF(elem))), LIST_OF(elem)); break;
    case 'v': show(P(apc_dict_values(d, LIST_OF(&T_INT))), LIST_OF(&T_INT)); break;
    case 'I': show(P(apc_dict_items(d, LIST_OF(item))), LIST_OF(item)); break;
    case 'C': apc_dict_clear(d); break;
    case 'n': {
      apc_dict *c = apc_dict_copy(d);
      show(P(c), dt);
      show_bool(apc_dict_eq(c, d));
      break;
    }
    case 'u': {
      apc_dict *c = apc_dict_new(dt);
      apc_dict_setitem(c, parse(t + 1, elem), 0, &SITE);
      apc_dict_update(c, d, &SITE);
      apc_dict_update(d, c, &SITE);
      show(P(d), dt);
      show_bool(apc_value_eq(P(c), P(d), dt));
      break;
    }
    }
  }
}

int main(int argc, char **argv) {
  apc_init(argc, argv);
  static char line[1 << 20];
  static char *f[1 << 16];
  int n;
  while ((n = read_fields(line, sizeof line, f, 1 << 16)) >= 0) {
    if (n < 2) continue;
    elem = kind_type(f[1][0]);
    if (!strcmp(f[0], "set")) TRY(run_set(f + 2, n - 2, 0));
    else if (!strcmp(f[0], "setop")) TRY(run_set(f + 2, n - 2, 1));
    else if (!strcmp(f[0], "dict")) TRY(run_dict(f + 2, n - 2));
    print_cstr("--\n");
  }
  apc_flush();
  return 0;
}
