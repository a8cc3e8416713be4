/* Benchmark: composite Simpson integration of sin(x) * exp(-x / 8) over [0, 20]; the C
 * twin of programs/simpson.py, with the same operation order so the double result is
 * bit-identical. Usage: simpson [N]; prints the integral the way Python's repr() does. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static double f(double x) { return sin(x) * exp(-x / 8.0); }

static double simpson(double a, double b, long long n) {
  double h = (b - a) / (double)n;
  double odd = 0.0, even = 0.0;
  for (long long i = 1; i < n; i++) {
    double x = a + (double)i * h;
    if (i % 2 == 1)
      odd += f(x);
    else
      even += f(x);
  }
  return (f(a) + f(b) + 4.0 * odd + 2.0 * even) * h / 3.0;
}

/* Print a double exactly as Python's repr(): the shortest digit string that reads
 * back as the same double, in fixed notation when -4 <= exponent < 16, else as
 * d.ddde+XX; integral values in fixed notation get a trailing ".0". */
static void print_py_float(double v) {
  if (isnan(v)) { puts("nan"); return; }
  if (isinf(v)) { puts(v > 0 ? "inf" : "-inf"); return; }
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
  char out[64];
  int o = 0;
  if (neg) out[o++] = '-';
  if (exp10 < -4 || exp10 >= 16) {
    out[o++] = digits[0];
    if (nd > 1) {
      out[o++] = '.';
      for (int i = 1; i < nd; i++) out[o++] = digits[i];
    }
    o += snprintf(out + o, sizeof out - o, "e%c%02d", exp10 < 0 ? '-' : '+', abs(exp10));
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
  puts(out);
}

int main(int argc, char **argv) {
  long long n = argc > 1 ? atoll(argv[1]) : 10000000;
  if (n % 2 == 1) n++;
  print_py_float(simpson(0.0, 20.0, n));
  return 0;
}
