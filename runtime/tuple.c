/* tuple.c: the tuple object.
 *
 * Owns: tuple allocation (the field count comes from the static type; the
 * memory is atomic when no field holds a pointer) and slicing into a tuple
 * of the result type the compiler computed.
 * Does not own: ==, <, hash and repr of tuples (value.c); reading and
 * writing fields, which the compiler emits inline on the apc_tuple layout.
 */
#include "containers_internal.h"

apc_tuple *apc_tuple_new(const apc_type *type) {
  int atomic = 1;
  for (int32_t i = 0; i < type->n; i++)
    if (!apc__kind_is_scalar(type->args[i])) atomic = 0;
  size_t bytes = sizeof(apc_tuple) + (size_t)type->n * sizeof(apc_slot);
  apc_tuple *t = atomic ? apc_gc_alloc_atomic(bytes) : apc_gc_alloc(bytes);
  if (!t) apc_raise("MemoryError", "", NULL);
  t->type = type;
  return t;
}

apc_tuple *apc_tuple_slice(const apc_tuple *t, const apc_type *result_type, int64_t start, int64_t stop,
                           int64_t step, bool has_start, bool has_stop, const apc_site *site) {
  int64_t n = apc__slice_indices(t->type->n, &start, &stop, &step, has_start, has_stop, site);
  apc_tuple *r = apc_tuple_new(result_type);
  for (int64_t k = 0, i = start; k < n && k < result_type->n; k++, i += step) r->items[k] = t->items[i];
  return r;
}
