# Benchmark: count the primes <= N by trial division with odd divisors up to sqrt(n)
# (integer modulo and loops, no sieve). Usage: primes.py [N]; prints the count and the
# largest prime found.
import sys


def is_prime(n: int) -> bool:
    if n < 2:
        return False
    if n % 2 == 0:
        return n == 2
    d = 3
    while d * d <= n:
        if n % d == 0:
            return False
        d += 2
    return True


def main() -> None:
    limit = int(sys.argv[1]) if len(sys.argv) > 1 else 1000000
    count = 0
    largest = 0
    for n in range(limit + 1):
        if is_prime(n):
            count += 1
            largest = n
    print(count, largest)


main()
