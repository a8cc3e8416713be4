/* containers_format.c: format(value, spec) driver (containers.test.ts).
 *
 * Lines "i INT SPEC", "f BITS SPEC" (float as 16 hex digits of its bits),
 * "s STR SPEC", "b 0|1 SPEC"; strings are "x" + hex of UTF-8. Prints
 * repr(format(value, spec)) or "Type: message". Twin: containers_format.py.
 */
#include "containers_driver.h"

static void run(char **f) {
  apc_str *spec = hex_str(f[2]);
  apc_str *r = NULL;
  switch (f[0][0]) {
  case 'i': r = apc_format_int(strtoll(f[1], NULL, 10), spec, &SITE); break;
  case 'f': r = apc_format_float(hex_double(f[1]), spec, &SITE); break;
  case 's': r = apc_format_str(hex_str(f[1]), spec, &SITE); break;
  case 'b': r = apc_format_bool(f[1][0] == '1', spec, &SITE); break;
  }
  if (r) show_str(r);
}

int main(int argc, char **argv) {
  apc_init(argc, argv);
  static char line[4096];
  char *f[4];
  int n;
  while ((n = read_fields(line, sizeof line, f, 4)) >= 0)
    if (n == 3) TRY(run(f));
  apc_flush();
  return 0;
}
