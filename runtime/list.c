/* list.c: the list object and slice arithmetic shared by str/list/tuple.
 *
 * Owns: list allocation and growth (items atomic when the element type
 * holds no pointers), append/extend/insert/pop/remove/index/count/in, +, *,
 * copy, reverse, slicing (read, assign, delete) with CPython's index
 * adjustment and errors, and the stable sort (merge sort; reverse=True sorts
 * the reversed list and reverses back, as CPython does, so equal elements
 * keep their order). Also the operations of tuple[T, ...] (APC_K_VTUPLE),
 * whose objects are lists that are never mutated: these functions keep the
 * descriptor of their argument, so slicing or concatenating one gives one.
 * Does not own: element comparison/repr (value.c); indexing a list by an
 * int, which the compiler emits inline on the apc_list layout.
 *
 * Not matched: CPython's timsort and this merge sort agree on every input
 * whose elements are totally ordered; with nan among floats the two orders
 * can differ.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "containers_internal.h"

/* ---- slices ------------------------------------------------------------------ */

int64_t apc__slice_indices(int64_t len, int64_t *start, int64_t *stop, int64_t *step,
                           bool has_start, bool has_stop, const apc_site *site) {
  int64_t st = *step;
  if (st == 0) apc_raise("ValueError", "slice step cannot be zero", site);
  if (st < -INT64_MAX) st = -INT64_MAX; /* so that -step cannot overflow */
  *step = st;
  if (!has_start) *start = st < 0 ? INT64_MAX : 0;
  if (!has_stop) *stop = st < 0 ? INT64_MIN : INT64_MAX;
  if (*start < 0) {
    *start += len;
    if (*start < 0) *start = st < 0 ? -1 : 0;
  } else if (*start >= len) {
    *start = st < 0 ? len - 1 : len;
  }
  if (*stop < 0) {
    *stop += len;
    if (*stop < 0) *stop = st < 0 ? -1 : 0;
  } else if (*stop >= len) {
    *stop = st < 0 ? len - 1 : len;
  }
  if (st < 0) {
    if (*stop < *start) return (*start - *stop - 1) / (-st) + 1;
  } else if (*start < *stop) {
    return (*stop - *start - 1) / st + 1;
  }
  return 0;
}

/* ---- storage ------------------------------------------------------------------- */
/* Elements are 8-byte slots, or single bytes for list[bool] (apc_list_packed):
 * everything below moves bytes through AT/ES and reads through apc_list_get. */

#define ES(l) ((size_t)apc_list_elem_size(l))
#define AT(l, i) ((char *)(l)->items + (size_t)(i) * ES(l))

static void *alloc_items(const apc_type *list_type, int64_t cap) {
  if (cap <= 0) return NULL;
  size_t es = list_type->args[0]->kind == APC_K_BOOL ? 1 : sizeof(apc_slot);
  if ((uint64_t)cap > SIZE_MAX / 2 / es) apc_raise("MemoryError", "", NULL);
  size_t bytes = (size_t)cap * es;
  void *p = apc__kind_is_scalar(list_type->args[0]) ? apc_gc_alloc_atomic(bytes) : apc_gc_alloc(bytes);
  if (!p) apc_raise("MemoryError", "", NULL);
  return p;
}

static void reserve(apc_list *l, int64_t need) {
  if (need <= l->cap) return;
  int64_t cap = l->cap < 4 ? 4 : l->cap * 2;
  if (cap < need) cap = need;
  if (!l->items) {
    l->items = alloc_items(l->type, cap);
  } else {
    l->items = apc_gc_realloc(l->items, (size_t)cap * ES(l));
    if (!l->items) apc_raise("MemoryError", "", NULL);
  }
  l->cap = cap;
}

apc_list *apc_list_with_capacity(const apc_type *type, int64_t cap) {
  apc_list *l = apc_gc_alloc(sizeof *l);
  if (!l) apc_raise("MemoryError", "", NULL);
  l->type = type;
  l->len = 0;
  l->cap = cap > 0 ? cap : 0;
  l->items = alloc_items(type, l->cap);
  return l;
}

apc_list *apc_list_new(const apc_type *type, int64_t len) {
  apc_list *l = apc_list_with_capacity(type, len);
  l->len = len > 0 ? len : 0;
  return l;
}

void apc_list_append(apc_list *l, apc_slot v) {
  if (l->len == l->cap) reserve(l, l->len + 1);
  apc_list_set(l, l->len++, v);
}

void apc_list_extend(apc_list *l, const apc_list *other) {
  int64_t n = other->len; /* read first: other may be l */
  if (n == 0) return;
  reserve(l, l->len + n);
  memmove(AT(l, l->len), other->items, (size_t)n * ES(l));
  l->len += n;
}

void apc_list_insert(apc_list *l, int64_t i, apc_slot v) {
  int64_t n = l->len;
  if (i < 0) {
    i += n;
    if (i < 0) i = 0;
  }
  if (i > n) i = n;
  reserve(l, n + 1);
  memmove(AT(l, i + 1), AT(l, i), (size_t)(n - i) * ES(l));
  apc_list_set(l, i, v);
  l->len = n + 1;
}

/* Remove element i (in range), clearing the freed slot so the collector
 * does not keep what it pointed to alive. */
static void remove_at(apc_list *l, int64_t i) {
  int64_t n = l->len;
  memmove(AT(l, i), AT(l, i + 1), (size_t)(n - i - 1) * ES(l));
  apc_list_set(l, --l->len, 0);
}

apc_slot apc_list_pop(apc_list *l, int64_t i, const apc_site *site) {
  int64_t n = l->len;
  if (n == 0) apc_raise("IndexError", "pop from empty list", site);
  if (i < 0) i += n;
  if (i < 0 || i >= n) apc_raise("IndexError", "pop index out of range", site);
  apc_slot v = apc_list_get(l, i);
  remove_at(l, i);
  return v;
}

void apc_list_del_item(apc_list *l, int64_t i, const apc_site *site) {
  int64_t n = l->len;
  if (i < 0) i += n;
  if (i < 0 || i >= n) apc_raise("IndexError", "list assignment index out of range", site);
  remove_at(l, i);
}

/* ---- searching ------------------------------------------------------------------- */

static int64_t find(const apc_list *l, apc_slot v) {
  const apc_type *et = l->type->args[0];
  if (et->kind == APC_K_BOOL) {
    const uint8_t *p = l->items;
    const void *hit = l->len ? memchr(p, (int)(v != 0), (size_t)l->len) : NULL;
    return hit ? (const uint8_t *)hit - p : -1;
  }
  const apc_slot *items = l->items;
  if (et->kind == APC_K_INT) {
    for (int64_t i = 0; i < l->len; i++)
      if (items[i] == v) return i;
    return -1;
  }
  for (int64_t i = 0; i < l->len; i++)
    if (apc_value_eq(items[i], v, et)) return i;
  return -1;
}

bool apc_list_contains(const apc_list *l, apc_slot v) { return find(l, v) >= 0; }

int64_t apc_list_count(const apc_list *l, apc_slot v) {
  const apc_type *et = l->type->args[0];
  int64_t c = 0;
  for (int64_t i = 0; i < l->len; i++) c += apc_value_eq(apc_list_get(l, i), v, et);
  return c;
}

void apc_list_remove(apc_list *l, apc_slot v, const apc_site *site) {
  int64_t i = find(l, v);
  if (i < 0) apc_raise("ValueError", "list.remove(x): x not in list", site);
  apc_list_del_item(l, i, site);
}

int64_t apc_list_index(const apc_list *l, apc_slot v, const apc_site *site) {
  int64_t i = find(l, v);
  if (i < 0) {
    apc_str *r = apc_value_repr(v, l->type->args[0]);
    apc__sb b;
    apc__sb_init(&b, (size_t)r->len + 16);
    apc__sb_put(&b, r->data, (size_t)r->len);
    apc__sb_puts(&b, " is not in list");
    apc_raise_str("ValueError", apc__sb_finish(&b), site);
  }
  return i;
}

/* ---- whole-list operations ---------------------------------------------------------- */

apc_list *apc_list_concat(const apc_list *a, const apc_list *b) {
  apc_list *r = apc_list_new(a->type, a->len + b->len);
  if (a->len) memcpy(r->items, a->items, (size_t)a->len * ES(a));
  if (b->len) memcpy(AT(r, a->len), b->items, (size_t)b->len * ES(b));
  return r;
}

apc_list *apc_list_repeat(const apc_list *l, int64_t n) {
  if (n <= 0 || l->len == 0) return apc_list_new(l->type, 0);
  if (l->len > INT64_MAX / 8 / n) apc_raise("MemoryError", "", NULL);
  apc_list *r = apc_list_new(l->type, l->len * n);
  size_t chunk = (size_t)l->len * ES(l);
  if (chunk == 1) {
    memset(r->items, *(const uint8_t *)l->items, (size_t)n);
  } else {
    for (int64_t k = 0; k < n; k++) memcpy((char *)r->items + (size_t)k * chunk, l->items, chunk);
  }
  return r;
}

/* A list literal of constant numbers: its slots are read-only data. */
apc_list *apc_list_from_slots(const apc_type *type, const apc_slot *data, int64_t n) {
  apc_list *r = apc_list_new(type, n);
  if (n) memcpy(r->items, data, (size_t)n * sizeof(apc_slot));
  return r;
}

apc_list *apc_list_copy(const apc_list *l) {
  apc_list *r = apc_list_new(l->type, l->len);
  if (l->len) memcpy(r->items, l->items, (size_t)l->len * ES(l));
  return r;
}

apc_list *apc_list_copy_as(const apc_list *l, const apc_type *type) {
  apc_list *r = apc_list_new(type, l->len);
  if (l->len) memcpy(r->items, l->items, (size_t)l->len * ES(l));
  return r;
}

int64_t apc_vtuple_index(const apc_list *t, apc_slot v, const apc_site *site) {
  int64_t i = find(t, v);
  if (i < 0) apc_raise("ValueError", "tuple.index(x): x not in tuple", site);
  return i;
}

static void reverse_range(apc_list *l, int64_t lo, int64_t hi) {
  for (int64_t i = lo, j = hi - 1; i < j; i++, j--) {
    apc_slot t = apc_list_get(l, i);
    apc_list_set(l, i, apc_list_get(l, j));
    apc_list_set(l, j, t);
  }
}

void apc_list_reverse(apc_list *l) { reverse_range(l, 0, l->len); }

void apc_list_clear(apc_list *l) {
  if (l->len) memset(l->items, 0, (size_t)l->len * ES(l));
  l->len = 0;
}

/* ---- slicing -------------------------------------------------------------------------- */

apc_list *apc_list_slice(const apc_list *l, int64_t start, int64_t stop, int64_t step, bool has_start,
                         bool has_stop, const apc_site *site) {
  int64_t n = apc__slice_indices(l->len, &start, &stop, &step, has_start, has_stop, site);
  apc_list *r = apc_list_new(l->type, n);
  if (step == 1) {
    if (n > 0) memcpy(r->items, AT(l, start), (size_t)n * ES(l));
  } else {
    for (int64_t k = 0, i = start; k < n; k++, i += step) apc_list_set(r, k, apc_list_get(l, i));
  }
  return r;
}

/* Replace l[lo:hi] by the m elements at src, laid out as l's (CPython's
 * list_ass_slice). */
static void replace_range(apc_list *l, int64_t lo, int64_t hi, const void *src, int64_t m) {
  int64_t n = l->len;
  if (lo < 0) lo = 0;
  if (lo > n) lo = n;
  if (hi < lo) hi = lo;
  if (hi > n) hi = n;
  int64_t d = m - (hi - lo);
  reserve(l, n + d);
  memmove(AT(l, hi + d), AT(l, hi), (size_t)(n - hi) * ES(l));
  if (m) memcpy(AT(l, lo), src, (size_t)m * ES(l));
  if (d < 0) memset(AT(l, n + d), 0, (size_t)(-d) * ES(l));
  l->len = n + d;
}

void apc_list_set_slice(apc_list *l, int64_t start, int64_t stop, int64_t step, bool has_start, bool has_stop,
                        const apc_list *src, const apc_site *site) {
  if (src == l) src = apc_list_copy(src);
  int64_t n = apc__slice_indices(l->len, &start, &stop, &step, has_start, has_stop, site);
  if (step == 1) {
    replace_range(l, start, stop, src->items, src->len);
    return;
  }
  if (src->len != n) {
    char msg[128];
    snprintf(msg, sizeof msg, "attempt to assign sequence of size %lld to extended slice of size %lld",
             (long long)src->len, (long long)n);
    apc_raise("ValueError", msg, site);
  }
  for (int64_t k = 0, i = start; k < n; k++, i += step) apc_list_set(l, i, apc_list_get(src, k));
}

void apc_list_del_slice(apc_list *l, int64_t start, int64_t stop, int64_t step, bool has_start, bool has_stop,
                        const apc_site *site) {
  int64_t n = apc__slice_indices(l->len, &start, &stop, &step, has_start, has_stop, site);
  if (step == 1) {
    replace_range(l, start, stop, NULL, 0);
    return;
  }
  if (n <= 0) return;
  if (step < 0) { /* walk the same positions upwards */
    start = start + step * (n - 1);
    step = -step;
  }
  int64_t w = start, next = start; /* next index to delete */
  int64_t deleted = 0;
  for (int64_t i = start; i < l->len; i++) {
    if (i == next && deleted < n) {
      deleted++;
      next += step;
      continue;
    }
    apc_list_set(l, w++, apc_list_get(l, i));
  }
  memset(AT(l, w), 0, (size_t)(l->len - w) * ES(l));
  l->len = w;
}

/* ---- sorting ---------------------------------------------------------------------------- */

typedef struct {
  apc_slot key, item;
} sort_pair;

typedef struct {
  const apc_type *t;
  const apc_site *site;
} sort_ctx;

static inline bool pair_lt(const sort_pair *a, const sort_pair *b, const sort_ctx *c) {
  switch (c->t->kind) {
  case APC_K_INT:
  case APC_K_BOOL: return a->key < b->key;
  case APC_K_FLOAT: return apc__slot_f(a->key) < apc__slot_f(b->key);
  default: return apc_value_lt(a->key, b->key, c->t, c->site);
  }
}

/* Stable: an element moves before an earlier one only when strictly less. */
static void insertion_sort(sort_pair *p, int64_t n, const sort_ctx *c) {
  for (int64_t i = 1; i < n; i++) {
    sort_pair x = p[i];
    int64_t j = i;
    while (j > 0 && pair_lt(&x, &p[j - 1], c)) {
      p[j] = p[j - 1];
      j--;
    }
    p[j] = x;
  }
}

static void merge_sort(sort_pair *p, sort_pair *tmp, int64_t n, const sort_ctx *c) {
  if (n <= 16) {
    insertion_sort(p, n, c);
    return;
  }
  int64_t h = n / 2;
  merge_sort(p, tmp, h, c);
  merge_sort(p + h, tmp, n - h, c);
  if (!pair_lt(&p[h], &p[h - 1], c)) return; /* already in order */
  memcpy(tmp, p, (size_t)h * sizeof *p);
  int64_t i = 0, j = h, k = 0;
  while (i < h && j < n) p[k++] = pair_lt(&p[j], &tmp[i], c) ? p[j++] : tmp[i++];
  while (i < h) p[k++] = tmp[i++];
}

void apc__sort_slots(apc_slot *items, apc_slot *keys, int64_t n, const apc_type *t, const apc_site *site) {
  if (n < 2) return;
  sort_pair *p = malloc((size_t)n * sizeof *p), *tmp = malloc((size_t)(n / 2 + 1) * sizeof *p);
  if (!p || !tmp) apc_raise("MemoryError", "", site);
  for (int64_t i = 0; i < n; i++) {
    p[i].key = keys ? keys[i] : items[i];
    p[i].item = items[i];
  }
  sort_ctx c = {t, site};
  merge_sort(p, tmp, n, &c);
  for (int64_t i = 0; i < n; i++) {
    items[i] = p[i].item;
    if (keys) keys[i] = p[i].key;
  }
  free(p);
  free(tmp);
}

/* The elements of l as 8-byte slots: l's own storage, or (packed lists) a
 * malloc'd copy that unpack_done writes back and frees. */
static apc_slot *unpack(const apc_list *l) {
  if (!apc_list_packed(l)) return l->items;
  apc_slot *p = malloc((size_t)(l->len ? l->len : 1) * sizeof *p);
  if (!p) apc_raise("MemoryError", "", NULL);
  for (int64_t i = 0; i < l->len; i++) p[i] = apc_list_get(l, i);
  return p;
}

static void unpack_done(apc_list *l, apc_slot *p) {
  if (p == l->items) return;
  for (int64_t i = 0; i < l->len; i++) apc_list_set(l, i, p[i]);
  free(p);
}

void apc_list_sort(apc_list *l, bool reverse, const apc_site *site) {
  if (reverse) apc_list_reverse(l);
  apc_slot *items = unpack(l);
  apc__sort_slots(items, NULL, l->len, l->type->args[0], site);
  unpack_done(l, items);
  if (reverse) apc_list_reverse(l);
}

void apc_list_sort_by_keys(apc_list *l, apc_list *keys, bool reverse, const apc_site *site) {
  if (reverse) {
    apc_list_reverse(l);
    apc_list_reverse(keys);
  }
  apc_slot *items = unpack(l), *ks = unpack(keys);
  apc__sort_slots(items, ks, l->len, keys->type->args[0], site);
  unpack_done(l, items);
  unpack_done(keys, ks);
  if (reverse) {
    apc_list_reverse(l);
    apc_list_reverse(keys);
  }
}
