/* Benchmark: spectral norm of A(i, j) = 1 / ((i+j)(i+j+1)/2 + i + 1) by power iteration;
 * the C twin of programs/spectralnorm.py (same summation order, so the result prints
 * bit-identical). Usage: spectralnorm [N]; prints the norm. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include "pyfloat.h"

static double a_elem(long long i, long long j) { return 1.0 / (double)((i + j) * (i + j + 1) / 2 + i + 1); }

static void times_a(const double *v, double *out, long long n) {
  for (long long i = 0; i < n; i++) {
    double s = 0.0;
    for (long long j = 0; j < n; j++) s += a_elem(i, j) * v[j];
    out[i] = s;
  }
}

static void times_a_transposed(const double *v, double *out, long long n) {
  for (long long i = 0; i < n; i++) {
    double s = 0.0;
    for (long long j = 0; j < n; j++) s += a_elem(j, i) * v[j];
    out[i] = s;
  }
}

static void times_ata(const double *v, double *out, double *scratch, long long n) {
  times_a(v, scratch, n);
  times_a_transposed(scratch, out, n);
}

int main(int argc, char **argv) {
  long long n = argc > 1 ? atoll(argv[1]) : 650;
  double *u = malloc(n * sizeof *u), *v = malloc(n * sizeof *v), *scratch = malloc(n * sizeof *scratch);
  for (long long i = 0; i < n; i++) {
    u[i] = 1.0;
    v[i] = 0.0;
    scratch[i] = 0.0;
  }
  for (int k = 0; k < 10; k++) {
    times_ata(u, v, scratch, n);
    times_ata(v, u, scratch, n);
  }
  double v_bv = 0.0, vv = 0.0;
  for (long long i = 0; i < n; i++) {
    v_bv += u[i] * v[i];
    vv += v[i] * v[i];
  }
  char buf[32];
  printf("%s\n", py_float_repr(buf, sqrt(v_bv / vv)));
  free(u);
  free(v);
  free(scratch);
  return 0;
}
