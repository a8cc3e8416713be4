/* Benchmark: k-means (Lloyd's algorithm, fixed rounds) of LCG-generated 2-D points; the
 * C twin of programs/kmeans.py with the same operation order, so every printed double
 * is bit-identical. Usage: kmeans [POINTS]; prints each centre and its cluster size,
 * then the total squared distance. */
#include <stdio.h>
#include <stdlib.h>
#include "pyfloat.h"

#define CLUSTERS 8
#define ROUNDS 20

static long long lcg_next(long long state) { return (state * 1103515245 + 12345) % 2147483648LL; }

static void make_points(long long n, double *xs, double *ys, long long seed) {
  long long state = seed;
  double hidden_x[CLUSTERS], hidden_y[CLUSTERS];
  for (int c = 0; c < CLUSTERS; c++) {
    state = lcg_next(state);
    hidden_x[c] = 100.0 * (double)state / 2147483648.0;
    state = lcg_next(state);
    hidden_y[c] = 100.0 * (double)state / 2147483648.0;
  }
  for (long long i = 0; i < n; i++) {
    int c = (int)(i % CLUSTERS);
    double noise_x = 0.0, noise_y = 0.0;
    for (int k = 0; k < 3; k++) {
      state = lcg_next(state);
      noise_x += (double)state / 2147483648.0;
      state = lcg_next(state);
      noise_y += (double)state / 2147483648.0;
    }
    xs[i] = hidden_x[c] + 6.0 * (noise_x - 1.5);
    ys[i] = hidden_y[c] + 6.0 * (noise_y - 1.5);
  }
}

static int nearest(double x, double y, const double *cx, const double *cy) {
  int best = 0;
  double best_d = -1.0;
  for (int c = 0; c < CLUSTERS; c++) {
    double dx = x - cx[c];
    double dy = y - cy[c];
    double d = dx * dx + dy * dy;
    if (best_d < 0.0 || d < best_d) {
      best_d = d;
      best = c;
    }
  }
  return best;
}

static void kmeans(long long n, const double *xs, const double *ys, double *cx, double *cy, long long *sizes) {
  for (int r = 0; r < ROUNDS; r++) {
    double sum_x[CLUSTERS] = {0}, sum_y[CLUSTERS] = {0};
    for (int c = 0; c < CLUSTERS; c++) sizes[c] = 0;
    for (long long i = 0; i < n; i++) {
      int c = nearest(xs[i], ys[i], cx, cy);
      sum_x[c] += xs[i];
      sum_y[c] += ys[i];
      sizes[c]++;
    }
    for (int c = 0; c < CLUSTERS; c++) {
      if (sizes[c] > 0) {
        cx[c] = sum_x[c] / (double)sizes[c];
        cy[c] = sum_y[c] / (double)sizes[c];
      }
    }
  }
}

int main(int argc, char **argv) {
  long long n = argc > 1 ? atoll(argv[1]) : 120000;
  double *xs = malloc(n * sizeof *xs), *ys = malloc(n * sizeof *ys);
  make_points(n, xs, ys, 2024);
  double cx[CLUSTERS], cy[CLUSTERS];
  for (int c = 0; c < CLUSTERS; c++) {
    cx[c] = xs[c * 7];
    cy[c] = ys[c * 7];
  }
  long long sizes[CLUSTERS];
  kmeans(n, xs, ys, cx, cy, sizes);
  char a[32], b[32];
  for (int c = 0; c < CLUSTERS; c++) printf("%s %s %lld\n", py_float_repr(a, cx[c]), py_float_repr(b, cy[c]), sizes[c]);
  double total = 0.0;
  for (long long i = 0; i < n; i++) {
    int c = nearest(xs[i], ys[i], cx, cy);
    double dx = xs[i] - cx[c];
    double dy = ys[i] - cy[c];
    total += dx * dx + dy * dy;
  }
  printf("%s\n", py_float_repr(a, total));
  free(xs);
  free(ys);
  return 0;
}
