/* Benchmark: count primes <= N by trial division; the C twin of programs/primes.py.
 * Usage: primes [N]; prints the count and the largest prime found. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>

static bool is_prime(long long n) {
  if (n < 2) return false;
  if (n % 2 == 0) return n == 2;
  for (long long d = 3; d * d <= n; d += 2)
    if (n % d == 0) return false;
  return true;
}

int main(int argc, char **argv) {
  long long limit = argc > 1 ? atoll(argv[1]) : 1000000;
  long long count = 0, largest = 0;
  for (long long n = 0; n <= limit; n++) {
    if (is_prime(n)) {
      count++;
      largest = n;
    }
  }
  printf("%lld %lld\n", count, largest);
  return 0;
}
