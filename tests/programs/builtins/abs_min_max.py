# abs, min and max with 2+ arguments on ints and floats, ties keep the first argument (-0.0 vs 0.0, nan).
import math

print(abs(-5), abs(5), abs(0), abs(-2.5), abs(2.5), abs(-0.0), abs(-9223372036854775807))
print(min(3, 7), min(7, 3), max(3, 7), max(7, 3))
print(min(4, 2, 8, 1, 9), max(4, 2, 8, 1, 9), min(-1, -1), max(-3, -2, -1))
print(min(1.5, 0.5), max(1.5, 0.5), min(2.5, -3.5, 1.0), max(2.5, -3.5, 1.0))
print(min(-0.0, 0.0), min(0.0, -0.0), max(-0.0, 0.0), max(0.0, -0.0))
print(max(math.nan, 1.0), max(1.0, math.nan), min(math.nan, 1.0), min(1.0, math.nan))
print(max(math.inf, 1e308), min(-math.inf, -1e308))
print(min(True, False), max(True, False))
a = 17
b = -4
c = 9
print(min(a, b, c), max(a, b, c), abs(b) + abs(c), max(abs(b), c))
lo = 1000
hi = -1000
for i in range(20):
    v = (i * 7919) % 101 - 50
    lo = min(lo, v)
    hi = max(hi, v)
    print(i, v, lo, hi)
x = 0.0
for i in range(5):
    x = max(x, abs(i * 1.5 - 4.0))
    print(x)
