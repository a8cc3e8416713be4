# Float kernel: Newton's method for square roots and cube roots, iteration counts and comparison with math.sqrt.
import math


def newton_sqrt(a: float) -> float:
    if a == 0.0:
        return 0.0
    x = a if a > 1.0 else 1.0
    for i in range(100):
        nx = 0.5 * (x + a / x)
        if abs(nx - x) <= 1e-15 * nx:
            print("  converged after", i + 1, "steps")
            return nx
        x = nx
    return x


def cube_root(a: float) -> float:
    x = 1.0
    steps = 0
    while True:
        nx = x - (x * x * x - a) / (3.0 * x * x)
        steps += 1
        if abs(nx - x) < 1e-12 or steps >= 200:
            break
        x = nx
    print("  cube root steps", steps)
    return nx


vals = 0
a = 0.5
while a < 1e7:
    s = newton_sqrt(a)
    print(a, s, math.sqrt(a), abs(s - math.sqrt(a)) <= 1e-12 * s)
    a = a * 7.3
    vals += 1
print(vals)
print(newton_sqrt(0.0), newton_sqrt(1.0), newton_sqrt(1e-6))
for k in range(1, 5):
    c = cube_root(k * 10.0)
    print(k * 10, c, round(c * c * c, 9))
