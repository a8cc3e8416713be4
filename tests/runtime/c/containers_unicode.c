/* containers_unicode.c: every code point through str.isalpha / isdigit /
 * isspace / upper / lower / capitalize and the Final_Sigma context of lower()
 * (containers.test.ts); twin: containers_unicode.py. Prints maximal ranges
 * of each predicate and every non-identity case mapping.
 */
#include "containers_driver.h"

size_t apc__utf8_put(uint32_t cp, char *out); /* str.c */

static apc_str *cp_str(const char *pre, uint32_t cp, const char *post) {
  char buf[32];
  size_t n = strlen(pre);
  memcpy(buf, pre, n);
  n += apc__utf8_put(cp, buf + n);
  memcpy(buf + n, post, strlen(post));
  n += strlen(post);
  return apc_str_new(buf, (int64_t)n);
}

static void print_hex_cps(const apc_str *s) {
  char out[64];
  size_t k = 0;
  for (size_t i = 0; i < (size_t)s->len;) {
    uint32_t cp = apc__utf8_next((const unsigned char *)s->data, (size_t)s->len, &i);
    k += (size_t)snprintf(out + k, sizeof out - k, " %X", cp);
  }
  print_raw(out, k);
}

#define NPRED 5

int main(int argc, char **argv) {
  apc_init(argc, argv);
  const char *names[NPRED] = {"alpha", "digit", "space", "sigma-cased", "sigma-ignorable"};
  int64_t start[NPRED];
  for (int k = 0; k < NPRED; k++) start[k] = -1;
  for (uint32_t cp = 0; cp <= 0x110000; cp++) {
    int on[NPRED] = {0};
    int valid = cp < 0x110000 && !(cp >= 0xD800 && cp < 0xE000);
    if (valid) {
      apc_str *s = cp_str("", cp, "");
      on[0] = apc_str_isalpha(s);
      on[1] = apc_str_isdigit(s);
      on[2] = apc_str_isspace(s);
      /* (ch + 'Σ').lower() ends in ς: ch is cased (and not ignorable);
       * else ('A' + ch + 'Σ').lower() ends in ς: ch is case-ignorable. */
      apc_str *l1 = apc_str_lower(cp_str("", cp, "\xce\xa3"));
      on[3] = !memcmp(l1->data + l1->len - 2, "\xcf\x82", 2);
      apc_str *l2 = apc_str_lower(cp_str("A", cp, "\xce\xa3"));
      on[4] = !on[3] && !memcmp(l2->data + l2->len - 2, "\xcf\x82", 2);
      apc_str *u = apc_str_upper(s), *l = apc_str_lower(s), *c = apc_str_capitalize(s);
      if (!apc_str_eq(u, s) || !apc_str_eq(l, s) || !apc_str_eq(c, s)) {
        char head[16];
        print_raw(head, (size_t)snprintf(head, sizeof head, "%X:", cp));
        print_hex_cps(u);
        print_cstr(" /");
        print_hex_cps(l);
        print_cstr(" /");
        print_hex_cps(c);
        nl();
      }
    }
    for (int k = 0; k < NPRED; k++) {
      if (on[k] && start[k] < 0) start[k] = cp;
      if (!on[k] && start[k] >= 0) {
        char buf[64];
        print_raw(buf, (size_t)snprintf(buf, sizeof buf, "%s %llX-%X\n", names[k], (long long)start[k], cp - 1));
        start[k] = -1;
      }
    }
  }
  apc_flush();
  return 0;
}
