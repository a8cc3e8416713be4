/* dictview.c: dict_keys, dict_values and dict_items views.
 *
 * Owns: what a view does beyond iteration (which lowering inlines over the
 * dict): repr (`dict_keys([1, 2])`), membership in values and items views,
 * and == between two keys views or two items views (set-like: equal sizes
 * and every element of one in the other, as CPython's dictviews_richcompare).
 * A view's object is its dict, so it always shows the dict as it is now.
 * Does not own: the dict (dict.c), value repr/eq/hash (value.c). == between
 * values views is CPython's identity of view objects, which apc's views do
 * not have: the compiler refuses it, and it never reaches here.
 */
#include "containers_internal.h"

void apc__dictview_repr_into(apc__sb *b, apc_slot v, const apc_type *t) {
  const apc_dict *d = (const apc_dict *)(intptr_t)v;
  const char *name = t->kind == APC_K_DICT_KEYS ? "dict_keys([" : t->kind == APC_K_DICT_VALUES ? "dict_values([" : "dict_items([";
  apc__sb_puts(b, name);
  int64_t pos = 0, size = apc_dict_len(d);
  apc_slot key, val;
  for (int first = 1; apc_dict_next(d, &pos, size, &key, &val, NULL); first = 0) {
    if (!first) apc__sb_put(b, ", ", 2);
    switch (t->kind) {
    case APC_K_DICT_KEYS: apc__repr_into(b, key, t->args[0]); break;
    case APC_K_DICT_VALUES: apc__repr_into(b, val, t->args[1]); break;
    default:
      apc__sb_putc(b, '(');
      apc__repr_into(b, key, t->args[0]);
      apc__sb_put(b, ", ", 2);
      apc__repr_into(b, val, t->args[1]);
      apc__sb_putc(b, ')');
      break;
    }
  }
  apc__sb_puts(b, "])");
}

bool apc_dict_values_contains(const apc_dict *d, apc_slot value) {
  const apc_type *vt = (*(const apc_type *const *)d)->args[1];
  int64_t pos = 0, size = apc_dict_len(d);
  apc_slot key, val;
  while (apc_dict_next(d, &pos, size, &key, &val, NULL))
    if (apc_value_eq(val, value, vt)) return true;
  return false;
}

bool apc_dict_items_contains(const apc_dict *d, const apc_tuple *item, const apc_site *site) {
  const apc_type *vt = (*(const apc_type *const *)d)->args[1];
  apc_slot val;
  return apc_dict_lookup(d, item->items[0], &val, site) && apc_value_eq(val, item->items[1], vt);
}

bool apc__dictview_eq(apc_slot a, apc_slot b, const apc_type *t) {
  const apc_dict *x = (const apc_dict *)(intptr_t)a, *y = (const apc_dict *)(intptr_t)b;
  if (t->kind == APC_K_DICT_VALUES) return x == y;
  if (x == y) return true;
  if (apc_dict_len(x) != apc_dict_len(y)) return false;
  const apc_type *vt = t->args[1];
  int64_t pos = 0, size = apc_dict_len(x);
  apc_slot key, val, other;
  while (apc_dict_next(x, &pos, size, &key, &val, NULL)) {
    if (!apc_dict_lookup(y, key, &other, NULL)) return false;
    if (t->kind == APC_K_DICT_ITEMS && !apc_value_eq(val, other, vt)) return false;
  }
  return true;
}
