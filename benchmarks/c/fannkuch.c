/* Benchmark: pancake flips over every permutation of 0..N-1 in lexicographic order, its
 * mirror image and its inverse; the C twin of programs/fannkuch.py. Usage: fannkuch [N];
 * prints the alternating-sign weighted checksum of the flip counts and the largest. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>

/* variant 0: the permutation itself, 1: its mirror image, 2: its inverse */
static long long count_flips(const int *perm, int *work, int n, int variant) {
  for (int i = 0; i < n; i++) {
    if (variant == 0)
      work[i] = perm[i];
    else if (variant == 1)
      work[i] = perm[n - 1 - i];
    else
      work[perm[i]] = i;
  }
  long long flips = 0;
  int first = work[0];
  while (first != 0) {
    for (int i = 0, j = first; i < j; i++, j--) {
      int t = work[i];
      work[i] = work[j];
      work[j] = t;
    }
    flips++;
    first = work[0];
  }
  return flips;
}

static bool next_permutation(int *perm, int n) {
  int i = n - 2;
  while (i >= 0 && perm[i] >= perm[i + 1]) i--;
  if (i < 0) return false;
  int j = n - 1;
  while (perm[j] <= perm[i]) j--;
  int t = perm[i];
  perm[i] = perm[j];
  perm[j] = t;
  for (int lo = i + 1, hi = n - 1; lo < hi; lo++, hi--) {
    t = perm[lo];
    perm[lo] = perm[hi];
    perm[hi] = t;
  }
  return true;
}

int main(int argc, char **argv) {
  int n = argc > 1 ? atoi(argv[1]) : 9;
  int *perm = malloc(n * sizeof *perm), *work = malloc(n * sizeof *work);
  for (int i = 0; i < n; i++) perm[i] = i;
  long long checksum = 0, max_flips = 0, index = 0;
  bool more = true;
  while (more) {
    long long weighted = 0;
    for (int variant = 0; variant < 3; variant++) {
      long long flips = count_flips(perm, work, n, variant);
      if (flips > max_flips) max_flips = flips;
      weighted += (variant + 1) * flips;
    }
    if (index % 2 == 0)
      checksum += weighted;
    else
      checksum -= weighted;
    index++;
    more = next_permutation(perm, n);
  }
  printf("%lld %lld\n", checksum, max_flips);
  free(perm);
  free(work);
  return 0;
}
