# Tuples: singletons, negative indexing, slicing, nested unpacking, loops with tuple targets, hash() as CPython's, keys and set members, comparisons, tuple(), count/index.
one = (7,)
print(one, len(one), one[0], (), len(()), (1, 2) + (3,), one + one)
t = (10, 20, 30, 40, 50)
print(t[-1], t[-5], t[1:3], t[::-1], t[::2], t[-2:], t[:100], t[4:1:-1])
print(20 in t, 25 in t, 25 not in t, len(t))
(a, b), c = (1, 2), 3
x, (y, (z, w)) = "p", (2.5, (True, "q"))
print(a, b, c, x, y, z, w)
for (i, j), k in [((1, 2), 3), ((4, 5), 6)]:
    print(i + j + k, end=" ")
print()
for i, (name, score) in enumerate([("a", 1.5), ("b", 2.5)], 1):
    print(i, name, score)
for n, (f, g) in zip(range(3), [(1, 2), (3, 4)]):
    print(n, f, g)
print(hash((1, 2)), hash((1, 2, 3)), hash(()), hash((-1, 0)), hash((2**40, -7, 0)))
print(hash((1, (2, 3))), hash(((1, 2), (3, 4))), hash((True, False)), hash(-1), hash((-1, -2)), hash(2.5), hash((0.5, -1)))
grid = {}
for r in range(3):
    for s in range(2):
        grid[(r, s)] = r * 10 + s
print(grid, grid[(2, 1)], (1, 1) in grid, (5, 5) in grid)
seen = {(1, 2), (2, 1), (1, 2), (0, 0), (-1, 3)}
print(seen, len(seen), (2, 1) in seen, (3, 3) in seen)
visited = set()
for p in [(3, 4), (1, 1), (3, 4), (10, -2), (0, 100)]:
    visited.add(p)
print(visited)
named = {("ann", 1): 1.5, ("bob", 2): 2.5}
print(named, named[("bob", 2)])


def minmax(xs):
    return min(xs), max(xs), len(xs)


lo, hi, n = minmax([4, -2, 9])
print(lo, hi, n, minmax([1.5, 0.5]))
print((1, 2) < (1, 3), (1, 2) < (1, 2, 0), (2,) > (1, 9), (1, 2) <= (1, 2), (1, "b") >= (1, "a"), (1, 2) != (2, 1))
print((1.5, "x") == (1.5, "x"), ("a", 2) < ("b", 1), max([(1, "z"), (2, "a"), (2, "b")]))
print((1, 2) == (1.0, 2.0), (1, 2) == (1, 2, 0), (1, "a") == (1, 2), ((1, 2), 3.5) == ((1.0, 2), 3.5), (1, 2.5) < (1, 3), (0, 0) <= (0,))
m = [(1, 2), (3, 4)]
m[0] = (5, 6)
print(m, [p + q for p, q in m])
swap = (1, 2)
u, v = swap
u, v = v, u
print(u, v, swap)
