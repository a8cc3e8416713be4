/* containers_str.c: str operations driver (tests/runtime/containers.test.ts).
 *
 * One operation per stdin line, one result line each (repr of the result,
 * or "Type: message"); containers_str.py is the Python twin. Strings are
 * "x" + hex of their UTF-8 bytes.
 */
#include "containers_driver.h"

static const apc_type *list_str;

static void run(char **f, int n) {
  const char *op = f[0];
#define A (hex_str(f[1]))
#define B (hex_str(f[2]))
#define I(k) (strtoll(f[k], NULL, 10))
  if (!strcmp(op, "len")) show_int(apc_str_len(A));
  else if (!strcmp(op, "getitem")) show_str(apc_str_getitem(A, I(2), &SITE));
  else if (!strcmp(op, "slice")) show_str(apc_str_slice(A, I(2), I(3), I(4), I(5), I(6), &SITE));
  else if (!strcmp(op, "find")) show_int(apc_str_find(A, B));
  else if (!strcmp(op, "index")) show_int(apc_str_index(A, B, &SITE));
  else if (!strcmp(op, "count")) show_int(apc_str_count(A, B));
  else if (!strcmp(op, "in")) show_bool(apc_str_contains(A, B));
  else if (!strcmp(op, "startswith")) show_bool(apc_str_startswith(A, B));
  else if (!strcmp(op, "endswith")) show_bool(apc_str_endswith(A, B));
  else if (!strcmp(op, "split")) show(P(apc_str_split(A, NULL, list_str, &SITE)), list_str);
  else if (!strcmp(op, "splitws")) show(P(apc_str_split_ws(A, list_str)), list_str);
  else if (!strcmp(op, "stripws")) show_str(apc_str_strip_ws(A, I(2)));
  else if (!strcmp(op, "splitsep")) show(P(apc_str_split(A, B, list_str, &SITE)), list_str);
  else if (!strcmp(op, "join")) {
    apc_list *l = apc_list_new(list_str, 0);
    for (int i = 2; i < n; i++) apc_list_append(l, P(hex_str(f[i])));
    show_str(apc_str_join(A, l, &SITE));
  } else if (!strcmp(op, "strip")) {
    apc_str *chars = strcmp(f[2], "-") ? B : NULL;
    show_str(apc_str_strip(A, chars, (int)I(3)));
  } else if (!strcmp(op, "replace")) show_str(apc_str_replace(A, B, hex_str(f[3]), I(4)));
  else if (!strcmp(op, "upper")) show_str(apc_str_upper(A));
  else if (!strcmp(op, "lower")) show_str(apc_str_lower(A));
  else if (!strcmp(op, "capitalize")) show_str(apc_str_capitalize(A));
  else if (!strcmp(op, "isdigit")) show_bool(apc_str_isdigit(A));
  else if (!strcmp(op, "isalpha")) show_bool(apc_str_isalpha(A));
  else if (!strcmp(op, "isspace")) show_bool(apc_str_isspace(A));
  else if (!strcmp(op, "repr")) show_str(apc_value_repr(P(A), &T_STR));
  else if (!strcmp(op, "str")) show_str(apc_value_str(P(A), &T_STR));
  else if (!strcmp(op, "print")) {
    apc_print_value(P(A), &T_STR);
    nl();
  } else if (!strcmp(op, "concat")) show_str(apc_str_concat(A, B));
  else if (!strcmp(op, "repeat")) show_str(apc_str_repeat(A, I(2)));
  else if (!strcmp(op, "eq")) show_bool(apc_str_eq(A, B));
  else if (!strcmp(op, "cmp")) show_int(apc_str_compare(A, B));
  else if (!strcmp(op, "lt")) show_bool(apc_value_lt(P(A), P(B), &T_STR, &SITE));
  else if (!strcmp(op, "hash")) show_int(apc_value_hash(P(A), &T_STR, &SITE));
  else if (!strcmp(op, "build")) {
    const apc_str *parts[16];
    for (int i = 1; i < n && i <= 16; i++) parts[i - 1] = hex_str(f[i]);
    show_str(apc_str_build(parts, n - 1));
  } else {
    print_cstr("unknown op ");
    print_cstr(op);
    nl();
  }
#undef A
#undef B
#undef I
}

int main(int argc, char **argv) {
  apc_init(argc, argv);
  list_str = LIST_OF(&T_STR);
  static char line[1 << 16];
  char *f[64];
  int n;
  while ((n = read_fields(line, sizeof line, f, 64)) >= 0) {
    if (n == 0) continue;
    TRY(run(f, n));
  }
  apc_flush();
  return 0;
}
