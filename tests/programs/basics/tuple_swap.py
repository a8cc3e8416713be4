# Tuple assignment: swaps, parallel assignment, the a, b = b, a % b gcd loop, rotation of three.
a = 1
b = 2
a, b = b, a
print(a, b)
x, y, z = 1, 2, 3
x, y, z = z, x, y
print(x, y, z)
p = 1.5
q = -2.5
p, q = q, p
print(p, q)


def gcd(a: int, b: int) -> int:
    while b != 0:
        print("  ", a, b)
        a, b = b, a % b
    return a


print(gcd(1071, 462))
print(gcd(462, 1071))
print(gcd(17, 5))
print(gcd(0, 9))


def fib_iter(n: int) -> int:
    a, b = 0, 1
    for _ in range(n):
        a, b = b, a + b
    return a


for n in range(0, 91, 10):
    print(n, fib_iter(n))
m, n = 10, 3
m, n = m // n, m % n
print(m, n)
lo, hi = 0.0, 1.0
for _ in range(5):
    lo, hi = (lo + hi) / 2, hi
    print(lo, hi)
