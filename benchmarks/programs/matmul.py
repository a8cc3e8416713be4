# Benchmark: dense matrix multiply C = A x B on lists of lists of floats, i-k-j loop
# order, entries drawn from an LCG in [-0.5, 0.5). Usage: matmul.py [N]; prints the
# trace of C and the sum of all its entries (row by row).
import sys


def lcg_next(state: int) -> int:
    return (state * 1103515245 + 12345) % 2147483648


def zero_matrix(n: int) -> list:
    return [[0.0] * n for _ in range(n)]


def fill_random(m: list, n: int, state: int) -> int:
    for i in range(n):
        row = m[i]
        for j in range(n):
            state = lcg_next(state)
            row[j] = state / 2147483648.0 - 0.5
    return state


def matmul(a: list, b: list, n: int) -> list:
    c = zero_matrix(n)
    for i in range(n):
        ai = a[i]
        ci = c[i]
        for k in range(n):
            aik = ai[k]
            bk = b[k]
            for j in range(n):
                ci[j] += aik * bk[j]
    return c


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 400
    a = zero_matrix(n)
    b = zero_matrix(n)
    state = fill_random(a, n, 42)
    fill_random(b, n, state)
    c = matmul(a, b, n)
    trace = 0.0
    total = 0.0
    for i in range(n):
        trace += c[i][i]
        for j in range(n):
            total += c[i][j]
    print(trace, total)


main()
