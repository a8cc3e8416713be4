# Benchmark: sieve of Eratosthenes over a list of bools (list allocation, strided stores,
# a linear scan). Usage: sieve.py [N]; prints the number of primes <= N, their sum, and
# the largest.
import sys


def sieve(n: int) -> list:
    flags = [True] * (n + 1)
    flags[0] = False
    flags[1] = False
    p = 2
    while p * p <= n:
        if flags[p]:
            for m in range(p * p, n + 1, p):
                flags[m] = False
        p += 1
    return flags


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 20000000
    flags = sieve(n)
    count = 0
    total = 0
    largest = 0
    for i in range(n + 1):
        if flags[i]:
            count += 1
            total += i
            largest = i
    print(count, total, largest)


main()
