# from math import ...: names used unqualified alongside `import math` in the same program.
import math
from math import sqrt, pi, floor, e, inf, isnan, log

print(sqrt(2.0), pi, e, floor(pi), inf, isnan(inf - inf))
print(sqrt(pi) == math.sqrt(math.pi), log(e), log(100, 10))


def circle_area(r: float) -> float:
    return pi * r * r


def diagonal(a: float, b: float) -> float:
    return sqrt(a * a + b * b)


for r in range(1, 6):
    x = r * 1.0
    print(r, circle_area(x), diagonal(x, x + 1), floor(circle_area(x)))
