# dict.keys(), .values(), .items() are live views: printed as CPython
# prints them, iterated, measured, tested for membership, compared, and
# seeing every later change to their dict.
d = {1: 10, 2: 20}
print(d.keys())
print(d.values())
print(d.items())
ks = d.keys()
vs = d.values()
its = d.items()
d[3] = 30
del d[1]
print(ks, vs, its)
print(len(ks), len(vs), len(its))
print(2 in ks, 1 in ks, 30 in vs, 10 in vs, (2, 20) in its, (2, 21) in its, (9, 20) in its)
print(list(ks), sorted(vs, reverse=True), list(its))
print(sum(vs), max(ks), min(its))
for k in ks:
    print("key", k)
for k, v in its:
    print("item", k, v)
e = {}
e[2] = 0
e[3] = 0
print(ks == e.keys(), its == e.items(), e.items() != its)
print(bool(e.keys()), bool({}.keys()))
names = {"b": [1, 2], "a": []}
print(names.keys(), names.values(), names.items())
print(str(names.keys()), repr(names.items()), f"{names.values()}")
print([d.keys(), d.keys()])
empty: dict[str, float] = {}
print(empty.keys(), empty.values(), empty.items())
print(set(d.keys()), tuple(d.values()), dict(d.items()))
print([k * 2 for k in d.keys() if k > 2])
words = {"x": 1, "y": 2}
print(", ".join(words.keys()))
