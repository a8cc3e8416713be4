# Dicts: literals, get/set, KeyError-free access, in, get, setdefault, pop, update, del, keys/values/items order, len, equality.
counts = {}
for w in "the cat and the hat and the bat".split():
    counts[w] = counts.get(w, 0) + 1
print(counts)
print(len(counts), counts["the"], "cat" in counts, "dog" in counts)
for k in counts:
    print(k, end=" ")
print()
for k, v in counts.items():
    print(f"{k}={v}", end=" ")
print()
print(list(counts.keys()), list(counts.values()))
del counts["cat"]
counts["cat"] = 9
print(counts)
print(counts.pop("hat"), counts.pop("zzz", -1), counts)
groups = {}
for n in range(10):
    groups.setdefault(n % 3, []).append(n)
print(groups)
d2 = {"a": 1.5}
d2.update({"b": 2.5, "a": 0.5})
print(d2, d2 == {"b": 2.5, "a": 0.5})
squares = {i: i * i for i in range(5)}
print(squares, sum(squares.values()))
counts["the"] += 10
print(counts["the"])
