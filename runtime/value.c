/* value.c: generic operations on any value, driven by apc_type descriptors.
 *
 * Owns: ==, <, hash, repr, str and print of every kind of value in a slot
 * (tuple[T, ...] objects are lists underneath, printed and hashed as tuples);
 * CPython 3.11's hash functions (int: modular with P = 2**61 - 1; float:
 * _Py_HashDouble; tuple: the xxHash-based tuplehash; str: siphash13 over the
 * PEP 393 representation with the all-zero key, i.e. CPython's value under
 * PYTHONHASHSEED=0); CPython's recursion guard for repr of self-containing
 * lists and dicts ([...], {...}).
 * Does not own: container storage (list.c, tuple.c, dict.c, set.c) or
 * string escapes (str.c).
 *
 * Where CPython's answer depends on object identity, apc cannot follow it:
 * hash(None) and hash(nan) are constants here (CPython 3.11 hashes their
 * addresses), and a float nan is never equal to itself inside containers
 * (CPython's `[x] == [x]` is True for the same nan object).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "containers_internal.h"

const char *apc__type_name(const apc_type *t) {
  switch (t->kind) {
  case APC_K_INT: return "int";
  case APC_K_FLOAT: return "float";
  case APC_K_BOOL: return "bool";
  case APC_K_NONE: return "NoneType";
  case APC_K_STR: return "str";
  case APC_K_LIST: return "list";
  case APC_K_TUPLE:
  case APC_K_VTUPLE: return "tuple";
  case APC_K_DICT: return "dict";
  case APC_K_SET: return "set";
  case APC_K_DICT_KEYS: return "dict_keys";
  case APC_K_DICT_VALUES: return "dict_values";
  case APC_K_DICT_ITEMS: return "dict_items";
  default: return "object";
  }
}

#define PTR(type, v) ((type *)(intptr_t)(v))

/* ---- hashing ------------------------------------------------------------- */

#define HASH_BITS 61
#define HASH_MODULUS (((uint64_t)1 << HASH_BITS) - 1)
#define HASH_INF 314159
#define HASH_NONE 0xFCA86420 /* CPython 3.12's constant; 3.11 hashes the address */

static int64_t int_hash(int64_t v) {
  uint64_t a = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
  int64_t h = (int64_t)(a % HASH_MODULUS);
  if (v < 0) h = -h;
  return h == -1 ? -2 : h;
}

static int64_t float_hash(double v) {
  if (isnan(v)) return 0;
  if (isinf(v)) return v > 0 ? HASH_INF : -HASH_INF;
  int e;
  double m = frexp(v, &e);
  int sign = 1;
  if (m < 0) {
    sign = -1;
    m = -m;
  }
  uint64_t x = 0;
  while (m) { /* 28 bits at a time */
    x = ((x << 28) & HASH_MODULUS) | x >> (HASH_BITS - 28);
    m *= 268435456.0;
    e -= 28;
    uint64_t y = (uint64_t)m;
    m -= (double)y;
    x += y;
    if (x >= HASH_MODULUS) x -= HASH_MODULUS;
  }
  e = e >= 0 ? e % HASH_BITS : HASH_BITS - 1 - ((-1 - e) % HASH_BITS);
  x = ((x << e) & HASH_MODULUS) | x >> (HASH_BITS - e);
  x = x * (uint64_t)(int64_t)sign;
  return (int64_t)x == -1 ? -2 : (int64_t)x;
}

/* CPython's siphash13 (Python/pyhash.c). */
#define ROTL(x, b) (uint64_t)(((x) << (b)) | ((x) >> (64 - (b))))
#define HALF_ROUND(a, b, c, d, s, t) \
  a += b;                            \
  c += d;                            \
  b = ROTL(b, s) ^ a;                \
  d = ROTL(d, t) ^ c;                \
  a = ROTL(a, 32);
#define SINGLE_ROUND(v0, v1, v2, v3)    \
  HALF_ROUND(v0, v1, v2, v3, 13, 16); \
  HALF_ROUND(v2, v1, v0, v3, 17, 21);

static uint64_t siphash13(const unsigned char *in, size_t n) {
  uint64_t b = (uint64_t)n << 56;
  uint64_t v0 = 0x736f6d6570736575ULL, v1 = 0x646f72616e646f6dULL;
  uint64_t v2 = 0x6c7967656e657261ULL, v3 = 0x7465646279746573ULL;
  while (n >= 8) {
    uint64_t mi;
    memcpy(&mi, in, 8); /* little-endian host */
    in += 8;
    n -= 8;
    v3 ^= mi;
    SINGLE_ROUND(v0, v1, v2, v3);
    v0 ^= mi;
  }
  uint64_t t = 0;
  for (size_t i = 0; i < n; i++) t |= (uint64_t)in[i] << (8 * i);
  b |= t;
  v3 ^= b;
  SINGLE_ROUND(v0, v1, v2, v3);
  v0 ^= b;
  v2 ^= 0xff;
  SINGLE_ROUND(v0, v1, v2, v3);
  SINGLE_ROUND(v0, v1, v2, v3);
  SINGLE_ROUND(v0, v1, v2, v3);
  return (v0 ^ v1) ^ (v2 ^ v3);
}

int64_t apc__str_hash(const apc_str *s) {
  size_t n = (size_t)s->len;
  if (n == 0) return 0;
  int64_t memo;
  if (apc__str_hash_recall(s, &memo)) return memo;
  uint64_t h;
  if (apc__is_ascii(s->data, n)) {
    h = siphash13((const unsigned char *)s->data, n);
  } else {
    /* CPython hashes its 1-, 2- or 4-byte-per-code-point form. */
    uint32_t *cps = malloc(n * sizeof *cps);
    unsigned char *buf = malloc(n * 4);
    if (!cps || !buf) apc_raise("MemoryError", "", NULL);
    size_t k = 0;
    uint32_t maxcp = 0;
    for (size_t i = 0; i < n;) {
      uint32_t cp = apc__utf8_next((const unsigned char *)s->data, n, &i);
      if (cp > maxcp) maxcp = cp;
      cps[k++] = cp;
    }
    size_t width = maxcp < 0x100 ? 1 : maxcp < 0x10000 ? 2 : 4;
    for (size_t i = 0; i < k; i++)
      for (size_t j = 0; j < width; j++) buf[i * width + j] = (unsigned char)(cps[i] >> (8 * j));
    h = siphash13(buf, k * width);
    free(cps);
    free(buf);
  }
  int64_t r = (int64_t)h == -1 ? -2 : (int64_t)h;
  apc__str_hash_remember(s, r);
  return r;
}

static void unhashable(const apc_type *t, const apc_site *site) {
  char msg[64];
  snprintf(msg, sizeof msg, "unhashable type: '%s'", apc__type_name(t));
  apc_raise("TypeError", msg, site);
}

/* CPython 3.11's tuplehash (xxHash's round), split so fixed tuples and
 * tuple[T, ...] hash alike. */
#define TUPLE_HASH_P1 11400714785074694791ULL
#define TUPLE_HASH_P2 14029467366897019727ULL
#define TUPLE_HASH_P5 2870177450012600261ULL

static uint64_t tuple_hash_step(uint64_t acc, int64_t lane) {
  acc += (uint64_t)lane * TUPLE_HASH_P2;
  acc = (acc << 31) | (acc >> 33);
  return acc * TUPLE_HASH_P1;
}

static int64_t tuple_hash_end(uint64_t acc, int64_t n) {
  acc += (uint64_t)n ^ (TUPLE_HASH_P5 ^ 3527539UL);
  return acc == (uint64_t)-1 ? 1546275796 : (int64_t)acc;
}

int64_t apc_value_hash(apc_slot v, const apc_type *t, const apc_site *site) {
  switch (t->kind) {
  case APC_K_INT: return int_hash(v);
  case APC_K_BOOL: return v ? 1 : 0;
  case APC_K_FLOAT: return float_hash(apc__slot_f(v));
  case APC_K_NONE: return HASH_NONE;
  case APC_K_STR: return apc__str_hash(PTR(const apc_str, v));
  case APC_K_TUPLE: {
    const apc_tuple *tu = PTR(const apc_tuple, v);
    uint64_t acc = TUPLE_HASH_P5;
    for (int32_t i = 0; i < t->n; i++) acc = tuple_hash_step(acc, apc_value_hash(tu->items[i], t->args[i], site));
    return tuple_hash_end(acc, t->n);
  }
  case APC_K_VTUPLE: {
    const apc_list *l = PTR(const apc_list, v);
    uint64_t acc = TUPLE_HASH_P5;
    for (int64_t i = 0; i < l->len; i++) acc = tuple_hash_step(acc, apc_value_hash(apc_list_get(l, i), t->args[0], site));
    return tuple_hash_end(acc, l->len);
  }
  default: unhashable(t, site); return 0;
  }
}

/* ---- equality and order ---------------------------------------------------- */

bool apc_value_eq(apc_slot a, apc_slot b, const apc_type *t) {
  switch (t->kind) {
  case APC_K_INT:
  case APC_K_BOOL: return a == b;
  case APC_K_NONE: return true;
  case APC_K_FLOAT: return apc__slot_f(a) == apc__slot_f(b);
  case APC_K_STR: return apc_str_eq(PTR(const apc_str, a), PTR(const apc_str, b));
  case APC_K_LIST:
  case APC_K_VTUPLE: {
    const apc_list *x = PTR(const apc_list, a), *y = PTR(const apc_list, b);
    if (x == y) return true;
    if (x->len != y->len) return false;
    const apc_type *et = t->args[0];
    for (int64_t i = 0; i < x->len && i < y->len; i++)
      if (!apc_value_eq(apc_list_get(x, i), apc_list_get(y, i), et)) return false;
    return x->len == y->len;
  }
  case APC_K_TUPLE: {
    const apc_tuple *x = PTR(const apc_tuple, a), *y = PTR(const apc_tuple, b);
    if (x == y) return true;
    for (int32_t i = 0; i < t->n; i++)
      if (!apc_value_eq(x->items[i], y->items[i], t->args[i])) return false;
    return true;
  }
  case APC_K_DICT: return apc_dict_eq(PTR(const apc_dict, a), PTR(const apc_dict, b));
  case APC_K_SET: return apc_set_eq(PTR(const apc_set, a), PTR(const apc_set, b));
  case APC_K_DICT_KEYS:
  case APC_K_DICT_VALUES:
  case APC_K_DICT_ITEMS: return apc__dictview_eq(a, b, t);
  default: return a == b;
  }
}

static void not_orderable(const apc_type *t, const apc_site *site) {
  char msg[128];
  const char *n = apc__type_name(t);
  snprintf(msg, sizeof msg, "'<' not supported between instances of '%s' and '%s'", n, n);
  apc_raise("TypeError", msg, site);
}

bool apc_value_lt(apc_slot a, apc_slot b, const apc_type *t, const apc_site *site) {
  switch (t->kind) {
  case APC_K_INT:
  case APC_K_BOOL: return a < b;
  case APC_K_FLOAT: return apc__slot_f(a) < apc__slot_f(b);
  case APC_K_STR: return apc_str_compare(PTR(const apc_str, a), PTR(const apc_str, b)) < 0;
  case APC_K_LIST:
  case APC_K_VTUPLE: {
    /* The first unequal pair decides; otherwise the shorter sequence. */
    const apc_list *x = PTR(const apc_list, a), *y = PTR(const apc_list, b);
    const apc_type *et = t->args[0];
    int64_t i = 0;
    for (; i < x->len && i < y->len; i++)
      if (!apc_value_eq(apc_list_get(x, i), apc_list_get(y, i), et)) break;
    if (i >= x->len || i >= y->len) return x->len < y->len;
    return apc_value_lt(apc_list_get(x, i), apc_list_get(y, i), et, site);
  }
  case APC_K_TUPLE: {
    const apc_tuple *x = PTR(const apc_tuple, a), *y = PTR(const apc_tuple, b);
    for (int32_t i = 0; i < t->n; i++)
      if (!apc_value_eq(x->items[i], y->items[i], t->args[i]))
        return apc_value_lt(x->items[i], y->items[i], t->args[i], site);
    return false;
  }
  case APC_K_SET: { /* proper subset */
    const apc_set *x = PTR(const apc_set, a), *y = PTR(const apc_set, b);
    return apc_set_len(x) < apc_set_len(y) && apc__set_issubset(x, y);
  }
  default: not_orderable(t, site); return false;
  }
}

/* ---- repr ------------------------------------------------------------------ */

/* Containers being repr'ed right now (CPython's Py_ReprEnter). */
static const void **repr_stack;
static size_t repr_depth, repr_cap;

static int repr_enter(const void *p) {
  for (size_t i = 0; i < repr_depth; i++)
    if (repr_stack[i] == p) return 1;
  if (repr_depth == repr_cap) {
    repr_cap = repr_cap ? 2 * repr_cap : 16;
    repr_stack = realloc(repr_stack, repr_cap * sizeof *repr_stack);
    if (!repr_stack) apc_raise("MemoryError", "", NULL);
  }
  repr_stack[repr_depth++] = p;
  return 0;
}

static void repr_leave(void) { repr_depth--; }

void apc__repr_into(apc__sb *b, apc_slot v, const apc_type *t) {
  char num[APC__FLOAT_REPR_MAX];
  switch (t->kind) {
  case APC_K_INT: apc__sb_put(b, num, apc__int_to_dec(v, num)); return;
  case APC_K_FLOAT: apc__sb_put(b, num, apc__float_repr(apc__slot_f(v), num)); return;
  case APC_K_BOOL: apc__sb_puts(b, v ? "True" : "False"); return;
  case APC_K_NONE: apc__sb_puts(b, "None"); return;
  case APC_K_STR: apc__str_repr_into(b, PTR(const apc_str, v)); return;
  case APC_K_LIST: {
    const apc_list *l = PTR(const apc_list, v);
    if (repr_enter(l)) {
      apc__sb_puts(b, "[...]");
      return;
    }
    apc__sb_putc(b, '[');
    for (int64_t i = 0; i < l->len; i++) {
      if (i) apc__sb_put(b, ", ", 2);
      apc__repr_into(b, apc_list_get(l, i), t->args[0]);
    }
    apc__sb_putc(b, ']');
    repr_leave();
    return;
  }
  case APC_K_TUPLE: {
    const apc_tuple *tu = PTR(const apc_tuple, v);
    if (repr_enter(tu)) {
      apc__sb_puts(b, "(...)");
      return;
    }
    apc__sb_putc(b, '(');
    for (int32_t i = 0; i < t->n; i++) {
      if (i) apc__sb_put(b, ", ", 2);
      apc__repr_into(b, tu->items[i], t->args[i]);
    }
    if (t->n == 1) apc__sb_putc(b, ',');
    apc__sb_putc(b, ')');
    repr_leave();
    return;
  }
  case APC_K_VTUPLE: { /* immutable and built from existing values: cannot contain itself */
    const apc_list *l = PTR(const apc_list, v);
    apc__sb_putc(b, '(');
    for (int64_t i = 0; i < l->len; i++) {
      if (i) apc__sb_put(b, ", ", 2);
      apc__repr_into(b, apc_list_get(l, i), t->args[0]);
    }
    if (l->len == 1) apc__sb_putc(b, ',');
    apc__sb_putc(b, ')');
    return;
  }
  case APC_K_DICT: {
    const apc_dict *d = PTR(const apc_dict, v);
    if (repr_enter(d)) {
      apc__sb_puts(b, "{...}");
      return;
    }
    apc__sb_putc(b, '{');
    int64_t pos = 0, size = apc_dict_len(d);
    apc_slot key, val;
    for (int first = 1; apc_dict_next(d, &pos, size, &key, &val, NULL); first = 0) {
      if (!first) apc__sb_put(b, ", ", 2);
      apc__repr_into(b, key, t->args[0]);
      apc__sb_put(b, ": ", 2);
      apc__repr_into(b, val, t->args[1]);
    }
    apc__sb_putc(b, '}');
    repr_leave();
    return;
  }
  case APC_K_SET: {
    const apc_set *s = PTR(const apc_set, v);
    int64_t pos = 0, size = apc_set_len(s);
    if (size == 0) {
      apc__sb_puts(b, "set()");
      return;
    }
    apc__sb_putc(b, '{');
    apc_slot e;
    for (int first = 1; apc_set_next(s, &pos, size, &e, NULL); first = 0) {
      if (!first) apc__sb_put(b, ", ", 2);
      apc__repr_into(b, e, t->args[0]);
    }
    apc__sb_putc(b, '}');
    return;
  }
  case APC_K_DICT_KEYS:
  case APC_K_DICT_VALUES:
  case APC_K_DICT_ITEMS: apc__dictview_repr_into(b, v, t); return;
  default: apc__sb_puts(b, "<object>"); return;
  }
}

apc_str *apc_value_repr(apc_slot v, const apc_type *t) {
  apc__sb b;
  apc__sb_init(&b, 32);
  apc__repr_into(&b, v, t);
  return apc__sb_finish(&b);
}

apc_str *apc_value_str(apc_slot v, const apc_type *t) {
  if (t->kind == APC_K_STR) {
    const apc_str *s = PTR(const apc_str, v);
    return apc_str_new(s->data, s->len);
  }
  return apc_value_repr(v, t);
}

void apc_print_value(apc_slot v, const apc_type *t) {
  switch (t->kind) {
  case APC_K_INT: apc_print_int(v); return;
  case APC_K_FLOAT: apc_print_float(apc__slot_f(v)); return;
  case APC_K_BOOL: apc_print_bool(v != 0); return;
  case APC_K_NONE: apc_print_none(); return;
  case APC_K_STR: apc_print_str(PTR(const apc_str, v)); return;
  default: {
    char buf[4096];
    apc__sb b;
    apc__sb_init_out(&b, buf, sizeof buf);
    apc__repr_into(&b, v, t);
    apc__sb_flush(&b);
  }
  }
}
