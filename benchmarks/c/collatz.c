/* Benchmark: longest Collatz chain for a start value below N; the C twin of
 * programs/collatz.py. Usage: collatz [N]; prints the start value and its chain length. */
#include <stdio.h>
#include <stdlib.h>

static long long chain_length(long long n) {
  long long length = 1;
  while (n != 1) {
    if (n % 2 == 0)
      n = n / 2;
    else
      n = 3 * n + 1;
    length++;
  }
  return length;
}

int main(int argc, char **argv) {
  long long limit = argc > 1 ? atoll(argv[1]) : 300000;
  long long best_start = 1, best_length = 1;
  for (long long start = 1; start < limit; start++) {
    long long length = chain_length(start);
    if (length > best_length) {
      best_length = length;
      best_start = start;
    }
  }
  printf("%lld %lld\n", best_start, best_length);
  return 0;
}
