/* random.h: the random module (prototypes to be mirrored in apc_rt.h).
 *
 * One global Mersenne Twister (MT19937) state, bit-for-bit the generator of
 * CPython 3.11's Modules/_randommodule.c plus the Python-level methods of
 * Lib/random.py (Random._randbelow is _randbelow_with_getrandbits, as for
 * CPython's Random class). After random.seed(n) every function below yields
 * exactly CPython's values, in the same order, from the same state.
 *
 * The state is seeded lazily from /dev/urandom (624 words, like CPython at
 * import; time + pid when urandom is unreadable) the first time a number is
 * drawn before any seed call, so program start needs no call.
 */
#ifndef APC_RANDOM_H
#define APC_RANDOM_H

#include <stdint.h>

#include "apc_rt.h"

/* random.seed(n): init_by_array with |n| split into 32-bit words, least
 * significant first (n = 0 -> key [0]; |INT64_MIN| = 2**63 is used as is);
 * also clears gauss's cached value (gauss_next = None). */
void apc_random_seed(int64_t seed);
/* random.seed() / random.seed(None): 624 words from /dev/urandom, else
 * time and pid; clears gauss's cached value. */
void apc_random_seed_default(void);

/* random.random(): 53-bit float in [0.0, 1.0). Uses two 32-bit outputs. */
double apc_random_random(void);

/* random.getrandbits(k): k outside C int -> OverflowError "Python int too
 * large to convert to C int" (CPython parses k as an int first); other
 * k < 0 -> ValueError "number of bits must be non-negative"; k == 0 -> 0 (draws nothing); 1 <= k <= 32 draws one 32-bit
 * output (>> 32-k), 33 <= k <= 63 two (the first is the low word). k >= 64
 * would be a big int in CPython: OverflowError "int too large for apc's
 * 64-bit int: getrandbits(k) with k > 63" (nothing drawn). */
int64_t apc_random_getrandbits(int64_t k, const apc_site *site);

/* Random._randbelow(n) for n > 0 (the compiler guarantees n > 0):
 * k = n.bit_length(); r = getrandbits(k) until r < n. Note n == 1 still
 * draws one 32-bit output (getrandbits(1)), as in CPython. */
int64_t apc_random_randbelow(int64_t n);

/* random.randrange(start, stop) and random.randrange(start, stop, step)
 * (the 2-argument form is step = 1, exactly as in CPython), with 3.11's
 * errors:
 *   step == 1, stop <= start: ValueError
 *       "empty range for randrange() (start, stop, stop - start)"
 *   step == 0:                ValueError "zero step for randrange()"
 *   other empty ranges:       ValueError "empty range for randrange()"
 * Widths past 64 bits (e.g. randrange(-2**63, 2**63 - 1)) are handled
 * exactly as CPython's big ints would. */
int64_t apc_random_randrange(int64_t start, int64_t stop, int64_t step, const apc_site *site);
/* random.randrange(stop): stop <= 0 -> ValueError
 * "empty range for randrange()"; else _randbelow(stop). */
int64_t apc_random_randrange1(int64_t stop, const apc_site *site);
/* random.randint(a, b) = randrange(a, b + 1) (b = 2**63 - 1 works; the error
 * for b < a reads "empty range for randrange() (a, b+1, b+1-a)"). */
int64_t apc_random_randint(int64_t a, int64_t b, const apc_site *site);

/* random.uniform(a, b) = a + (b - a) * random() (no fused multiply-add). */
double apc_random_uniform(double a, double b);
/* random.gauss(mu, sigma): returns mu + z * sigma, where z is the cached
 * gauss_next if there is one (then cleared), else
 *   x2pi = random() * 2*pi; g2rad = sqrt(-2.0 * log(1.0 - random()));
 *   z = cos(x2pi) * g2rad; gauss_next = sin(x2pi) * g2rad. */
double apc_random_gauss(double mu, double sigma);

/* ---- choice and shuffle --------------------------------------------------
 * Both only ever draw through _randbelow, so emitting these calls inline
 * reproduces CPython exactly:
 *
 *   random.choice(seq), n = len(seq):
 *       if n == 0: raise IndexError("Cannot choose from an empty sequence")
 *       result = seq[apc_random_randbelow(n)]
 *     (apc_random_choice_index below does the check and the draw.)
 *
 *   random.shuffle(x), n = len(x):
 *       for (int64_t i = n - 1; i >= 1; i--) {
 *         int64_t j = apc_random_randbelow(i + 1);
 *         swap(x[i], x[j]);            (also when j == i)
 *       }
 *     i.e. n - 1 calls with arguments n, n-1, ..., 2 in that order; an
 *     empty or 1-element list draws nothing.
 *     (apc_random_shuffle_raw below does exactly this on a plain array.)
 */
/* The index choice(seq) picks for len(seq) == n: n <= 0 -> IndexError
 * "Cannot choose from an empty sequence"; else _randbelow(n). */
int64_t apc_random_choice_index(int64_t n, const apc_site *site);
/* shuffle() on n contiguous elements of elem_size bytes each (elements are
 * moved bitwise; reference counts are unaffected by a permutation). */
void apc_random_shuffle_raw(void *data, int64_t n, int64_t elem_size);

#endif
