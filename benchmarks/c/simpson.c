/* Benchmark: composite Simpson integration of sin(x) * exp(-x / 8) over [0, 20]; the C
 * twin of programs/simpson.py, with the same operation order so the double result is
 * bit-identical. Usage: simpson [N]; prints the integral the way Python's repr() does. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pyfloat.h"

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

int main(int argc, char **argv) {
  long long n = argc > 1 ? atoll(argv[1]) : 10000000;
  if (n % 2 == 1) n++;
  char out[32];
  puts(py_float_repr(out, simpson(0.0, 20.0, n)));
  return 0;
}
