# Chained comparisons: semantics, mixed int/float, and that each middle operand is evaluated once and lazily.
def v(n: int) -> int:
    print("  eval", n)
    return n


for n in range(-1, 12, 3):
    print(n, 0 < n < 10, 0 <= n <= 5, n < 0 < 1, 10 > n >= 2)
print(1 < 2 < 3 < 4, 1 < 2 > 1 < 3, 1 == 1 == 1, 1 == 1 != 2, 3 > 2 > 2)
print(1 < 1.5 < 2, 0.5 <= 1 <= 1.0, -1.0 < 0 == 0.0)
print("chain 1")
print(v(1) < v(2) < v(3))
print("chain 2")
print(v(3) < v(2) < v(1))
print("chain 3")
print(v(1) < v(5) > v(4) >= v(4) == v(4) != v(7))
print("chain 4")
print(v(1) == v(2) == v(3))
x = 5
if 0 < x < 10:
    print("x in (0, 10)")
if not 0 < x < 3:
    print("x not in (0, 3)")
count = 0
for a in range(5):
    for b in range(5):
        if a < b <= 3:
            count += 1
print(count)
