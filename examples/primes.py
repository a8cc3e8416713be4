# A bundled example: count primes below N by trial division, the kind of
# numeric Python apc compiles to native code. Run it with:
#   npx apc run examples/primes.py 200000
import sys
import math


def is_prime(n: int) -> bool:
    if n < 2:
        return False
    if n % 2 == 0:
        return n == 2
    limit = math.isqrt(n)
    d = 3
    while d <= limit:
        if n % d == 0:
            return False
        d += 2
    return True


def count_primes(limit: int) -> int:
    count = 0
    for n in range(limit):
        if is_prime(n):
            count += 1
    return count


n = int(sys.argv[1]) if len(sys.argv) > 1 else 100000
print("primes below", n, "=", count_primes(n))
print("density", count_primes(n) / n)
