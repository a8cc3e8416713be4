# Comprehensions (nested for, if filters, no leaking), generator expressions fed to builtins, enumerate/zip/reversed/sorted/sum/min/max/any/all.
xs = [3, 1, 4, 1, 5, 9, 2, 6]
x = "outer"
sq = [x * x for x in xs if x % 2]
print(sq, x)
pairs = [(i, j) for i in range(3) for j in range(i) if i + j > 1]
print(pairs)
print({w: len(w) for w in ["ab", "c", "def"]}, {n % 4 for n in xs}, [[r * c for c in range(3)] for r in range(2)])
print(sum(v * 2 for v in xs), sum(xs, 10), sum([0.5, 1.5], 1), min(v for v in xs if v > 2), max(xs, key=lambda v: -v))
print(any(v > 8 for v in xs), all(v > 0 for v in xs), any([]), all([]), sorted(v for v in xs), list(v + 1 for v in xs))
print(set(v for v in xs), dict((v, v * v) for v in xs[:3]), "-".join(str(v) for v in xs), ",".join(w.upper() for w in "a b".split()))
for i, v in enumerate(xs[:3], 10):
    print(i, v, end="; ")
print()
for a, b in zip(xs, "abc"):
    print(a, b, end="; ")
print()
print(list(enumerate("xy")), list(zip([1, 2, 3], [4.5, 5.5])), list(reversed(xs)), sorted(xs, reverse=True))
for i in reversed(range(3)):
    print(i, end=" ")
print()
print(max([2.5, -1.0]), min(["b", "a"]), max("hello"), len(xs), isinstance(xs, list), isinstance((1,), tuple))
counts = {}
for w in "a b a c b a".split():
    counts[w] = counts.get(w, 0) + 1
print(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])), max(counts.values()))
table = {k: [v] for k, v in counts.items()}
table["a"].append(0)
print(table)
