/* gc_shim.c: calloc/realloc stand-ins for runtime/gc.c's allocation API,
 * linked into the container test drivers only while runtime/gc.c does not
 * exist. Nothing is ever freed. */
#include <stdlib.h>

void *apc_gc_alloc(size_t size) { return calloc(1, size ? size : 1); }
void *apc_gc_alloc_atomic(size_t size) { return calloc(1, size ? size : 1); }
void *apc_gc_realloc(void *p, size_t new_size) { return realloc(p, new_size ? new_size : 1); }
