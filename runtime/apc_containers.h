/* apc runtime: strings, lists, tuples, dicts and sets — the ABI compiled code
 * uses for containers.
 *
 * Owns: object layouts the compiler reads and writes inline (list and tuple
 * headers), runtime type descriptors, and every container operation that is
 * a call. Memory comes from the garbage collector (gc.h): nothing here is
 * ever freed by hand.
 *
 * Values in containers live in uniform 8-byte slots (`apc_slot`): int as
 * int64_t, float as the bit pattern of a double, bool as 0/1, None as 0, and
 * every reference type (str, list, tuple, dict, set) as a pointer. The type
 * descriptor says which, so generic operations (==, <, hash, repr, sort,
 * `in`) need no per-type code in the compiler. One exception: a list[bool]
 * stores one byte per element (packed), as C's bool array does, so a sieve
 * over 20M flags touches 20 MB, not 160 MB. Read and write list elements
 * through apc_list_get/apc_list_set (or the byte size apc_list_elem_size)
 * and the layout never matters.
 */
#ifndef APC_CONTAINERS_H
#define APC_CONTAINERS_H

#include <stdbool.h>
#include <stdint.h>

#include "apc_rt.h"

typedef int64_t apc_slot;

enum apc_kind {
  APC_K_INT = 1,
  APC_K_FLOAT = 2,
  APC_K_BOOL = 3,
  APC_K_NONE = 4,
  APC_K_STR = 5,
  APC_K_LIST = 6,
  APC_K_TUPLE = 7,
  APC_K_DICT = 8,
  APC_K_SET = 9,
  /* tuple[T, ...]: a tuple whose length is known only at run time. Its
   * object is an apc_list (same layout, packed for bool) that nothing ever
   * mutates after it is built; ==, <, hash and repr treat it as a tuple. */
  APC_K_VTUPLE = 10,
  /* dict_keys / dict_values / dict_items: a live view of a dict. Its object
   * is the dict itself; args as the dict's (key, value). */
  APC_K_DICT_KEYS = 11,
  APC_K_DICT_VALUES = 12,
  APC_K_DICT_ITEMS = 13,
};

/* A static type, emitted by the compiler as constant data (one per distinct
 * type, shared by all objects of that type). list/set/vtuple: args[0] is
 * the element; dict: args[0] key, args[1] value; tuple: args[i] per field. */
typedef struct apc_type {
  int32_t kind;
  int32_t n;
  const struct apc_type *const *args;
} apc_type;

/* ---- layouts the compiler accesses inline (do not reorder) ------------- */
typedef struct apc_list {
  const apc_type *type; /* the list's own type: list[elem] */
  int64_t len;
  int64_t cap;
  void *items; /* GC memory; atomic when the element type holds no pointers.
                 apc_slot[cap], or uint8_t[cap] for list[bool] */
} apc_list;

typedef struct apc_tuple {
  const apc_type *type;
  apc_slot items[];
} apc_tuple;

/* list[bool] is packed: one byte per element. */
static inline bool apc_list_packed(const apc_list *l) { return l->type->args[0]->kind == APC_K_BOOL; }
static inline int64_t apc_list_elem_size(const apc_list *l) { return apc_list_packed(l) ? 1 : (int64_t)sizeof(apc_slot); }
static inline apc_slot apc_list_get(const apc_list *l, int64_t i) {
  return apc_list_packed(l) ? (apc_slot)((const uint8_t *)l->items)[i] : ((const apc_slot *)l->items)[i];
}
static inline void apc_list_set(apc_list *l, int64_t i, apc_slot v) {
  if (apc_list_packed(l))
    ((uint8_t *)l->items)[i] = (uint8_t)(v != 0);
  else
    ((apc_slot *)l->items)[i] = v;
}

typedef struct apc_dict apc_dict; /* opaque; first field is `const apc_type *type` */
typedef struct apc_set apc_set;   /* opaque; first field is `const apc_type *type` */

/* ---- generic values --------------------------------------------------- */
bool apc_value_eq(apc_slot a, apc_slot b, const apc_type *t);
/* a < b with CPython's rules (lexicographic for sequences); TypeError
 * "'<' not supported between instances of 'X' and 'Y'" where CPython raises. */
bool apc_value_lt(apc_slot a, apc_slot b, const apc_type *t, const apc_site *site);
/* CPython's hash for int, float, bool, None, tuple (so set iteration order
 * of ints and tuples of ints matches CPython); str uses a fixed hash (CPython
 * randomises its own). Unhashable types raise TypeError "unhashable type: 'list'". */
int64_t apc_value_hash(apc_slot v, const apc_type *t, const apc_site *site);
/* repr() and str() as fresh strings. */
apc_str *apc_value_repr(apc_slot v, const apc_type *t);
apc_str *apc_value_str(apc_slot v, const apc_type *t);
/* print(x) of any value: str() written to the buffered stdout. */
void apc_print_value(apc_slot v, const apc_type *t);

/* ---- str -------------------------------------------------------------- */
apc_str *apc_str_new(const char *data, int64_t len);
int64_t apc_str_len(const apc_str *s); /* in code points */
/* Whether every byte is ASCII (then code point i is byte i, and its string
 * is apc_ascii_chars[byte]: 16-byte { len = 1, data } entries). */
bool apc_str_is_ascii(const apc_str *s);
apc_str *apc_str_ascii(const apc_str *repr); /* ascii(x) from repr(x) */
apc_str *apc_str_concat(const apc_str *a, const apc_str *b);
apc_str *apc_str_repeat(const apc_str *s, int64_t n);
bool apc_str_eq(const apc_str *a, const apc_str *b);
int64_t apc_str_compare(const apc_str *a, const apc_str *b); /* <0, 0, >0 by code point */
apc_str *apc_str_getitem(const apc_str *s, int64_t i, const apc_site *site); /* IndexError "string index out of range" */
/* s[start:stop:step]; has_* false means the bound was omitted. ValueError
 * "slice step cannot be zero". */
apc_str *apc_str_slice(const apc_str *s, int64_t start, int64_t stop, int64_t step, bool has_start, bool has_stop, const apc_site *site);
bool apc_str_contains(const apc_str *haystack, const apc_str *needle);
int64_t apc_str_find(const apc_str *s, const apc_str *sub);
int64_t apc_str_index(const apc_str *s, const apc_str *sub, const apc_site *site); /* ValueError "substring not found" */
int64_t apc_str_count(const apc_str *s, const apc_str *sub);
bool apc_str_startswith(const apc_str *s, const apc_str *prefix);
bool apc_str_endswith(const apc_str *s, const apc_str *suffix);
/* The same methods with start and an optional end (code point indices, as CPython's) */
int64_t apc_str_find_in(const apc_str *s, const apc_str *sub, int64_t start, int64_t end, bool has_end);
int64_t apc_str_index_in(const apc_str *s, const apc_str *sub, int64_t start, int64_t end, bool has_end, const apc_site *site);
int64_t apc_str_count_in(const apc_str *s, const apc_str *sub, int64_t start, int64_t end, bool has_end);
bool apc_str_startswith_in(const apc_str *s, const apc_str *prefix, int64_t start, int64_t end, bool has_end);
bool apc_str_endswith_in(const apc_str *s, const apc_str *suffix, int64_t start, int64_t end, bool has_end);
apc_list *apc_str_split(const apc_str *s, const apc_str *sep, const apc_type *list_of_str, const apc_site *site); /* sep NULL: whitespace split; ValueError "empty separator" */
apc_str *apc_str_join(const apc_str *sep, const apc_list *items, const apc_site *site);
apc_str *apc_str_strip(const apc_str *s, const apc_str *chars, int which); /* chars NULL: whitespace; which: 0 both, 1 left, 2 right */
apc_str *apc_str_replace(const apc_str *s, const apc_str *old, const apc_str *new_, int64_t count); /* count < 0: all */
apc_str *apc_str_upper(const apc_str *s);
apc_str *apc_str_lower(const apc_str *s);
bool apc_str_isdigit(const apc_str *s);
bool apc_str_isalpha(const apc_str *s);
bool apc_str_isspace(const apc_str *s);
/* f-strings and str.format: format(value, spec) with the format
 * mini-language for int, float and str (width, fill, align, sign, `,` `_`,
 * precision, types d x o b e f g % s n); ValueError as CPython for a bad spec. */
apc_str *apc_format_int(int64_t v, const apc_str *spec, const apc_site *site);
apc_str *apc_format_float(double v, const apc_str *spec, const apc_site *site);
apc_str *apc_format_str(const apc_str *v, const apc_str *spec, const apc_site *site);
/* Added: s.capitalize() (3.8+: the first character in title case, the rest
 * lower case). */
apc_str *apc_str_capitalize(const apc_str *s);
/* Added: format(bool, spec): str(v) for an empty spec, else int formatting. */
apc_str *apc_format_bool(bool v, const apc_str *spec, const apc_site *site);
/* Concatenate n strings (f-string assembly). */
apc_str *apc_str_build(const apc_str *const *parts, int64_t n);

/* ---- list ------------------------------------------------------------- */
apc_list *apc_list_new(const apc_type *type, int64_t len); /* len zero slots */
apc_list *apc_list_from_slots(const apc_type *type, const apc_slot *data, int64_t n); /* not list[bool] */
apc_list *apc_list_with_capacity(const apc_type *type, int64_t cap);
void apc_list_append(apc_list *l, apc_slot v);
void apc_list_extend(apc_list *l, const apc_list *other);
void apc_list_insert(apc_list *l, int64_t i, apc_slot v);
apc_slot apc_list_pop(apc_list *l, int64_t i, const apc_site *site);           /* IndexError "pop from empty list" / "pop index out of range" */
void apc_list_remove(apc_list *l, apc_slot v, const apc_site *site);           /* ValueError "list.remove(x): x not in list" */
int64_t apc_list_index(const apc_list *l, apc_slot v, const apc_site *site);   /* ValueError "<repr> is not in list" */
int64_t apc_list_count(const apc_list *l, apc_slot v);
bool apc_list_contains(const apc_list *l, apc_slot v);
apc_list *apc_list_concat(const apc_list *a, const apc_list *b);
apc_list *apc_list_repeat(const apc_list *l, int64_t n);
apc_list *apc_list_copy(const apc_list *l);
void apc_list_reverse(apc_list *l);
/* Stable sort by the elements, or by precomputed keys (keys->len == l->len,
 * compared with apc_value_lt on keys->type's element type). */
void apc_list_sort(apc_list *l, bool reverse, const apc_site *site);
void apc_list_sort_by_keys(apc_list *l, apc_list *keys, bool reverse, const apc_site *site);
apc_list *apc_list_slice(const apc_list *l, int64_t start, int64_t stop, int64_t step, bool has_start, bool has_stop, const apc_site *site);
/* l[start:stop:step] = src (ValueError "attempt to assign sequence of size
 * X to extended slice of size Y" for steps other than 1). */
void apc_list_set_slice(apc_list *l, int64_t start, int64_t stop, int64_t step, bool has_start, bool has_stop, const apc_list *src, const apc_site *site);
void apc_list_del_slice(apc_list *l, int64_t start, int64_t stop, int64_t step, bool has_start, bool has_stop, const apc_site *site);
void apc_list_del_item(apc_list *l, int64_t i, const apc_site *site);
/* Added: l.clear(). */
void apc_list_clear(apc_list *l);

/* ---- tuple ------------------------------------------------------------ */
apc_tuple *apc_tuple_new(const apc_type *type); /* n = type->n zero slots */
apc_tuple *apc_tuple_slice(const apc_tuple *t, const apc_type *result_type, int64_t start, int64_t stop, int64_t step, bool has_start, bool has_stop, const apc_site *site);

/* ---- tuple[T, ...] (an apc_list with a vtuple type) -------------------- */
/* A copy of l's elements as a new object of `type`: tuple(list) and
 * list(tuple) (the element types are equal; only the descriptor differs). */
apc_list *apc_list_copy_as(const apc_list *l, const apc_type *type);
/* t.index(x): ValueError "tuple.index(x): x not in tuple". */
int64_t apc_vtuple_index(const apc_list *t, apc_slot v, const apc_site *site);

/* ---- dict (insertion ordered, as CPython) ----------------------------- */
apc_dict *apc_dict_new(const apc_type *type);
int64_t apc_dict_len(const apc_dict *d);
/* d[k]: KeyError with repr(k) as the message when missing. */
apc_slot apc_dict_getitem(const apc_dict *d, apc_slot key, const apc_site *site);
/* Lookup without raising: returns true and stores the value when found. */
bool apc_dict_lookup(const apc_dict *d, apc_slot key, apc_slot *value, const apc_site *site);
void apc_dict_setitem(apc_dict *d, apc_slot key, apc_slot value, const apc_site *site);
void apc_dict_delitem(apc_dict *d, apc_slot key, const apc_site *site);
bool apc_dict_contains(const apc_dict *d, apc_slot key, const apc_site *site);
apc_slot apc_dict_pop(apc_dict *d, apc_slot key, const apc_site *site);             /* KeyError when missing */
apc_slot apc_dict_pop_default(apc_dict *d, apc_slot key, apc_slot dflt, const apc_site *site);
apc_slot apc_dict_setdefault(apc_dict *d, apc_slot key, apc_slot dflt, const apc_site *site);
void apc_dict_update(apc_dict *d, const apc_dict *other, const apc_site *site);
bool apc_dict_eq(const apc_dict *a, const apc_dict *b);
apc_dict *apc_dict_copy(const apc_dict *d);
/* Iteration in insertion order: start with *pos = 0; returns false at the
 * end. RuntimeError "dictionary changed size during iteration" when the size
 * changed since iteration began (pass the size seen at the start). */
bool apc_dict_next(const apc_dict *d, int64_t *pos, int64_t size_at_start, apc_slot *key, apc_slot *value, const apc_site *site);
/* Added: d.popitem() (LIFO; KeyError 'popitem(): dictionary is empty';
 * item_type is tuple[key, value]); list(d), list(d.values()),
 * list(d.items()) in insertion order (list_type: list[key], list[value],
 * list[tuple[key, value]]). */
apc_tuple *apc_dict_popitem(apc_dict *d, const apc_type *item_type, const apc_site *site);
/* Dict views (dictview.c): `v in d.values()`, `(k, v) in d.items()`. */
bool apc_dict_values_contains(const apc_dict *d, apc_slot value);
bool apc_dict_items_contains(const apc_dict *d, const apc_tuple *item, const apc_site *site);
apc_list *apc_dict_keys(const apc_dict *d, const apc_type *list_type);
apc_list *apc_dict_values(const apc_dict *d, const apc_type *list_type);
apc_list *apc_dict_items(const apc_dict *d, const apc_type *list_type);

/* ---- set (iteration order as CPython's for int/float/bool/tuple keys) -- */
apc_set *apc_set_new(const apc_type *type);
int64_t apc_set_len(const apc_set *s);
void apc_set_add(apc_set *s, apc_slot v, const apc_site *site);
void apc_set_remove(apc_set *s, apc_slot v, const apc_site *site); /* KeyError */
void apc_set_discard(apc_set *s, apc_slot v, const apc_site *site);
bool apc_set_contains(const apc_set *s, apc_slot v, const apc_site *site);
apc_set *apc_set_union(const apc_set *a, const apc_set *b, const apc_site *site);
apc_set *apc_set_intersection(const apc_set *a, const apc_set *b, const apc_site *site);
apc_set *apc_set_difference(const apc_set *a, const apc_set *b, const apc_site *site);
apc_set *apc_set_symmetric_difference(const apc_set *a, const apc_set *b, const apc_site *site);
bool apc_set_eq(const apc_set *a, const apc_set *b);
bool apc_set_next(const apc_set *s, int64_t *pos, int64_t size_at_start, apc_slot *value, const apc_site *site);
/* Added, each with CPython's algorithm (so the resulting order matches):
 * s.pop() (KeyError 'pop from an empty set'), s.clear(), s.copy(),
 * s |= t / s.update(t), s &= t, s -= t, s ^= t, s <= t. apc_set_next raises
 * RuntimeError "Set changed size during iteration" (CPython's capital S). */
apc_slot apc_set_pop(apc_set *s, const apc_site *site);
void apc_set_clear(apc_set *s);
apc_set *apc_set_copy(const apc_set *s);
apc_set *apc_set_rebuilt(const apc_set *s); /* elements re-inserted in iteration order */
void apc_set_update(apc_set *s, const apc_set *other);
void apc_set_intersection_update(apc_set *s, const apc_set *other);
void apc_set_difference_update(apc_set *s, const apc_set *other);
void apc_set_symmetric_difference_update(apc_set *s, const apc_set *other);
bool apc_set_issubset(const apc_set *a, const apc_set *b);

/* ---- glue the compiler calls ----------------------------------------- */
apc_list *apc_argv_list(const apc_type *list_of_str); /* sys.argv (one shared list) */
void apc_random_shuffle_list(apc_list *l);          /* random.shuffle(l) */
/* Iteration by entry index (no out-parameters, so loops stay in registers):
 * the first live entry at or after pos, or -1 at the end; RuntimeError
 * "dictionary changed size during iteration" (or "Set changed size during
 * iteration") when the size differs from size_at_start. */
int64_t apc_dict_next_index(const apc_dict *d, int64_t pos, int64_t size_at_start, const apc_site *site);
apc_slot apc_dict_key_at(const apc_dict *d, int64_t index);
apc_slot apc_dict_value_at(const apc_dict *d, int64_t index);
apc_slot apc_dict_get_default(const apc_dict *d, apc_slot key, apc_slot dflt, const apc_site *site);
void apc_dict_clear(apc_dict *d);
int64_t apc_set_next_index(const apc_set *s, int64_t pos, int64_t size_at_start, const apc_site *site);
apc_slot apc_set_value_at(const apc_set *s, int64_t index);
apc_list *apc_str_split_ws(const apc_str *s, const apc_type *list_of_str);
/* str.split with maxsplit (negative: no limit); sep NULL splits on whitespace */
apc_list *apc_str_splitn(const apc_str *s, const apc_str *sep, int64_t maxsplit, const apc_type *list_of_str,
                         const apc_site *site);
apc_list *apc_str_splitn_ws(const apc_str *s, int64_t maxsplit, const apc_type *list_of_str);
apc_str *apc_str_strip_ws(const apc_str *s, int64_t which);

#endif
