# Recursion: naive recursive fib, recursive factorial and sum, compared with iterative versions.
def fib(n: int) -> int:
    if n < 2:
        return n
    return fib(n - 1) + fib(n - 2)


def fib_iter(n: int) -> int:
    a = 0
    b = 1
    for _ in range(n):
        a, b = b, a + b
    return a


def fact(n: int) -> int:
    if n <= 1:
        return 1
    return n * fact(n - 1)


def sum_to(n: int) -> int:
    return 0 if n == 0 else n + sum_to(n - 1)


def power(x: float, n: int) -> float:
    if n == 0:
        return 1.0
    half = power(x, n // 2)
    if n % 2 == 0:
        return half * half
    return half * half * x


for n in range(21):
    print(n, fib(n), fib(n) == fib_iter(n))
print(fact(20), sum_to(500))
print(power(2.0, 10), power(1.5, 7), power(0.5, 30))
