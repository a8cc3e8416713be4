/* random.c: the random module.
 *
 * Owns: the module's single Mersenne Twister (MT19937) state and every
 * random.* function apc supports (seed, random, getrandbits, randrange,
 * randint, uniform, gauss, plus the _randbelow draws behind choice and
 * shuffle), reproducing CPython 3.11 bit for bit: _randommodule.c's
 * init_genrand/init_by_array/genrand_uint32, random_random and getrandbits,
 * and random.py's _randbelow_with_getrandbits, randrange (with its error
 * messages), randint, uniform and gauss (with the cached gauss_next).
 * Does not own: list access for choice/shuffle (the compiler emits those
 * inline around apc_random_randbelow; see random.h for the recipe).
 */
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L
#endif

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "apc_rt.h"
#include "random.h"

/* uniform and gauss must round every product and sum on its own, as
 * CPython's bytecode does; never let the compiler fuse them into an fma. */
#if defined(__clang__)
#pragma STDC FP_CONTRACT OFF
#elif defined(__GNUC__)
#pragma GCC optimize("fp-contract=off")
#endif

__extension__ typedef __int128 i128;
__extension__ typedef unsigned __int128 u128;

/* ---- MT19937, as in CPython's _randommodule.c --------------------------- */

#define MT_N 624
#define MT_M 397
#define MATRIX_A 0x9908b0dfU
#define UPPER_MASK 0x80000000U
#define LOWER_MASK 0x7fffffffU

static uint32_t mt[MT_N];
/* MT_N + 1 = never seeded: the first draw seeds from urandom, like the
 * import of CPython's random module does. */
static int mti = MT_N + 1;
static bool gauss_has_next = false;
static double gauss_next = 0.0;

static void init_genrand(uint32_t s) {
  mt[0] = s;
  for (int i = 1; i < MT_N; i++) mt[i] = 1812433253U * (mt[i - 1] ^ (mt[i - 1] >> 30)) + (uint32_t)i;
  mti = MT_N;
}

static void init_by_array(const uint32_t *key, size_t key_length) {
  init_genrand(19650218U);
  size_t i = 1, j = 0;
  size_t k = MT_N > key_length ? MT_N : key_length;
  for (; k; k--) {
    mt[i] = (mt[i] ^ ((mt[i - 1] ^ (mt[i - 1] >> 30)) * 1664525U)) + key[j] + (uint32_t)j; /* non linear */
    i++;
    j++;
    if (i >= MT_N) {
      mt[0] = mt[MT_N - 1];
      i = 1;
    }
    if (j >= key_length) j = 0;
  }
  for (k = MT_N - 1; k; k--) {
    mt[i] = (mt[i] ^ ((mt[i - 1] ^ (mt[i - 1] >> 30)) * 1566083941U)) - (uint32_t)i; /* non linear */
    i++;
    if (i >= MT_N) {
      mt[0] = mt[MT_N - 1];
      i = 1;
    }
  }
  mt[0] = 0x80000000U; /* MSB is 1; assuring non-zero initial array */
}

static uint32_t genrand_uint32(void) {
  static const uint32_t mag01[2] = {0x0U, MATRIX_A};
  uint32_t y;
  if (mti >= MT_N) { /* generate N words at one time */
    if (mti > MT_N) apc_random_seed_default();
    int kk;
    for (kk = 0; kk < MT_N - MT_M; kk++) {
      y = (mt[kk] & UPPER_MASK) | (mt[kk + 1] & LOWER_MASK);
      mt[kk] = mt[kk + MT_M] ^ (y >> 1) ^ mag01[y & 0x1U];
    }
    for (; kk < MT_N - 1; kk++) {
      y = (mt[kk] & UPPER_MASK) | (mt[kk + 1] & LOWER_MASK);
      mt[kk] = mt[kk + (MT_M - MT_N)] ^ (y >> 1) ^ mag01[y & 0x1U];
    }
    y = (mt[MT_N - 1] & UPPER_MASK) | (mt[0] & LOWER_MASK);
    mt[MT_N - 1] = mt[MT_M - 1] ^ (y >> 1) ^ mag01[y & 0x1U];
    mti = 0;
  }
  y = mt[mti++];
  y ^= (y >> 11);
  y ^= (y << 7) & 0x9d2c5680U;
  y ^= (y << 15) & 0xefc60000U;
  y ^= (y >> 18);
  return y;
}

/* ---- seeding ------------------------------------------------------------ */

void apc_random_seed(int64_t seed) {
  /* CPython: n = abs(arg); key = n's 32-bit words, least significant first,
   * as many as n needs (at least one). */
  uint64_t n = seed < 0 ? (uint64_t)0 - (uint64_t)seed : (uint64_t)seed;
  uint32_t key[2] = {(uint32_t)(n & 0xffffffffU), (uint32_t)(n >> 32)};
  init_by_array(key, key[1] ? 2 : 1);
  gauss_has_next = false;
}

static bool read_urandom(void *buf, size_t len) {
  int fd;
  do {
    fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);
  } while (fd < 0 && errno == EINTR);
  if (fd < 0) return false;
  unsigned char *p = buf;
  while (len > 0) {
    ssize_t r = read(fd, p, len);
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) {
      close(fd);
      return false;
    }
    p += r;
    len -= (size_t)r;
  }
  close(fd);
  return true;
}

void apc_random_seed_default(void) {
  uint32_t key[MT_N];
  if (read_urandom(key, sizeof key)) {
    init_by_array(key, MT_N);
  } else {
    /* CPython's random_seed_time_pid. */
    struct timespec ts;
    int64_t now;
    clock_gettime(CLOCK_REALTIME, &ts);
    now = (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
    key[0] = (uint32_t)((uint64_t)now & 0xffffffffU);
    key[1] = (uint32_t)((uint64_t)now >> 32);
    key[2] = (uint32_t)getpid();
    clock_gettime(CLOCK_MONOTONIC, &ts);
    now = (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
    key[3] = (uint32_t)((uint64_t)now & 0xffffffffU);
    key[4] = (uint32_t)((uint64_t)now >> 32);
    init_by_array(key, 5);
  }
  gauss_has_next = false;
}

/* ---- draws -------------------------------------------------------------- */

double apc_random_random(void) {
  uint32_t a = genrand_uint32() >> 5, b = genrand_uint32() >> 6;
  return (a * 67108864.0 + b) * (1.0 / 9007199254740992.0);
}

/* getrandbits(k) for 0 <= k <= 64: CPython fills 32-bit words least
 * significant first, the last one shifted right to keep its top bits. */
static uint64_t getrandbits_u64(int k) {
  if (k == 0) return 0;
  if (k <= 32) return genrand_uint32() >> (32 - k);
  uint64_t lo = genrand_uint32();
  uint64_t hi = genrand_uint32() >> (64 - k);
  return lo | hi << 32;
}

static int bit_length_u64(uint64_t n) {
  int k = 0;
  while (n) {
    k++;
    n >>= 1;
  }
  return k;
}

/* _randbelow_with_getrandbits(n) for 1 <= n <= 2**64. */
static uint64_t randbelow_wide(u128 n) {
  if (n > UINT64_MAX) {
    /* n == 2**64: k = 65, i.e. three words, the last shifted to one bit. */
    for (;;) {
      uint64_t lo = genrand_uint32();
      uint64_t mid = genrand_uint32();
      uint32_t top = genrand_uint32() >> 31;
      if (!top) return lo | mid << 32;
    }
  }
  uint64_t m = (uint64_t)n;
  int k = bit_length_u64(m);
  uint64_t r = getrandbits_u64(k);
  while (r >= m) r = getrandbits_u64(k);
  return r;
}

int64_t apc_random_randbelow(int64_t n) {
  if (n <= 0) return 0; /* not reached: the compiler guarantees n > 0 */
  return (int64_t)randbelow_wide((u128)(uint64_t)n);
}

int64_t apc_random_getrandbits(int64_t k, const apc_site *site) {
  /* CPython parses k as a C int before looking at its sign. */
  if (k < INT_MIN || k > INT_MAX) apc_raise("OverflowError", "Python int too large to convert to C int", site);
  if (k < 0) apc_raise("ValueError", "number of bits must be non-negative", site);
  if (k > 63) {
    char msg[96];
    snprintf(msg, sizeof msg, "int too large for apc's 64-bit int: getrandbits(%lld) with k > 63", (long long)k);
    apc_raise("OverflowError", msg, site);
  }
  return (int64_t)getrandbits_u64((int)k);
}

/* ---- randrange / randint ------------------------------------------------ */

/* Decimal text of v (needs 41 bytes); returns buf. */
static char *i128_to_dec(i128 v, char *buf) {
  char tmp[41];
  int n = 0;
  u128 m = v < 0 ? (u128)0 - (u128)v : (u128)v;
  do {
    tmp[n++] = (char)('0' + (int)(m % 10));
    m /= 10;
  } while (m);
  char *p = buf;
  if (v < 0) *p++ = '-';
  while (n) *p++ = tmp[--n];
  *p = '\0';
  return buf;
}

/* randrange(start, stop, step) with stop widened so that randint's b + 1
 * never overflows. The result always lies between start and stop, so it
 * fits in int64. */
static int64_t randrange_core(int64_t start, i128 stop, int64_t step, const apc_site *site) {
  i128 width = stop - (i128)start;
  if (step == 1) {
    if (width > 0) return (int64_t)((i128)start + (i128)randbelow_wide((u128)width));
    char a[41], b[41], c[41], msg[160];
    snprintf(msg, sizeof msg, "empty range for randrange() (%s, %s, %s)", i128_to_dec(start, a), i128_to_dec(stop, b),
             i128_to_dec(width, c));
    apc_raise("ValueError", msg, site);
  }
  if (step == 0) apc_raise("ValueError", "zero step for randrange()", site);
  /* step > 0: n = (width + step - 1) // step, positive iff width > 0, then
   * ceil(width / step). step < 0: n = (width + step + 1) // step, positive
   * iff width < 0, then ceil(-width / -step). With step != 1, stop is an
   * int64, so |width| < 2**64. */
  uint64_t w, s;
  if (step > 0) {
    if (width <= 0) apc_raise("ValueError", "empty range for randrange()", site);
    w = (uint64_t)width;
    s = (uint64_t)step;
  } else {
    if (width >= 0) apc_raise("ValueError", "empty range for randrange()", site);
    w = (uint64_t)(-width);
    s = (uint64_t)0 - (uint64_t)step;
  }
  uint64_t n = (w - 1) / s + 1;
  uint64_t r = randbelow_wide(n);
  return (int64_t)((i128)start + (i128)step * (i128)r);
}

int64_t apc_random_randrange(int64_t start, int64_t stop, int64_t step, const apc_site *site) {
  return randrange_core(start, stop, step, site);
}

int64_t apc_random_randrange1(int64_t stop, const apc_site *site) {
  if (stop > 0) return apc_random_randbelow(stop);
  apc_raise("ValueError", "empty range for randrange()", site);
}

int64_t apc_random_randint(int64_t a, int64_t b, const apc_site *site) {
  return randrange_core(a, (i128)b + 1, 1, site);
}

/* ---- float distributions ------------------------------------------------ */

double apc_random_uniform(double a, double b) {
  return a + (b - a) * apc_random_random();
}

double apc_random_gauss(double mu, double sigma) {
  double z;
  if (gauss_has_next) {
    z = gauss_next;
    gauss_has_next = false;
  } else {
    const double twopi = 2.0 * 3.141592653589793;
    double x2pi = apc_random_random() * twopi;
    double g2rad = sqrt(-2.0 * log(1.0 - apc_random_random()));
    z = cos(x2pi) * g2rad;
    gauss_next = sin(x2pi) * g2rad;
    gauss_has_next = true;
  }
  return mu + z * sigma;
}

/* ---- choice / shuffle --------------------------------------------------- */

int64_t apc_random_choice_index(int64_t n, const apc_site *site) {
  if (n <= 0) apc_raise("IndexError", "Cannot choose from an empty sequence", site);
  return apc_random_randbelow(n);
}

void apc_random_shuffle_raw(void *data, int64_t n, int64_t elem_size) {
  unsigned char *base = data;
  size_t es = (size_t)elem_size;
  for (int64_t i = n - 1; i >= 1; i--) {
    int64_t j = apc_random_randbelow(i + 1);
    if (j == i) continue;
    unsigned char *x = base + (size_t)i * es, *y = base + (size_t)j * es;
    for (size_t b = 0; b < es; b++) {
      unsigned char t = x[b];
      x[b] = y[b];
      y[b] = t;
    }
  }
}
