# Benchmark: naive doubly recursive Fibonacci (function-call overhead, int add/compare).
# Usage: fib.py [N]; prints fib(N).
import sys


def fib(n: int) -> int:
    if n < 2:
        return n
    return fib(n - 1) + fib(n - 2)


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 36
    print(fib(n))


main()
