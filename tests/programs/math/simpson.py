# Float kernel: composite Simpson integration of polynomials and sin(x)*exp(-x/8), with convergence as N grows.
import math


def f_sin(x: float) -> float:
    return math.sin(x) * math.exp(-x / 8)


def f_poly(x: float) -> float:
    return 3.0 * x * x + 2.0 * x + 1.0


def simpson_sin(a: float, b: float, n: int) -> float:
    h = (b - a) / n
    s = f_sin(a) + f_sin(b)
    for i in range(1, n):
        if i % 2 == 1:
            s += 4.0 * f_sin(a + i * h)
        else:
            s += 2.0 * f_sin(a + i * h)
    return s * h / 3.0


def simpson_poly(a: float, b: float, n: int) -> float:
    h = (b - a) / n
    s = f_poly(a) + f_poly(b)
    for i in range(1, n):
        w = 4.0 if i % 2 == 1 else 2.0
        s += w * f_poly(a + i * h)
    return s * h / 3.0


print(simpson_poly(0.0, 1.0, 2), simpson_poly(0.0, 2.0, 10), simpson_poly(-1.0, 1.0, 100))
n = 2
while n <= 4096:
    r = simpson_sin(0.0, math.pi, n)
    print(n, r, round(r, 8))
    n *= 4
print(simpson_sin(0.0, 10.0, 1000))
