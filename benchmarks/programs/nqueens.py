# Benchmark: count the placements of N non-attacking queens by recursive backtracking
# with lists of bools for the occupied columns and diagonals (recursion, list loads and
# stores, branches); the first row uses the board's mirror symmetry. Usage: nqueens.py [N]; prints each board size 1..N and its number of
# solutions.
import sys


def place(row: int, n: int, cols: list, down: list, up: list) -> int:
    if row == n:
        return 1
    count = 0
    for c in range(n):
        d = row + c
        u = row - c + n - 1
        if not cols[c] and not down[d] and not up[u]:
            cols[c] = True
            down[d] = True
            up[u] = True
            count += place(row + 1, n, cols, down, up)
            cols[c] = False
            down[d] = False
            up[u] = False
    return count


def solutions(n: int) -> int:
    cols = [False] * n
    down = [False] * (2 * n - 1)
    up = [False] * (2 * n - 1)
    total = 0
    # a queen in column c of the first row mirrors one in column n - 1 - c
    for c in range((n + 1) // 2):
        cols[c] = True
        down[c] = True
        up[n - 1 - c] = True
        count = place(1, n, cols, down, up)
        cols[c] = False
        down[c] = False
        up[n - 1 - c] = False
        if n % 2 == 1 and c == n // 2:
            total += count
        else:
            total += 2 * count
    return total


def main() -> None:
    largest = int(sys.argv[1]) if len(sys.argv) > 1 else 13
    for n in range(1, largest + 1):
        print(n, solutions(n))


main()
