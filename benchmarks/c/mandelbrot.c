/* Benchmark: Mandelbrot escape-time counts over an N x N grid; the C twin of
 * programs/mandelbrot.py. Usage: mandelbrot [N]; prints the number of points that
 * never escape and the total iteration count. */
#include <stdio.h>
#include <stdlib.h>

static long long escape_time(double cr, double ci, long long max_iter) {
  double zr = 0.0, zi = 0.0;
  for (long long i = 0; i < max_iter; i++) {
    double zr2 = zr * zr;
    double zi2 = zi * zi;
    if (zr2 + zi2 > 4.0) return i;
    zi = 2.0 * zr * zi + ci;
    zr = zr2 - zi2 + cr;
  }
  return max_iter;
}

int main(int argc, char **argv) {
  long long n = argc > 1 ? atoll(argv[1]) : 900;
  long long max_iter = 100, inside = 0, iterations = 0;
  for (long long y = 0; y < n; y++) {
    double ci = -1.25 + 2.5 * (double)y / (double)n;
    for (long long x = 0; x < n; x++) {
      double cr = -2.0 + 2.5 * (double)x / (double)n;
      long long k = escape_time(cr, ci, max_iter);
      iterations += k;
      if (k == max_iter) inside++;
    }
  }
  printf("%lld %lld\n", inside, iterations);
  return 0;
}
