/* arith.c: the arithmetic operators and builtins that are not inlined.
 *
 * Owns: int ** int (overflow-checked), float ** float with CPython's
 * float_pow special cases, float // and % (CPython's float_divmod, signed
 * zeros included), and round() for floats (to int, and to nd digits, correctly
 * rounded) and for ints (nd < 0, half to even).
 * Does not own: the math module (math.c) or int(float) (convert.c).
 */
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L
#endif

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rt_internal.h"

/* ---- ** ------------------------------------------------------------------ */

int64_t apc_int_pow(int64_t base, int64_t exp, const apc_site *site) {
  if (exp < 0)
    apc_raise("ValueError",
              "apc_int_pow called with a negative exponent (int ** negative int is a float)",
              site);
  int64_t result = 1, b = base, e = exp;
  while (e) {
    if ((e & 1) && __builtin_mul_overflow(result, b, &result)) goto overflow;
    e >>= 1;
    /* Squaring is only needed while bits remain; if it overflows then the
     * result (a multiple of it) does too. */
    if (e && __builtin_mul_overflow(b, b, &b)) goto overflow;
  }
  return result;
overflow:;
  char msg[128];
  snprintf(msg, sizeof msg, APC__INT_TOO_LARGE "%lld ** %lld", (long long)base,
           (long long)exp);
  apc_raise("OverflowError", msg, site);
}

static int is_odd_integer(double x) { return fmod(fabs(x), 2.0) == 1.0; }

double apc_float_pow(double v, double w, const apc_site *site) {
  int negate = 0;
  if (w == 0.0) return 1.0; /* v**0 is 1, even 0**0 and nan**0 */
  if (isnan(v)) return v;
  if (isnan(w)) return v == 1.0 ? 1.0 : w;
  if (isinf(w)) {
    double av = fabs(v);
    if (av == 1.0) return 1.0;
    if ((w > 0.0) == (av > 1.0)) return fabs(w); /* inf */
    return 0.0;
  }
  if (isinf(v)) {
    int odd = is_odd_integer(w);
    if (w > 0.0) return odd ? v : fabs(v);
    return odd ? copysign(0.0, v) : 0.0;
  }
  if (v == 0.0) {
    if (w < 0.0) apc_raise("ZeroDivisionError", "0.0 cannot be raised to a negative power", site);
    return is_odd_integer(w) ? v : 0.0;
  }
  if (v < 0.0) {
    if (w != floor(w)) {
      /* CPython hands this to complex pow, which fails first when the
       * magnitude |v| ** w overflows. */
      if (isinf(pow(-v, w))) apc_raise("OverflowError", "complex exponentiation", site);
      apc_raise("ValueError",
                "negative number cannot be raised to a fractional power (CPython "
                "returns a complex number here; apc has no complex type)",
                site);
    }
    v = -v;
    negate = is_odd_integer(w);
  }
  if (v == 1.0) return negate ? -1.0 : 1.0; /* also (-1) ** huge_int */
  double r = pow(v, w);
  /* v, w finite here: an infinite result is an overflow; underflow to 0 is
   * not an error. */
  if (isinf(r)) apc_raise("OverflowError", "(34, 'Numerical result out of range')", site);
  return negate ? -r : r;
}

/* ---- // and % ------------------------------------------------------------ */

double apc_float_mod(double a, double b, const apc_site *site) {
  if (b == 0.0) apc_raise("ZeroDivisionError", "float modulo", site);
  double mod = fmod(a, b);
  if (mod != 0.0) {
    if ((b < 0) != (mod < 0)) mod += b; /* the sign follows the divisor */
  } else {
    mod = copysign(0.0, b);
  }
  return mod;
}

double apc_float_floordiv(double a, double b, const apc_site *site) {
  if (b == 0.0) apc_raise("ZeroDivisionError", "float floor division by zero", site);
  double mod = fmod(a, b);
  /* a - mod is mathematically a multiple of b; the division may be a hair
   * off an integer, hence the snapping below. */
  double div = (a - mod) / b;
  if (mod != 0.0 && (b < 0) != (mod < 0)) div -= 1.0;
  double floordiv;
  if (div != 0.0) {
    floordiv = floor(div);
    if (div - floordiv > 0.5) floordiv += 1.0;
  } else {
    floordiv = copysign(0.0, a / b); /* zero with the sign of a/b */
  }
  return floordiv;
}

/* ---- round ----------------------------------------------------------------- */

int64_t apc_round_float(double v, const apc_site *site) {
  double r = round(v); /* half away from zero... */
  if (fabs(v - r) == 0.5) r = 2.0 * round(v / 2.0); /* ...fixed to half even */
  return apc_float_to_int(r, site);
}

/* Round the digit string d (n digits) half to even after its first `keep`
 * digits (0 <= keep < n); `sticky` says whether nonzero digits follow d.
 * Writes the kept digits (one more after a carry, "0" if none) to out and
 * returns their count. */
static size_t round_digits(const char *d, size_t n, size_t keep, int sticky, char *out) {
  int up;
  if (d[keep] != '5') {
    up = d[keep] > '5';
  } else {
    int rest = sticky;
    for (size_t i = keep + 1; i < n && !rest; i++) rest = d[i] != '0';
    up = rest || (keep > 0 && (d[keep - 1] - '0') % 2 == 1);
  }
  char tmp[400];
  tmp[0] = '0'; /* room for a carry out of the first digit */
  memcpy(tmp + 1, d, keep);
  size_t len = keep + 1;
  if (up) {
    size_t i = keep;
    while (tmp[i] == '9') tmp[i--] = '0';
    tmp[i]++;
  }
  const char *s = tmp;
  if (len > 1 && s[0] == '0') s++, len--;
  memcpy(out, s, len);
  return len;
}

double apc_round_float_nd_at(double v, int64_t nd, const apc_site *site) {
  if (!isfinite(v)) return v;
  /* Beyond these every double rounds to itself / to a signed zero
   * (CPython's NDIGITS_MAX and NDIGITS_MIN). */
  if (nd > 323) return v;
  if (nd < -308) return 0.0 * v;
  char buf[1200];
  if (nd >= 0) {
    /* glibc's printf is exact and rounds exact ties to even, like the
     * correctly rounded dtoa CPython uses; strtod reads back exactly. */
    snprintf(buf, sizeof buf, "%.*f", (int)nd, v);
    return strtod(buf, NULL);
  }
  size_t k = (size_t)-nd; /* round to a multiple of 10**k */
  double a = fabs(v);
  if (a < 1.0) return 0.0 * v;
  /* a >= 1 has at most 52 binary, hence 52 decimal, fraction digits. */
  char digits[400];
  snprintf(buf, sizeof buf, "%.52f", a);
  char *dot = strchr(buf, '.');
  size_t int_len = (size_t)(dot - buf);
  int sticky = 0;
  for (const char *f = dot + 1; *f; f++) sticky |= *f != '0';
  if (int_len < k) return 0.0 * v; /* a < 10**(k-1) < half of 10**k */
  char *p = digits;
  if (signbit(v)) *p++ = '-';
  p += round_digits(buf, int_len, int_len - k, sticky, p);
  snprintf(p, 16, "e%zu", k);
  double r = strtod(digits, NULL);
  if (isinf(r)) apc_raise("OverflowError", "rounded value too large to represent", site);
  return r;
}

double apc_round_float_nd(double v, int64_t nd) { return apc_round_float_nd_at(v, nd, NULL); }

int64_t apc_round_int_nd(int64_t v, int64_t nd, const apc_site *site) {
  if (nd >= 0) return v;
  if (nd < -19) return 0; /* |v| < 2**63 < 10**19 / 2 */
  int64_t q;
  if (nd == -19) {
    /* 10**19 does not fit in int64: the result is 0 or +-10**19. */
    uint64_t mag = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
    if (mag <= 5000000000000000000ULL) return 0; /* exact tie rounds to even 0 */
    goto overflow;
  }
  int64_t p = 1;
  for (int64_t i = 0; i < -nd; i++) p *= 10;
  q = v / p;
  int64_t r = v % p; /* same sign as v */
  int64_t twice = r < 0 ? -2 * r : 2 * r;
  if (twice > p || (twice == p && (q & 1))) q += r < 0 ? -1 : 1;
  int64_t result;
  if (__builtin_mul_overflow(q, p, &result)) goto overflow;
  return result;
overflow:;
  char msg[128];
  snprintf(msg, sizeof msg, APC__INT_TOO_LARGE "round(%lld, %lld)", (long long)v, (long long)nd);
  apc_raise("OverflowError", msg, site);
}
