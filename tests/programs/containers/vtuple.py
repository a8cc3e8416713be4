# tuple(iterable): tuples whose length is known only at run time
# (tuple[T, ...]): building, indexing, slicing, iteration, operators,
# hashing as dict keys and set members, unpacking, methods, functions.
import random

xs = [3, 1, 2]
t = tuple(x * 2 for x in xs)
print(t, len(t), t[0], t[-1], t[True])
print(tuple(sorted(xs)), tuple(xs), tuple(range(4)), tuple(range(2, 11, 3)), tuple("abc"), tuple([]), tuple([5]))
d = {"x": 1, "y": 2}
print(tuple(d), tuple(d.items()), tuple(d.values()), tuple({7}), tuple(enumerate("ab")))
print(tuple(t) == t, tuple(i * i for i in range(6) if i % 2))

# slicing gives a tuple
u = tuple(range(10))
print(u[1:], u[::-1], u[2:8:2], u[-3:], u[:0], u[100:], u[::-3])

# membership, count, index
print(2 in t, 7 in t, True in tuple([1]), t.count(2), t.index(6), u.index(9))

# iteration and the builtins over iterables
for v in t:
    print(v, end=" ")
print()
for i, v in enumerate(t):
    print(i, v, end="; ")
print()
print(sum(t), min(t), max(t), sorted(t), sorted(t, reverse=True), list(t), set(t))
print(any(tuple([0, 0])), all(tuple([])), list(zip(t, "xyz")), list(reversed(t)))
print([v + 1 for v in t], {v: v * v for v in t})

# operators
print(t + tuple(xs), t * 2, 2 * tuple("ab"), tuple([1]) * 0)
acc = tuple([0])
for i in range(1, 4):
    acc += tuple([i])
print(acc)
print(t == tuple([6, 2, 4]), t != tuple([6, 2, 4]), t < tuple([6, 3]), t <= t, t > tuple([6, 2]), t >= tuple([7]))
print(tuple([1, 2]) < tuple([1, 2, 0]), tuple("ab") < tuple("b"), tuple([]) < tuple([0]))
print(tuple(xs) == xs, tuple(xs) != xs)
e = tuple([])
if e:
    print("nonempty")
else:
    print("empty", len(e), e == tuple([]), bool(t))

# printing: str, repr, f-strings, floats and bools and strs inside
fl = tuple([1.5, 2.0, 1e20, -0.0, 0.1 + 0.2])
print(fl, str(fl), repr(fl), f"{fl}!", f"{fl!r}")
bs = tuple([True, False, True])
print(bs, bs[1], bs[-1], bs.count(True), list(bs), bs == tuple([True, False, True]))
flags = tuple(x > 1 for x in xs)
print(flags, tuple(bs) + flags, sum(flags), flags[::-1], False in flags, [f for f in flags if f], set(flags))
ss = tuple("it's a \"test\"".split())
print(ss, ss[-1], "-".join(ss), len(ss))
print(tuple([[1], [2, 3]]), [tuple("ab"), tuple("c")], {"k": tuple([1.0])})

# hashing: dict keys and set members, CPython's tuple hash (set order)
counts = {}
for w in ["ab", "ba", "ab", "c"]:
    key = tuple(sorted(w))
    counts[key] = counts.get(key, 0) + 1
print(counts, counts[tuple("ab")], tuple("ab") in counts)
s = set()
for i in range(6):
    for j in range(3):
        s.add(tuple([i, j, i * j]))
print(s)
print(set(tuple(range(i)) for i in range(8)))
print({tuple([1, 2]), tuple([3]), tuple([1, 2])}, tuple([2, 1]) in {tuple([2, 1])})
print(hash(tuple([1, 2, 3])) == hash((1, 2, 3)), hash(tuple([])) == hash(()), hash(tuple([1.5, -1.0])) == hash((1.5, -1.0)))

# unpacking into a fixed number of targets
a, b, c = t
print(a, b, c)
pairs = [tuple([1, 2]), tuple([3, 4])]
for p, q in pairs:
    print(p, q)
print([p * q for p, q in pairs], min(pairs), max(pairs, key=lambda r: r[1]))

# nested: tuple[tuple[int, ...], ...]
nested = tuple(tuple(range(i)) for i in range(4))
print(nested, nested[2][1], len(nested[3]), nested[1:], sorted(nested, reverse=True))
grid = tuple(tuple(r * 3 + c for c in range(3)) for r in range(3))
print(sum(sum(row) for row in grid), tuple(row[1] for row in grid))

# passing to and returning from functions, annotations
def doubled(x: tuple[int, ...]) -> tuple[int, ...]:
    return x + x

def prefix_sums(values):
    out = []
    total = 0
    for v in values:
        total += v
        out.append(total)
    return tuple(out)

def build(n):
    if n == 0:
        return tuple([0])
    return build(n - 1) + tuple([n])

names: tuple[str, ...] = tuple(w.upper() for w in ["a", "b"])
print(doubled(t), doubled(tuple([])), prefix_sums(t), build(4), names)
print(tuple(x for x in prefix_sums(tuple(range(5))) if x > 2))

# more consumers: random.choice, list.extend, key functions, str elements
random.seed(3)
r = tuple(range(10, 20))
print(random.choice(r), random.choice(tuple("xyz")))
ys = [1]
ys.extend(r)
print(ys, sorted(r, key=lambda v: -v)[:3], list(enumerate(tuple("ab"))))
wt = tuple(["b", "a"])
print(max(wt), min(wt), sorted(wt), wt.index("a"), "a" in wt, wt.count("z"))

def first(t: tuple[float, ...]):
    return t[0] if t else -1.0

print(first(tuple([2.5])), first(tuple([1.5])[1:]))
print(tuple(x for x in r if x % 3 == 0), tuple(i for i in reversed(r))[:2])
z = tuple(range(0))
print(z, len(z), z[:], z + z, sum(z))
print(tuple(k for k in {"k": 1}), tuple(s for s in sorted({3, 1, 2})))
print(tuple(tuple([1, 2])), tuple((1, 2, 3)), tuple(zip([1, 2], "ab")))
