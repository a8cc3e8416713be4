# Number-theory kernel: trial-division primality and prime counting (no sieve), prime gaps.
def is_prime(n: int) -> bool:
    if n < 2:
        return False
    if n < 4:
        return True
    if n % 2 == 0 or n % 3 == 0:
        return False
    d = 5
    while d * d <= n:
        if n % d == 0 or n % (d + 2) == 0:
            return False
        d += 6
    return True


def count_primes(limit: int) -> int:
    count = 0
    for n in range(limit + 1):
        if is_prime(n):
            count += 1
    return count


for n in range(30):
    print(n, is_prime(n))
for e in range(1, 5):
    print(10 ** e, count_primes(10 ** e))
last = 2
max_gap = 0
gap_at = 0
for n in range(3, 20000, 2):
    if is_prime(n):
        if n - last > max_gap:
            max_gap = n - last
            gap_at = last
            print("new max gap", max_gap, "after", gap_at)
        last = n
print(last, max_gap, gap_at)
print(is_prime(1000000007), is_prime(1000000007 * 3), is_prime(2147483647))
print(is_prime(999999999989), is_prime(999999999987))
