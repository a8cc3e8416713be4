# Benchmark: the longest Collatz chain for a start value below N (integer divide,
# multiply, branches in a data-dependent while loop). Usage: collatz.py [N]; prints the
# start value and its chain length (number of terms, counting the start and the final 1).
import sys


def chain_length(n: int) -> int:
    length = 1
    while n != 1:
        if n % 2 == 0:
            n = n // 2
        else:
            n = 3 * n + 1
        length += 1
    return length


def main() -> None:
    limit = int(sys.argv[1]) if len(sys.argv) > 1 else 300000
    best_start = 1
    best_length = 1
    for start in range(1, limit):
        length = chain_length(start)
        if length > best_length:
            best_length = length
            best_start = start
    print(best_start, best_length)


main()
