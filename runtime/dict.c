/* dict.c: the dict object, insertion ordered like CPython 3.6+.
 *
 * Owns: the compact layout (a power-of-two index table probed with
 * CPython's perturbation scheme, pointing into a dense array of entries kept
 * in insertion order), lookup/insert/delete, growth (CPython's GROWTH_RATE
 * used*3 and USABLE_FRACTION 2/3, compacting deleted entries away), dict
 * methods, equality and iteration with CPython's "dictionary changed size
 * during iteration" check.
 * Does not own: hashing and key equality (value.c) or repr (value.c).
 *
 * A deleted entry keeps its place in the entries array with hash -1 (no
 * real hash is -1, as in CPython) and its index slot becomes DUMMY.
 */
#include <stdio.h>
#include <string.h>

#include "containers_internal.h"

#define EMPTY (-1)
#define DUMMY (-2)
#define MIN_SIZE 8
#define PERTURB_SHIFT 5

typedef struct {
  apc_slot key, value;
  int64_t hash; /* -1: deleted */
} dentry;

struct apc_dict {
  const apc_type *type;
  int64_t used;     /* live items */
  int64_t nentries; /* entries consumed, deleted ones included */
  int64_t usable;   /* capacity of entries */
  int64_t left;     /* insertions before the next resize (CPython's
                     * dk_usable: popitem does not give one back, as the
                     * index slot it frees stays DUMMY) */
  int64_t mask;     /* index table size - 1 */
  int32_t *index;   /* NULL until the first insertion */
  dentry *entries;
};

static int key_eq(apc_slot a, apc_slot b, const apc_type *kt) {
  if (a == b && kt->kind != APC_K_FLOAT) return 1;
  switch (kt->kind) {
  case APC_K_INT:
  case APC_K_BOOL: return 0;
  default: return apc_value_eq(a, b, kt);
  }
}

static int64_t key_hash(const apc_dict *d, apc_slot key, const apc_site *site) {
  const apc_type *kt = d->type->args[0];
  if (kt->kind == APC_K_INT && key >= 0 && key < ((int64_t)1 << 61) - 1) return key;
  return apc_value_hash(key, kt, site);
}

/* Entry number of key, or -1; *slot receives its index table position. */
static int64_t lookup(const apc_dict *d, apc_slot key, int64_t hash, size_t *slot) {
  if (!d->index) return -1;
  const apc_type *kt = d->type->args[0];
  size_t mask = (size_t)d->mask, i = (size_t)hash & mask, perturb = (size_t)hash;
  for (;;) {
    int32_t ix = d->index[i];
    if (ix == EMPTY) return -1;
    if (ix >= 0) {
      const dentry *e = &d->entries[ix];
      if (e->hash == hash && key_eq(e->key, key, kt)) {
        *slot = i;
        return ix;
      }
    }
    perturb >>= PERTURB_SHIFT;
    i = (i * 5 + perturb + 1) & mask;
  }
}

/* First empty or dummy index slot for hash. */
static size_t free_slot(const apc_dict *d, int64_t hash) {
  size_t mask = (size_t)d->mask, i = (size_t)hash & mask, perturb = (size_t)hash;
  while (d->index[i] >= 0) {
    perturb >>= PERTURB_SHIFT;
    i = (i * 5 + perturb + 1) & mask;
  }
  return i;
}

static void *alloc_entries(const apc_dict *d, int64_t n) {
  size_t bytes = (size_t)n * sizeof(dentry);
  int atomic = apc__kind_is_scalar(d->type->args[0]) && apc__kind_is_scalar(d->type->args[1]);
  void *p = atomic ? apc_gc_alloc_atomic(bytes) : apc_gc_alloc(bytes);
  if (!p) apc_raise("MemoryError", "", NULL);
  return p;
}

/* Rebuild with an index table of the smallest power of two >= minsize. */
static void resize(apc_dict *d, int64_t minsize) {
  int64_t size = MIN_SIZE;
  while (size < minsize) size <<= 1;
  if (size > ((int64_t)1 << 31)) apc_raise("MemoryError", "", NULL);
  int32_t *index = apc_gc_alloc_atomic((size_t)size * sizeof(int32_t));
  if (!index) apc_raise("MemoryError", "", NULL);
  memset(index, 0xff, (size_t)size * sizeof(int32_t)); /* all EMPTY */
  int64_t usable = (size << 1) / 3;
  dentry *entries = alloc_entries(d, usable);
  int64_t k = 0;
  for (int64_t i = 0; i < d->nentries; i++)
    if (d->entries[i].hash != -1) entries[k++] = d->entries[i];
  d->index = index;
  d->entries = entries;
  d->mask = size - 1;
  d->usable = usable;
  d->left = usable - k;
  d->nentries = k;
  for (int64_t i = 0; i < k; i++) index[free_slot(d, entries[i].hash)] = (int32_t)i;
}

apc_dict *apc_dict_new(const apc_type *type) {
  apc_dict *d = apc_gc_alloc(sizeof *d);
  if (!d) apc_raise("MemoryError", "", NULL);
  d->type = type;
  return d;
}

int64_t apc_dict_len(const apc_dict *d) { return d->used; }

static void insert_new(apc_dict *d, apc_slot key, apc_slot value, int64_t hash) {
  if (d->left <= 0) resize(d, d->used * 3);
  d->left--;
  size_t i = free_slot(d, hash);
  d->index[i] = (int32_t)d->nentries;
  dentry *e = &d->entries[d->nentries++];
  e->key = key;
  e->value = value;
  e->hash = hash;
  d->used++;
}

static _Noreturn void key_error(const apc_dict *d, apc_slot key, const apc_site *site) {
  apc_raise_str("KeyError", apc_value_repr(key, d->type->args[0]), site);
}

bool apc_dict_lookup(const apc_dict *d, apc_slot key, apc_slot *value, const apc_site *site) {
  size_t slot;
  int64_t ix = lookup(d, key, key_hash(d, key, site), &slot);
  if (ix < 0) return false;
  *value = d->entries[ix].value;
  return true;
}

apc_slot apc_dict_getitem(const apc_dict *d, apc_slot key, const apc_site *site) {
  apc_slot v;
  if (!apc_dict_lookup(d, key, &v, site)) key_error(d, key, site);
  return v;
}

bool apc_dict_contains(const apc_dict *d, apc_slot key, const apc_site *site) {
  size_t slot;
  return lookup(d, key, key_hash(d, key, site), &slot) >= 0;
}

void apc_dict_setitem(apc_dict *d, apc_slot key, apc_slot value, const apc_site *site) {
  int64_t hash = key_hash(d, key, site);
  size_t slot;
  int64_t ix = lookup(d, key, hash, &slot);
  if (ix >= 0)
    d->entries[ix].value = value;
  else
    insert_new(d, key, value, hash);
}

/* Removes the entry; returns its value, or false when key is missing. */
static bool take(apc_dict *d, apc_slot key, apc_slot *value, const apc_site *site) {
  size_t slot;
  int64_t ix = lookup(d, key, key_hash(d, key, site), &slot);
  if (ix < 0) return false;
  dentry *e = &d->entries[ix];
  *value = e->value;
  d->index[slot] = DUMMY;
  e->hash = -1;
  e->key = e->value = 0; /* let the collector have them */
  d->used--;
  return true;
}

void apc_dict_delitem(apc_dict *d, apc_slot key, const apc_site *site) {
  apc_slot v;
  if (!take(d, key, &v, site)) key_error(d, key, site);
}

apc_slot apc_dict_pop(apc_dict *d, apc_slot key, const apc_site *site) {
  apc_slot v;
  if (!take(d, key, &v, site)) key_error(d, key, site);
  return v;
}

apc_slot apc_dict_pop_default(apc_dict *d, apc_slot key, apc_slot dflt, const apc_site *site) {
  apc_slot v;
  return take(d, key, &v, site) ? v : dflt;
}

apc_slot apc_dict_setdefault(apc_dict *d, apc_slot key, apc_slot dflt, const apc_site *site) {
  int64_t hash = key_hash(d, key, site);
  size_t slot;
  int64_t ix = lookup(d, key, hash, &slot);
  if (ix >= 0) return d->entries[ix].value;
  insert_new(d, key, dflt, hash);
  return dflt;
}

void apc_dict_update(apc_dict *d, const apc_dict *other, const apc_site *site) {
  if (d == other) return;
  for (int64_t i = 0; i < other->nentries; i++) {
    const dentry *e = &other->entries[i];
    if (e->hash == -1) continue;
    size_t slot;
    int64_t ix = lookup(d, e->key, e->hash, &slot);
    if (ix >= 0)
      d->entries[ix].value = e->value;
    else
      insert_new(d, e->key, e->value, e->hash);
  }
  (void)site;
}

apc_dict *apc_dict_copy(const apc_dict *d) {
  apc_dict *r = apc_dict_new(d->type);
  apc_dict_update(r, d, NULL);
  return r;
}

void apc_dict_clear(apc_dict *d) {
  d->used = d->nentries = d->usable = d->left = d->mask = 0;
  d->index = NULL;
  d->entries = NULL;
}

bool apc_dict_eq(const apc_dict *a, const apc_dict *b) {
  if (a == b) return true;
  if (a->used != b->used) return false;
  const apc_type *vt = a->type->args[1];
  for (int64_t i = 0; i < a->nentries; i++) {
    const dentry *e = &a->entries[i];
    if (e->hash == -1) continue;
    size_t slot;
    int64_t ix = lookup(b, e->key, e->hash, &slot);
    if (ix < 0) return false;
    apc_slot bv = b->entries[ix].value;
    if (!(bv == e->value && vt->kind != APC_K_FLOAT) && !apc_value_eq(e->value, bv, vt)) return false;
  }
  return true;
}

bool apc_dict_next(const apc_dict *d, int64_t *pos, int64_t size_at_start, apc_slot *key, apc_slot *value,
                   const apc_site *site) {
  if (d->used != size_at_start) apc_raise("RuntimeError", "dictionary changed size during iteration", site);
  int64_t i = *pos;
  while (i < d->nentries && d->entries[i].hash == -1) i++;
  if (i >= d->nentries) {
    *pos = i;
    return false;
  }
  if (key) *key = d->entries[i].key;
  if (value) *value = d->entries[i].value;
  *pos = i + 1;
  return true;
}

int64_t apc_dict_next_index(const apc_dict *d, int64_t pos, int64_t size_at_start, const apc_site *site) {
  if (d->used != size_at_start) apc_raise("RuntimeError", "dictionary changed size during iteration", site);
  while (pos < d->nentries && d->entries[pos].hash == -1) pos++;
  return pos < d->nentries ? pos : -1;
}

apc_slot apc_dict_key_at(const apc_dict *d, int64_t index) { return d->entries[index].key; }
apc_slot apc_dict_value_at(const apc_dict *d, int64_t index) { return d->entries[index].value; }

apc_slot apc_dict_get_default(const apc_dict *d, apc_slot key, apc_slot dflt, const apc_site *site) {
  apc_slot v;
  return apc_dict_lookup(d, key, &v, site) ? v : dflt;
}

apc_tuple *apc_dict_popitem(apc_dict *d, const apc_type *item_type, const apc_site *site) {
  if (d->used == 0) apc_raise("KeyError", "'popitem(): dictionary is empty'", site);
  int64_t i = d->nentries - 1;
  while (d->entries[i].hash == -1) i--;
  apc_tuple *t = apc_tuple_new(item_type);
  t->items[0] = d->entries[i].key;
  t->items[1] = d->entries[i].value;
  apc_slot v;
  take(d, d->entries[i].key, &v, site);
  d->nentries = i; /* CPython reuses the tail entry */
  return t;
}

/* list(d), list(d.values()), list(d.items()): which = 0, 1, 2. */
static apc_list *listing(const apc_dict *d, const apc_type *list_type, int which) {
  apc_list *l = apc_list_with_capacity(list_type, d->used);
  for (int64_t i = 0; i < d->nentries; i++) {
    const dentry *e = &d->entries[i];
    if (e->hash == -1) continue;
    if (which == 2) {
      apc_tuple *t = apc_tuple_new(list_type->args[0]);
      t->items[0] = e->key;
      t->items[1] = e->value;
      apc_list_append(l, (apc_slot)(intptr_t)t);
    } else {
      apc_list_append(l, which ? e->value : e->key);
    }
  }
  return l;
}

apc_list *apc_dict_keys(const apc_dict *d, const apc_type *list_type) { return listing(d, list_type, 0); }
apc_list *apc_dict_values(const apc_dict *d, const apc_type *list_type) { return listing(d, list_type, 1); }
apc_list *apc_dict_items(const apc_dict *d, const apc_type *list_type) { return listing(d, list_type, 2); }
