/* intdiv.c: int / int true division with CPython's correct rounding.
 *
 * Owns: apc_int_truediv, the slow path the backend calls when an operand
 * does not fit a double's 53-bit mantissa (both fitting is the inline fast
 * path: (double)a / (double)b, exactly what CPython does then). CPython
 * rounds the exact quotient once; converting each operand first would round
 * twice. The divisor is never 0 here (checked inline).
 */
#include <math.h>
#include <stdint.h>

#include "apc_rt.h"

static int bit_length(uint64_t v) { return v ? 64 - __builtin_clzll(v) : 0; }

double apc_int_truediv(int64_t a, int64_t b) {
  int negative = (a < 0) != (b < 0);
  uint64_t ua = a < 0 ? -(uint64_t)a : (uint64_t)a;
  uint64_t ub = b < 0 ? -(uint64_t)b : (uint64_t)b;
  if (ua == 0) return negative ? -0.0 : 0.0;
  /* Scale the numerator so the quotient has 65 or 66 bits: more than the
   * 53 kept plus a guard bit, with the remainder folded into a sticky bit. */
  int shift = bit_length(ub) + 65 - bit_length(ua);
  unsigned __int128 num = (unsigned __int128)ua << shift;
  unsigned __int128 q = num / ub;
  if (num % ub) q |= 1; /* sticky: the quotient is inexact */
  double d = ldexp((double)q, -shift); /* one correct rounding, then exact scaling */
  return negative ? -d : d;
}
