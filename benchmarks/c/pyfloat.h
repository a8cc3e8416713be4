/* Printing doubles the way CPython's repr() does, for the C twins of the benchmark
 * programs: the shortest digit string that reads back as the same double, in fixed
 * notation when -4 <= exponent < 16 (with ".0" on integral values), otherwise as
 * d.ddde+XX. Header-only so each twin still builds as one `gcc file.c` command. */
#ifndef APC_BENCH_PYFLOAT_H
#define APC_BENCH_PYFLOAT_H

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Writes repr(v) into out (at least 32 bytes) and returns out. */
static char *py_float_repr(char *out, double v) {
  if (isnan(v)) return strcpy(out, "nan");
  if (isinf(v)) return strcpy(out, v > 0 ? "inf" : "-inf");
  char buf[64];
  for (int prec = 0; prec < 17; prec++) {
    snprintf(buf, sizeof buf, "%.*e", prec, v);
    if (strtod(buf, NULL) == v) break;
  }
  char digits[32];
  int nd = 0;
  const char *s = buf;
  int neg = *s == '-';
  if (neg) s++;
  for (; *s != 'e'; s++)
    if (*s != '.') digits[nd++] = *s;
  int exp10 = atoi(s + 1);
  while (nd > 1 && digits[nd - 1] == '0') nd--;
  int o = 0;
  if (neg) out[o++] = '-';
  if (exp10 < -4 || exp10 >= 16) {
    out[o++] = digits[0];
    if (nd > 1) {
      out[o++] = '.';
      for (int i = 1; i < nd; i++) out[o++] = digits[i];
    }
    o += snprintf(out + o, 8, "e%c%02d", exp10 < 0 ? '-' : '+', abs(exp10));
  } else if (exp10 < 0) {
    out[o++] = '0';
    out[o++] = '.';
    for (int i = 0; i < -exp10 - 1; i++) out[o++] = '0';
    for (int i = 0; i < nd; i++) out[o++] = digits[i];
  } else {
    for (int i = 0; i <= exp10; i++) out[o++] = i < nd ? digits[i] : '0';
    out[o++] = '.';
    if (nd > exp10 + 1)
      for (int i = exp10 + 1; i < nd; i++) out[o++] = digits[i];
    else
      out[o++] = '0';
  }
  out[o] = '\0';
  return out;
}

#endif
