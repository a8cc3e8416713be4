/* Benchmark: sieve of Eratosthenes over an array of bools; the C twin of
 * programs/sieve.py. Usage: sieve [N]; prints the number of primes <= N, their sum,
 * and the largest. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>

static bool *sieve(long long n) {
  bool *flags = malloc(n + 1);
  for (long long i = 0; i <= n; i++) flags[i] = true;
  flags[0] = false;
  flags[1] = false;
  for (long long p = 2; p * p <= n; p++)
    if (flags[p])
      for (long long m = p * p; m <= n; m += p) flags[m] = false;
  return flags;
}

int main(int argc, char **argv) {
  long long n = argc > 1 ? atoll(argv[1]) : 20000000;
  bool *flags = sieve(n);
  long long count = 0, total = 0, largest = 0;
  for (long long i = 0; i <= n; i++) {
    if (flags[i]) {
      count++;
      total += i;
      largest = i;
    }
  }
  printf("%lld %lld %lld\n", count, total, largest);
  free(flags);
  return 0;
}
