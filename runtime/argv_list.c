/* argv_list.c: sys.argv as a Python list of str.
 *
 * Owns apc_argv_list: the one list object sys.argv names (built on first use
 * from apc_argv_len/apc_argv_get, so sys.argv[0] is the source file name as
 * CPython shows it). Being one object, changes to it are seen everywhere, as
 * in CPython.
 */
#include <stddef.h>
#include <stdint.h>

#include "apc_containers.h"

static apc_list *argv_list;

apc_list *apc_argv_list(const apc_type *list_of_str) {
  if (!argv_list) {
    int64_t n = apc_argv_len();
    argv_list = apc_list_new(list_of_str, n);
    for (int64_t i = 0; i < n; i++) apc_list_set(argv_list, i, (apc_slot)(intptr_t)apc_argv_get(i, NULL));
  }
  return argv_list;
}

/* random.shuffle(x) on a list, with CPython's draw sequence (random.h). */
void apc_random_shuffle_raw(void *data, int64_t n, int64_t elem_size);

void apc_random_shuffle_list(apc_list *l) { apc_random_shuffle_raw(l->items, l->len, apc_list_elem_size(l)); }
