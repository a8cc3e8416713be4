# math module basics: sqrt, floor/ceil/trunc (return int), fabs, pow, isqrt, gcd, constants pi and e; int arguments accepted.
import math

print(math.pi, math.e, 2 * math.pi, math.pi / 4)
print(math.sqrt(2.0), math.sqrt(16), math.sqrt(0.0), math.sqrt(1e-300), math.sqrt(-0.0))
print(math.floor(2.5), math.floor(-2.5), math.floor(3), math.floor(-0.5), math.floor(1e15 + 0.5))
print(math.ceil(2.5), math.ceil(-2.5), math.ceil(3), math.ceil(-0.5), math.ceil(0.000001))
print(math.trunc(2.7), math.trunc(-2.7), math.trunc(5), math.trunc(-0.9))
print(math.fabs(-3), math.fabs(2.5), math.fabs(-0.0), math.fabs(-1e308))
print(math.pow(2, 10), math.pow(2.0, 0.5), math.pow(-2.0, 3.0), math.pow(10.0, -3.0), math.pow(0.0, 0.0))
print(math.isqrt(0), math.isqrt(1), math.isqrt(15), math.isqrt(16), math.isqrt(17), math.isqrt(10 ** 18))
print(math.isqrt(9223372036854775807), math.isqrt(999999999999999999))
print(math.gcd(12, 18), math.gcd(-12, 18), math.gcd(0, 7), math.gcd(0, 0), math.gcd(17, 5), math.gcd(2 ** 40, 6 ** 20))
for i in range(10):
    x = i * 0.75 - 3.0
    print(x, math.floor(x), math.ceil(x), math.trunc(x), round(x))
total = 0
for n in range(1, 100):
    r = math.isqrt(n)
    total += r
    if r * r == n:
        print("square", n)
print(total)
print(math.floor(7 / 2) + math.ceil(7 / 2), math.sqrt(3 * 3 + 4 * 4))
