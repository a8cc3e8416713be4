/* Benchmark: count N-queens solutions by recursive backtracking with bool arrays for
 * columns and diagonals, the first row using mirror symmetry; the C twin of
 * programs/nqueens.py. Usage: nqueens [N]; prints
 * each board size 1..N and its number of solutions. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>

static long long place(int row, int n, bool *cols, bool *down, bool *up) {
  if (row == n) return 1;
  long long count = 0;
  for (int c = 0; c < n; c++) {
    int d = row + c;
    int u = row - c + n - 1;
    if (!cols[c] && !down[d] && !up[u]) {
      cols[c] = down[d] = up[u] = true;
      count += place(row + 1, n, cols, down, up);
      cols[c] = down[d] = up[u] = false;
    }
  }
  return count;
}

static long long solutions(int n) {
  bool *cols = calloc(n, 1), *down = calloc(2 * n - 1, 1), *up = calloc(2 * n - 1, 1);
  long long total = 0;
  /* a queen in column c of the first row mirrors one in column n - 1 - c */
  for (int c = 0; c < (n + 1) / 2; c++) {
    cols[c] = down[c] = up[n - 1 - c] = true;
    long long count = place(1, n, cols, down, up);
    cols[c] = down[c] = up[n - 1 - c] = false;
    total += (n % 2 == 1 && c == n / 2) ? count : 2 * count;
  }
  free(cols);
  free(down);
  free(up);
  return total;
}

int main(int argc, char **argv) {
  int largest = argc > 1 ? atoi(argv[1]) : 13;
  for (int n = 1; n <= largest; n++) printf("%d %lld\n", n, solutions(n));
  return 0;
}
