/* set.c: the set object, a port of CPython 3.11's Objects/setobject.c.
 *
 * Owns: the open-addressing table exactly as CPython lays it out (probe
 * runs of LINEAR_PROBES consecutive slots, then perturbed jumps; fill/used
 * counts; resize to 4x used (2x past 50000) when fill*5 >= mask*3; dummies
 * left by deletion; the reuse of the last dummy seen on insertion), and the
 * algorithms of the set operations as CPython writes them (which table is
 * walked, copied or probed), so that iteration order — hence print() — of
 * sets of ints, floats, bools, strs (PYTHONHASHSEED=0) and tuples of those
 * is CPython's.
 * Does not own: hashing and equality (value.c), repr (value.c).
 *
 * Slot states: CPython marks unused slots with key NULL and dummies with a
 * dummy key, hash -1. Here keys may legitimately be 0, so both use hash -1
 * (never a real hash) and the key tells them apart: 0 unused, 1 dummy.
 */
#include <stdio.h>
#include <string.h>

#include "containers_internal.h"

#define MIN_SIZE 8
#define LINEAR_PROBES 9
#define PERTURB_SHIFT 5
#define FREE_KEY 0
#define DUMMY_KEY 1

typedef struct {
  apc_slot key;
  int64_t hash;
} sentry;

struct apc_set {
  const apc_type *type;
  int64_t fill;   /* active + dummy */
  int64_t used;   /* active */
  int64_t mask;   /* table size - 1 */
  int64_t finger; /* where pop() looks next */
  sentry *table;
};

#define IS_FREE(e) ((e)->hash == -1 && (e)->key == FREE_KEY)
#define IS_DUMMY(e) ((e)->hash == -1 && (e)->key == DUMMY_KEY)
#define IS_ACTIVE(e) ((e)->hash != -1)

static sentry *new_table(const apc_set *so, int64_t size) {
  size_t bytes = (size_t)size * sizeof(sentry);
  sentry *t = apc__kind_is_scalar(so->type->args[0]) ? apc_gc_alloc_atomic(bytes) : apc_gc_alloc(bytes);
  if (!t) apc_raise("MemoryError", "", NULL);
  for (int64_t i = 0; i < size; i++) t[i].hash = -1;
  return t;
}

static void make_empty(apc_set *so) {
  so->fill = so->used = 0;
  so->mask = MIN_SIZE - 1;
  so->table = new_table(so, MIN_SIZE);
}

apc_set *apc_set_new(const apc_type *type) {
  apc_set *so = apc_gc_alloc(sizeof *so);
  if (!so) apc_raise("MemoryError", "", NULL);
  so->type = type;
  make_empty(so);
  return so;
}

int64_t apc_set_len(const apc_set *s) { return s->used; }

static int keys_equal(const apc_set *so, apc_slot a, apc_slot b) {
  const apc_type *kt = so->type->args[0];
  if (a == b && kt->kind != APC_K_FLOAT) return 1;
  if (kt->kind == APC_K_INT || kt->kind == APC_K_BOOL) return 0;
  return apc_value_eq(a, b, kt);
}

static int64_t hash_of(const apc_set *so, apc_slot key, const apc_site *site) {
  const apc_type *kt = so->type->args[0];
  if (kt->kind == APC_K_INT && key >= 0 && key < ((int64_t)1 << 61) - 1) return key;
  return apc_value_hash(key, kt, site);
}

/* ---- probing ------------------------------------------------------------- */

/* The active entry equal to key, or the unused slot ending its probe chain. */
static sentry *lookkey(const apc_set *so, apc_slot key, int64_t hash) {
  size_t mask = (size_t)so->mask, i = (size_t)hash & mask, perturb = (size_t)hash;
  for (;;) {
    sentry *entry = &so->table[i];
    int probes = (i + LINEAR_PROBES <= mask) ? LINEAR_PROBES : 0;
    do {
      if (IS_FREE(entry)) return entry;
      if (entry->hash == hash && keys_equal(so, entry->key, key)) return entry;
      entry++;
    } while (probes--);
    perturb >>= PERTURB_SHIFT;
    i = (i * 5 + 1 + perturb) & mask;
  }
}

static void insert_clean(sentry *table, size_t mask, apc_slot key, int64_t hash) {
  size_t perturb = (size_t)hash, i = (size_t)hash & mask;
  for (;;) {
    sentry *entry = &table[i];
    if (IS_FREE(entry)) goto found;
    if (i + LINEAR_PROBES <= mask) {
      for (int j = 0; j < LINEAR_PROBES; j++) {
        entry++;
        if (IS_FREE(entry)) goto found;
      }
    }
    perturb >>= PERTURB_SHIFT;
    i = (i * 5 + 1 + perturb) & mask;
    continue;
  found:
    entry->key = key;
    entry->hash = hash;
    return;
  }
}

static void table_resize(apc_set *so, int64_t minused) {
  int64_t newsize = MIN_SIZE;
  while (newsize <= minused) newsize <<= 1;
  sentry *old = so->table;
  int64_t oldmask = so->mask;
  /* CPython keeps its 8-slot table in place when it holds no dummies. */
  if (newsize == MIN_SIZE && oldmask == MIN_SIZE - 1 && so->fill == so->used) return;
  sentry *table = new_table(so, newsize);
  so->mask = newsize - 1;
  so->table = table;
  so->fill = so->used;
  for (int64_t i = 0; i <= oldmask; i++)
    if (IS_ACTIVE(&old[i])) insert_clean(table, (size_t)so->mask, old[i].key, old[i].hash);
}

static void add_entry(apc_set *so, apc_slot key, int64_t hash) {
  size_t mask = (size_t)so->mask, i = (size_t)hash & mask, perturb = (size_t)hash;
  sentry *freeslot = NULL, *entry;
  for (;;) {
    entry = &so->table[i];
    int probes = (i + LINEAR_PROBES <= mask) ? LINEAR_PROBES : 0;
    do {
      if (IS_FREE(entry)) goto found_unused_or_dummy;
      if (entry->hash == hash) {
        if (keys_equal(so, entry->key, key)) return; /* found active */
      } else if (entry->hash == -1) {
        freeslot = entry; /* a dummy: the last one seen is reused */
      }
      entry++;
    } while (probes--);
    perturb >>= PERTURB_SHIFT;
    i = (i * 5 + 1 + perturb) & mask;
  }
found_unused_or_dummy:
  if (freeslot) {
    so->used++;
    freeslot->key = key;
    freeslot->hash = hash;
    return;
  }
  so->fill++;
  so->used++;
  entry->key = key;
  entry->hash = hash;
  if ((size_t)so->fill * 5 < mask * 3) return;
  table_resize(so, so->used > 50000 ? so->used * 2 : so->used * 4);
}

static int discard_entry(apc_set *so, apc_slot key, int64_t hash) {
  sentry *entry = lookkey(so, key, hash);
  if (IS_FREE(entry)) return 0;
  entry->key = DUMMY_KEY;
  entry->hash = -1;
  so->used--;
  return 1;
}

static int contains_entry(const apc_set *so, apc_slot key, int64_t hash) {
  return !IS_FREE(lookkey(so, key, hash));
}

/* set_next: the next active slot at or after *pos. */
static const sentry *next_entry(const apc_set *so, int64_t *pos) {
  int64_t i = *pos;
  while (i <= so->mask && !IS_ACTIVE(&so->table[i])) i++;
  *pos = i + 1;
  return i > so->mask ? NULL : &so->table[i];
}

/* ---- element operations --------------------------------------------------- */

void apc_set_add(apc_set *s, apc_slot v, const apc_site *site) { add_entry(s, v, hash_of(s, v, site)); }

bool apc_set_contains(const apc_set *s, apc_slot v, const apc_site *site) {
  return contains_entry(s, v, hash_of(s, v, site));
}

void apc_set_discard(apc_set *s, apc_slot v, const apc_site *site) { discard_entry(s, v, hash_of(s, v, site)); }

void apc_set_remove(apc_set *s, apc_slot v, const apc_site *site) {
  if (!discard_entry(s, v, hash_of(s, v, site)))
    apc_raise_str("KeyError", apc_value_repr(v, s->type->args[0]), site);
}

apc_slot apc_set_pop(apc_set *so, const apc_site *site) {
  if (so->used == 0) apc_raise("KeyError", "'pop from an empty set'", site);
  sentry *entry = so->table + (so->finger & so->mask), *limit = so->table + so->mask;
  while (!IS_ACTIVE(entry)) {
    entry++;
    if (entry > limit) entry = so->table;
  }
  apc_slot key = entry->key;
  entry->key = DUMMY_KEY;
  entry->hash = -1;
  so->used--;
  so->finger = entry - so->table + 1;
  return key;
}

void apc_set_clear(apc_set *s) { make_empty(s); }

bool apc_set_next(const apc_set *s, int64_t *pos, int64_t size_at_start, apc_slot *value, const apc_site *site) {
  if (s->used != size_at_start) apc_raise("RuntimeError", "Set changed size during iteration", site);
  const sentry *e = next_entry(s, pos);
  if (!e) {
    *pos = s->mask + 1;
    return false;
  }
  *value = e->key;
  return true;
}

int64_t apc_set_next_index(const apc_set *s, int64_t pos, int64_t size_at_start, const apc_site *site) {
  if (s->used != size_at_start) apc_raise("RuntimeError", "Set changed size during iteration", site);
  if (!next_entry(s, &pos)) return -1;
  return pos - 1;
}

apc_slot apc_set_value_at(const apc_set *s, int64_t index) { return s->table[index].key; }

/* ---- whole-set operations --------------------------------------------------- */

/* set_merge: so |= other. */
static void merge(apc_set *so, const apc_set *other) {
  if (other == so || other->used == 0) return;
  if ((so->fill + other->used) * 5 >= so->mask * 3) table_resize(so, (so->used + other->used) * 2);
  if (so->fill == 0 && so->mask == other->mask && other->fill == other->used) {
    /* Same size, nothing to eliminate: copy the table as it is. */
    for (int64_t i = 0; i <= other->mask; i++)
      if (IS_ACTIVE(&other->table[i])) so->table[i] = other->table[i];
    so->fill = other->fill;
    so->used = other->used;
    return;
  }
  if (so->fill == 0) {
    so->fill = so->used = other->used;
    for (int64_t i = 0; i <= other->mask; i++)
      if (IS_ACTIVE(&other->table[i]))
        insert_clean(so->table, (size_t)so->mask, other->table[i].key, other->table[i].hash);
    return;
  }
  for (int64_t i = 0; i <= other->mask; i++)
    if (IS_ACTIVE(&other->table[i])) add_entry(so, other->table[i].key, other->table[i].hash);
}

/* A new set of s's elements inserted in s's iteration order, with their
 * stored hashes (PyFrozenSet_New of tuple(s)): what CPython's compiler does
 * to a frozenset constant when it merges or interns it. */
apc_set *apc_set_rebuilt(const apc_set *s) {
  apc_set *r = apc_set_new(s->type);
  for (int64_t i = 0; i <= s->mask; i++)
    if (IS_ACTIVE(&s->table[i])) add_entry(r, s->table[i].key, s->table[i].hash);
  return r;
}

apc_set *apc_set_copy(const apc_set *s) {
  apc_set *r = apc_set_new(s->type);
  merge(r, s);
  return r;
}

void apc_set_update(apc_set *s, const apc_set *other) { merge(s, other); }

apc_set *apc_set_union(const apc_set *a, const apc_set *b, const apc_site *site) {
  apc_set *r = apc_set_copy(a);
  if (a != b) merge(r, b);
  (void)site;
  return r;
}

apc_set *apc_set_intersection(const apc_set *a, const apc_set *b, const apc_site *site) {
  (void)site;
  if (a == b) return apc_set_copy(a);
  apc_set *r = apc_set_new(a->type);
  if (b->used > a->used) { /* walk the smaller set */
    const apc_set *t = a;
    a = b;
    b = t;
  }
  int64_t pos = 0;
  for (const sentry *e; (e = next_entry(b, &pos));)
    if (contains_entry(a, e->key, e->hash)) add_entry(r, e->key, e->hash);
  return r;
}

/* set_difference_update_internal. */
static void difference_update(apc_set *so, const apc_set *other) {
  if (so == other) {
    make_empty(so);
    return;
  }
  if ((other->used >> 3) > so->used) other = apc_set_intersection(so, other, NULL);
  int64_t pos = 0;
  for (const sentry *e; (e = next_entry(other, &pos));) discard_entry(so, e->key, e->hash);
  /* More than 1/4 dummies: resize them away. */
  if ((size_t)(so->fill - so->used) <= (size_t)so->mask / 4) return;
  table_resize(so, so->used > 50000 ? so->used * 2 : so->used * 4);
}

apc_set *apc_set_difference(const apc_set *a, const apc_set *b, const apc_site *site) {
  (void)site;
  if ((a->used >> 2) > b->used) {
    apc_set *r = apc_set_copy(a);
    difference_update(r, b);
    return r;
  }
  apc_set *r = apc_set_new(a->type);
  int64_t pos = 0;
  for (const sentry *e; (e = next_entry(a, &pos));)
    if (!contains_entry(b, e->key, e->hash)) add_entry(r, e->key, e->hash);
  return r;
}

/* set_symmetric_difference_update with a set argument. */
static void symmetric_update(apc_set *so, const apc_set *other) {
  if (so == other) {
    make_empty(so);
    return;
  }
  int64_t pos = 0;
  for (const sentry *e; (e = next_entry(other, &pos));)
    if (!discard_entry(so, e->key, e->hash)) add_entry(so, e->key, e->hash);
}

apc_set *apc_set_symmetric_difference(const apc_set *a, const apc_set *b, const apc_site *site) {
  (void)site;
  apc_set *r = apc_set_copy(b);
  symmetric_update(r, a);
  return r;
}

void apc_set_difference_update(apc_set *s, const apc_set *other) { difference_update(s, other); }

void apc_set_symmetric_difference_update(apc_set *s, const apc_set *other) {
  if (s == other) {
    make_empty(s);
    return;
  }
  symmetric_update(s, other);
}

void apc_set_intersection_update(apc_set *s, const apc_set *other) {
  apc_set *t = apc_set_intersection(s, other, NULL);
  /* set_swap_bodies: s takes t's table as it is. */
  s->fill = t->fill;
  s->used = t->used;
  s->mask = t->mask;
  s->table = t->table;
}

bool apc__set_issubset(const apc_set *a, const apc_set *b) {
  if (a->used > b->used) return false;
  int64_t pos = 0;
  for (const sentry *e; (e = next_entry(a, &pos));)
    if (!contains_entry(b, e->key, e->hash)) return false;
  return true;
}

bool apc_set_issubset(const apc_set *a, const apc_set *b) { return apc__set_issubset(a, b); }

bool apc_set_eq(const apc_set *a, const apc_set *b) { return a->used == b->used && apc__set_issubset(a, b); }
