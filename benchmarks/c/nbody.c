/* Benchmark: softened-gravity n-body simulation; the C twin of programs/nbody.py, with
 * the same LCG, the same operation order and no FMA contraction, so the energies print
 * bit-identical. Usage: nbody [STEPS]; prints the total energy before and after. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include "pyfloat.h"

#define SOFTENING 0.01
#define BODIES 6

static long long lcg_next(long long state) { return (state * 1103515245 + 12345) % 2147483648LL; }

static double uniform(long long state) { return (double)state / 1073741824.0 - 1.0; }

static double xs[BODIES], ys[BODIES], zs[BODIES], vxs[BODIES], vys[BODIES], vzs[BODIES], ms[BODIES];

static double energy(int n) {
  double e = 0.0;
  for (int i = 0; i < n; i++) {
    e += 0.5 * ms[i] * (vxs[i] * vxs[i] + vys[i] * vys[i] + vzs[i] * vzs[i]);
    for (int j = i + 1; j < n; j++) {
      double dx = xs[i] - xs[j];
      double dy = ys[i] - ys[j];
      double dz = zs[i] - zs[j];
      e -= ms[i] * ms[j] / sqrt(dx * dx + dy * dy + dz * dz + SOFTENING);
    }
  }
  return e;
}

static void advance(int n, double dt, long long steps) {
  for (long long s = 0; s < steps; s++) {
    for (int i = 0; i < n; i++) {
      for (int j = i + 1; j < n; j++) {
        double dx = xs[i] - xs[j];
        double dy = ys[i] - ys[j];
        double dz = zs[i] - zs[j];
        double d2 = dx * dx + dy * dy + dz * dz + SOFTENING;
        double mag = dt / (d2 * sqrt(d2));
        double mj = ms[j] * mag;
        double mi = ms[i] * mag;
        vxs[i] -= dx * mj;
        vys[i] -= dy * mj;
        vzs[i] -= dz * mj;
        vxs[j] += dx * mi;
        vys[j] += dy * mi;
        vzs[j] += dz * mi;
      }
    }
    for (int i = 0; i < n; i++) {
      xs[i] += dt * vxs[i];
      ys[i] += dt * vys[i];
      zs[i] += dt * vzs[i];
    }
  }
}

int main(int argc, char **argv) {
  long long steps = argc > 1 ? atoll(argv[1]) : 400000;
  long long state = 20240601;
  for (int b = 0; b < BODIES; b++) {
    state = lcg_next(state); xs[b] = uniform(state);
    state = lcg_next(state); ys[b] = uniform(state);
    state = lcg_next(state); zs[b] = uniform(state);
    state = lcg_next(state); vxs[b] = 0.1 * uniform(state);
    state = lcg_next(state); vys[b] = 0.1 * uniform(state);
    state = lcg_next(state); vzs[b] = 0.1 * uniform(state);
    state = lcg_next(state); ms[b] = 1.0 + 0.5 * uniform(state);
  }
  char buf[32];
  printf("%s\n", py_float_repr(buf, energy(BODIES)));
  advance(BODIES, 0.001, steps);
  printf("%s\n", py_float_repr(buf, energy(BODIES)));
  return 0;
}
