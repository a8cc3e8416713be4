# Tuples: literals, indexing, unpacking (nested), multiple return values, hashing as dict keys, comparison.
def divmod2(a, b):
    return a // b, a % b


q, r = divmod2(17, 5)
print(q, r, divmod2(-17, 5))
t = (1, "two", 3.0)
print(t, t[0], t[-1], len(t), t[1:], (5,), ())
a, (b, c) = 1, (2, 3)
print(a, b, c)
points = [(1, 2), (3, 4), (0, -1)]
for x, y in points:
    print(x + y, end=" ")
print()
print(sorted(points), max(points), (1, 2) < (1, 3), (1, 2) == (1, 2))
seen = {(0, 0): "origin", (1, 0): "east"}
print(seen[(1, 0)], (0, 0) in seen, (2, 2) in seen)
first, second, third = [10, 20, 30]
print(first + second + third)
print(3 in (1, 2, 3), 4 in (1, 2, 3))
