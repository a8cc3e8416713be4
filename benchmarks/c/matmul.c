/* Benchmark: dense matrix multiply in i-k-j order with LCG entries; the C twin of
 * programs/matmul.py (rows as separate allocations, as lists of lists are; same
 * summation order). Usage: matmul [N]; prints the trace of C and the sum of its entries. */
#include <stdio.h>
#include <stdlib.h>
#include "pyfloat.h"

static long long lcg_next(long long state) { return (state * 1103515245 + 12345) % 2147483648LL; }

static double **zero_matrix(long long n) {
  double **m = malloc(n * sizeof *m);
  for (long long i = 0; i < n; i++) m[i] = calloc(n, sizeof **m);
  return m;
}

static long long fill_random(double **m, long long n, long long state) {
  for (long long i = 0; i < n; i++)
    for (long long j = 0; j < n; j++) {
      state = lcg_next(state);
      m[i][j] = (double)state / 2147483648.0 - 0.5;
    }
  return state;
}

static double **matmul(double **a, double **b, long long n) {
  double **c = zero_matrix(n);
  for (long long i = 0; i < n; i++) {
    double *ai = a[i], *ci = c[i];
    for (long long k = 0; k < n; k++) {
      double aik = ai[k];
      const double *bk = b[k];
      for (long long j = 0; j < n; j++) ci[j] += aik * bk[j];
    }
  }
  return c;
}

int main(int argc, char **argv) {
  long long n = argc > 1 ? atoll(argv[1]) : 400;
  double **a = zero_matrix(n), **b = zero_matrix(n);
  long long state = fill_random(a, n, 42);
  fill_random(b, n, state);
  double **c = matmul(a, b, n);
  double trace = 0.0, total = 0.0;
  for (long long i = 0; i < n; i++) {
    trace += c[i][i];
    for (long long j = 0; j < n; j++) total += c[i][j];
  }
  char t[32], s[32];
  printf("%s %s\n", py_float_repr(t, trace), py_float_repr(s, total));
  return 0;
}
