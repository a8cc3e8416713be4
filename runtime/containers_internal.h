/* containers_internal.h: private glue between the container runtime files
 * (str.c, str_methods.c, str_unicode.c, format.c, list.c, tuple.c, dict.c,
 * set.c, value.c).
 *
 * Owns: the garbage collector prototypes these files allocate with, the
 * string builder (heap strings or streamed to stdout), slice index
 * arithmetic, and the internal helpers one container file needs from
 * another (repr into a builder, code point counting, Unicode tables).
 * Nothing here is ABI: the compiler sees apc_containers.h only. Internal
 * symbols use the `apc__` prefix like rt_internal.h.
 */
#ifndef APC_CONTAINERS_INTERNAL_H
#define APC_CONTAINERS_INTERNAL_H

#include <stddef.h>
#include <string.h>

#include "apc_containers.h"
#include "rt_internal.h"

/* ---- memory (gc.c) ------------------------------------------------------ */
#if defined(__has_include)
#if __has_include("gc.h")
#include "gc.h"
#define APC__HAVE_GC_H 1
#endif
#endif
#ifndef APC__HAVE_GC_H
void *apc_gc_alloc(size_t size);        /* zeroed, scanned for pointers */
void *apc_gc_alloc_atomic(size_t size); /* zeroed, never scanned */
void *apc_gc_realloc(void *p, size_t new_size);
#endif

/* Whether values of this type live in a slot without any pointer (so arrays
 * of them can be allocated atomic). */
static inline int apc__kind_is_scalar(const apc_type *t) {
  return t->kind == APC_K_INT || t->kind == APC_K_FLOAT || t->kind == APC_K_BOOL ||
         t->kind == APC_K_NONE;
}

/* Python's name of a type ("int", "NoneType", "list"...). */
const char *apc__type_name(const apc_type *t);

/* ---- strings (str.c) ---------------------------------------------------- */
/* Fresh GC string of len bytes (contents zero), rc = 1, trailing NUL.
 * Every GC string should come from here (or from the builder): str.c
 * caches facts about long strings, and the last hash of any string, by
 * address, and this is where a recycled address is evicted. */
apc_str *apc__str_alloc(size_t len);
/* The immortal empty string. */
apc_str *apc__str_empty(void);
/* Whether the n bytes at p are all ASCII. */
int apc__is_ascii(const char *p, size_t n);
/* Number of code points in n bytes of UTF-8. */
int64_t apc__cp_count(const char *p, size_t n);
/* Byte offset of code point index i (0 <= i <= count) in n bytes. */
size_t apc__cp_offset(const char *p, size_t n, int64_t i);
/* Python's isspace for a code point (ASCII part included). */
int apc__cp_isspace(uint32_t cp);
/* UTF-8 encoding of cp into out (<= 4 bytes); returns the length. */
size_t apc__utf8_put(uint32_t cp, char *out);

/* A growing byte buffer. Heap mode builds an apc_str in GC memory; out mode
 * streams through a caller buffer to the stdout buffer (print of big
 * containers needs no intermediate string). */
typedef struct apc__sb {
  char *p;
  size_t len, cap;
  apc_str *s; /* heap mode: the string whose data p is */
  int to_out; /* out mode */
} apc__sb;

void apc__sb_init(apc__sb *b, size_t cap_hint);
void apc__sb_init_out(apc__sb *b, char *buf, size_t cap);
void apc__sb_put_slow(apc__sb *b, const char *d, size_t n);
apc_str *apc__sb_finish(apc__sb *b); /* heap mode */
void apc__sb_flush(apc__sb *b);      /* out mode */

static inline void apc__sb_put(apc__sb *b, const char *d, size_t n) {
  if (b->cap - b->len >= n) {
    memcpy(b->p + b->len, d, n);
    b->len += n;
  } else {
    apc__sb_put_slow(b, d, n);
  }
}
static inline void apc__sb_putc(apc__sb *b, char c) {
  if (b->cap > b->len)
    b->p[b->len++] = c;
  else
    apc__sb_put_slow(b, &c, 1);
}
static inline void apc__sb_puts(apc__sb *b, const char *s) { apc__sb_put(b, s, strlen(s)); }

/* repr(s) (CPython's quote choice and escapes) appended to b. */
void apc__str_repr_into(apc__sb *b, const apc_str *s);

/* ---- generic values (value.c) ------------------------------------------- */
/* repr(v) appended to b; containers nest, self-references print [...]. */
void apc__repr_into(apc__sb *b, apc_slot v, const apc_type *t);
/* CPython's hash of a str (siphash13 with the all-zero key, i.e. what
 * python3 computes under PYTHONHASHSEED=0). */
int64_t apc__str_hash(const apc_str *s);
/* str.c's one-entry memo of apc__str_hash (strings are immutable). */
bool apc__str_hash_recall(const apc_str *s, int64_t *hash);
void apc__str_hash_remember(const apc_str *s, int64_t hash);
/* Reinterpret slot bits. */
static inline double apc__slot_f(apc_slot v) {
  double d;
  memcpy(&d, &v, sizeof d);
  return d;
}
static inline apc_slot apc__f_slot(double d) {
  apc_slot v;
  memcpy(&v, &d, sizeof v);
  return v;
}

/* ---- sequences (list.c) ------------------------------------------------- */
/* CPython's PySlice_Unpack + PySlice_AdjustIndices: normalises *start and
 * *stop for a sequence of length len and returns the slice length.
 * ValueError "slice step cannot be zero". */
int64_t apc__slice_indices(int64_t len, int64_t *start, int64_t *stop, int64_t *step,
                           bool has_start, bool has_stop, const apc_site *site);
/* Stable merge sort of n slots by apc_value_lt on t (keys when given:
 * items are permuted along with keys). */
void apc__sort_slots(apc_slot *items, apc_slot *keys, int64_t n, const apc_type *t,
                     const apc_site *site);

/* ---- sets (set.c) ------------------------------------------------------- */
bool apc__set_issubset(const apc_set *a, const apc_set *b);

/* ---- Unicode tables (str_unicode.c) ------------------------------------- */
int apc__uni_isalpha(uint32_t cp);
int apc__uni_isdigit(uint32_t cp);
/* 2: case-ignorable, 1: cased (and not case-ignorable), 0: neither. */
int apc__uni_sigma_class(uint32_t cp);
/* Full case mapping of one code point into out; returns 1..3. U+03A3 is
 * left to the caller (Final_Sigma). */
int apc__uni_upper(uint32_t cp, uint32_t out[3]);
int apc__uni_lower(uint32_t cp, uint32_t out[3]);
int apc__uni_title(uint32_t cp, uint32_t out[3]);

/* dictview.c: repr and == of dict views (value.c dispatches to them). */
void apc__dictview_repr_into(apc__sb *b, apc_slot v, const apc_type *t);
bool apc__dictview_eq(apc_slot a, apc_slot b, const apc_type *t);

#endif
