# Benchmark: Mandelbrot escape-time iteration over an N x N grid of [-2, 0.5] x [-1.25, 1.25]
# (float multiply/add in a tight loop). Usage: mandelbrot.py [N]; prints the number of
# points that never escape and the total iteration count.
import sys


def escape_time(cr: float, ci: float, max_iter: int) -> int:
    zr = 0.0
    zi = 0.0
    for i in range(max_iter):
        zr2 = zr * zr
        zi2 = zi * zi
        if zr2 + zi2 > 4.0:
            return i
        zi = 2.0 * zr * zi + ci
        zr = zr2 - zi2 + cr
    return max_iter


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 900
    max_iter = 100
    inside = 0
    iterations = 0
    for y in range(n):
        ci = -1.25 + 2.5 * y / n
        for x in range(n):
            cr = -2.0 + 2.5 * x / n
            k = escape_time(cr, ci, max_iter)
            iterations += k
            if k == max_iter:
                inside += 1
    print(inside, iterations)


main()
