# Benchmark: composite Simpson integration of sin(x) * exp(-x / 8) over [0, 20] with N
# intervals (libm calls and float accumulation). Usage: simpson.py [N]; N is rounded up
# to an even number; prints the integral.
import math
import sys


def f(x: float) -> float:
    return math.sin(x) * math.exp(-x / 8.0)


def simpson(a: float, b: float, n: int) -> float:
    h = (b - a) / n
    odd = 0.0
    even = 0.0
    for i in range(1, n):
        x = a + i * h
        if i % 2 == 1:
            odd += f(x)
        else:
            even += f(x)
    return (f(a) + f(b) + 4.0 * odd + 2.0 * even) * h / 3.0


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 10000000
    if n % 2 == 1:
        n += 1
    print(simpson(0.0, 20.0, n))


main()
