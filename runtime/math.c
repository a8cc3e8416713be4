/* math.c: the math module.
 *
 * Owns: math.sqrt/exp/log/log2/log10/pow/sin/cos/tan/asin/acos/atan/atan2/
 * hypot/fabs/fmod/isqrt/gcd with the results and errors of CPython 3.11's
 * mathmodule.c: ValueError("math domain error") when a non-NaN argument gives
 * NaN (or a singularity gives an infinity), OverflowError("math range error")
 * when a finite argument overflows to infinity; log's own special cases,
 * math.pow's IEEE special cases, atan2's signed-zero/infinity table and
 * hypot's compensated scaled sum of squares (CPython 3.11's vector_norm).
 * Does not own: the ** operator (arith.c).
 */
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L
#endif

#include <math.h>
#include <stdio.h>

#include "rt_internal.h"

/* hypot's error-free transformations rely on every product and sum being
 * rounded on its own; never let the compiler fuse them into an fma. */
#if defined(__clang__)
#pragma STDC FP_CONTRACT OFF
#elif defined(__GNUC__)
#pragma GCC optimize("fp-contract=off")
#endif

_Noreturn static void domain_error(const apc_site *site) {
  apc_raise("ValueError", "math domain error", site);
}
_Noreturn static void range_error(const apc_site *site) {
  apc_raise("OverflowError", "math range error", site);
}

/* CPython's math_1: NaN from non-NaN is a domain error; an infinity from a
 * finite argument is an overflow (can_overflow) or a singularity (domain). */
static double check1(double x, double r, int can_overflow, const apc_site *site) {
  if (isnan(r) && !isnan(x)) domain_error(site);
  if (isinf(r) && isfinite(x)) {
    if (can_overflow) range_error(site);
    domain_error(site);
  }
  return r;
}

double apc_math_sqrt(double x, const apc_site *site) { return check1(x, sqrt(x), 0, site); }
double apc_math_exp(double x, const apc_site *site) { return check1(x, exp(x), 1, site); }
double apc_math_sin(double x, const apc_site *site) { return check1(x, sin(x), 0, site); }
double apc_math_cos(double x, const apc_site *site) { return check1(x, cos(x), 0, site); }
double apc_math_tan(double x, const apc_site *site) { return check1(x, tan(x), 0, site); }
double apc_math_asin(double x, const apc_site *site) { return check1(x, asin(x), 0, site); }
double apc_math_acos(double x, const apc_site *site) { return check1(x, acos(x), 0, site); }
double apc_math_atan(double x) { return atan(x); }
double apc_math_fabs(double x) { return fabs(x); }

/* m_log / m_log2 / m_log10: log(0) = -inf and log(negative) = NaN, both
 * domain errors through check1; log(nan) = nan, log(inf) = inf. */
static double log_kind(double x, int kind, const apc_site *site) {
  double r;
  if (isfinite(x)) {
    if (x > 0.0)
      r = kind == 0 ? log(x) : kind == 2 ? log2(x) : log10(x);
    else
      r = x == 0.0 ? -HUGE_VAL : NAN;
  } else if (isnan(x) || x > 0.0) {
    r = x;
  } else {
    r = NAN;
  }
  return check1(x, r, 0, site);
}

double apc_math_log(double x, const apc_site *site) { return log_kind(x, 0, site); }
double apc_math_log2(double x, const apc_site *site) { return log_kind(x, 2, site); }
double apc_math_log10(double x, const apc_site *site) { return log_kind(x, 10, site); }

double apc_math_log_base(double x, double base, const apc_site *site) {
  double num = log_kind(x, 0, site);
  double den = log_kind(base, 0, site);
  if (den == 0.0) apc_raise("ZeroDivisionError", "float division by zero", site);
  return num / den;
}

double apc_math_pow(double x, double y, const apc_site *site) {
  if (!isfinite(x) || !isfinite(y)) {
    if (isnan(x)) return y == 0.0 ? 1.0 : x;
    if (isnan(y)) return x == 1.0 ? 1.0 : y;
    if (isinf(x)) {
      int odd_y = isfinite(y) && fmod(fabs(y), 2.0) == 1.0;
      if (y > 0.0) return odd_y ? x : fabs(x);
      if (y == 0.0) return 1.0;
      return odd_y ? copysign(0.0, x) : 0.0;
    }
    /* y infinite, x finite */
    if (fabs(x) == 1.0) return 1.0;
    if (y > 0.0 && fabs(x) > 1.0) return y;
    if (y < 0.0 && fabs(x) < 1.0) return -y;
    return 0.0;
  }
  double r = pow(x, y);
  if (isnan(r)) domain_error(site);            /* negative ** non-integer */
  if (isinf(r)) {
    if (x == 0.0) domain_error(site); /* 0 ** negative */
    range_error(site);
  }
  return r;
}

double apc_math_fmod(double x, double y, const apc_site *site) {
  if (isinf(y) && isfinite(x)) return x;
  double r = fmod(x, y);
  if (isnan(r) && !isnan(x) && !isnan(y)) domain_error(site);
  return r;
}

double apc_math_atan2(double y, double x) {
  const double pi = 3.141592653589793238462643383279502884;
  if (isnan(x) || isnan(y)) return NAN;
  if (isinf(y)) {
    if (isinf(x)) return copysign(copysign(1.0, x) == 1.0 ? 0.25 * pi : 0.75 * pi, y);
    return copysign(0.5 * pi, y);
  }
  if (isinf(x) || y == 0.0) {
    if (copysign(1.0, x) == 1.0) return copysign(0.0, y);
    return copysign(pi, y);
  }
  return atan2(y, x);
}

/* ---- hypot: CPython 3.11's vector_norm for two coordinates ------------- */

/* Compensated running sum: *sum += x, with the rounding error of that
 * addition added to *err (|*sum| >= |x| holds throughout). */
static void comp_add(double *sum, double *err, double x) {
  double old = *sum;
  *sum += x;
  *err += (old - *sum) + x;
}

/* Veltkamp split: x == *hi + *lo with *hi holding the top 26 bits. */
static void split(double x, double *hi, double *lo) {
  double t = x * 134217729.0; /* 2**27 + 1 */
  *hi = t - (t - x);
  *lo = x - *hi;
}

/* sqrt(a*a + b*b) for finite a, b >= 0 with max = max(a, b) > 0. The sum
 * starts at 1.0 (subtracted at the end) so every addend is smaller than it;
 * three error terms carry what the additions drop. */
static double norm2(double a, double b, double max) {
  double v[2] = {a, b};
  double csum = 1.0, frac1 = 0.0, frac2 = 0.0, frac3 = 0.0, hi, lo;
  int max_e;
  frexp(max, &max_e);
  if (max_e < -1023) {
    /* 2**-max_e would overflow: divide by max instead of scaling. */
    for (int i = 0; i < 2; i++) {
      double x = v[i] / max;
      comp_add(&csum, &frac1, x * x);
    }
    return max * sqrt(csum - 1.0 + frac1);
  }
  double scale = ldexp(1.0, -max_e); /* brings max into [0.5, 1) exactly */
  for (int i = 0; i < 2; i++) {
    split(v[i] * scale, &hi, &lo);
    comp_add(&csum, &frac1, hi * hi);
    comp_add(&csum, &frac2, 2.0 * hi * lo);
    frac3 += lo * lo;
  }
  double h = sqrt(csum - 1.0 + (frac1 + frac2 + frac3));
  /* Differential correction: subtract h*h exactly, then h += residual/2h. */
  split(h, &hi, &lo);
  comp_add(&csum, &frac1, -hi * hi);
  comp_add(&csum, &frac2, -2.0 * hi * lo);
  comp_add(&csum, &frac3, -lo * lo);
  double x = csum - 1.0 + (frac1 + frac2 + frac3);
  return (h + x / (2.0 * h)) / scale;
}

double apc_math_hypot(double x, double y) {
  double a = fabs(x), b = fabs(y);
  if (isinf(a) || isinf(b)) return INFINITY;
  if (isnan(a) || isnan(b)) return NAN;
  double max = a > b ? a : b;
  if (max == 0.0) return 0.0;
  return norm2(a, b, max);
}

/* ---- integers -------------------------------------------------------------- */

int64_t apc_math_isqrt(int64_t n, const apc_site *site) {
  if (n < 0) apc_raise("ValueError", "isqrt() argument must be nonnegative", site);
  uint64_t u = (uint64_t)n;
  uint64_t r = (uint64_t)sqrt((double)u); /* within 1 of the answer */
  while (r * r > u) r--;
  while ((r + 1) * (r + 1) <= u) r++; /* r + 1 <= 3037000500: no overflow */
  return (int64_t)r;
}

int64_t apc_math_gcd(int64_t a, int64_t b, const apc_site *site) {
  uint64_t x = a < 0 ? (uint64_t)0 - (uint64_t)a : (uint64_t)a;
  uint64_t y = b < 0 ? (uint64_t)0 - (uint64_t)b : (uint64_t)b;
  while (y) {
    uint64_t t = x % y;
    x = y;
    y = t;
  }
  if (x > (uint64_t)INT64_MAX) {
    char msg[128];
    snprintf(msg, sizeof msg, APC__INT_TOO_LARGE "gcd(%lld, %lld)", (long long)a, (long long)b);
    apc_raise("OverflowError", msg, site);
  }
  return (int64_t)x;
}
