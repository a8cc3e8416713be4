/* main.c: the executable entry point.
 *
 * Owns: `main` only. Kept apart from the rest of the runtime because
 * shared-library builds (--shared) link the runtime without it.
 */
#include "apc_rt.h"

int main(int argc, char **argv) {
  apc_init(argc, argv);
  apc_module_main();
  apc_flush();
  return 0;
}
