# Benchmark: the spectral norm of the infinite matrix A(i, j) = 1 / ((i+j)(i+j+1)/2 + i + 1)
# truncated to N x N, by ten rounds of power iteration on A^T A (nested float loops over
# lists, a small function called N^2 times per product). Usage: spectralnorm.py [N];
# prints the norm.
import math
import sys


def a_elem(i: int, j: int) -> float:
    return 1.0 / ((i + j) * (i + j + 1) // 2 + i + 1)


def times_a(v: list, out: list, n: int) -> None:
    for i in range(n):
        s = 0.0
        for j in range(n):
            s += a_elem(i, j) * v[j]
        out[i] = s


def times_a_transposed(v: list, out: list, n: int) -> None:
    for i in range(n):
        s = 0.0
        for j in range(n):
            s += a_elem(j, i) * v[j]
        out[i] = s


def times_ata(v: list, out: list, scratch: list, n: int) -> None:
    times_a(v, scratch, n)
    times_a_transposed(scratch, out, n)


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 650
    u = [1.0] * n
    v = [0.0] * n
    scratch = [0.0] * n
    for _ in range(10):
        times_ata(u, v, scratch, n)
        times_ata(v, u, scratch, n)
    v_bv = 0.0
    vv = 0.0
    for i in range(n):
        v_bv += u[i] * v[i]
        vv += v[i] * v[i]
    print(math.sqrt(v_bv / vv))


main()
