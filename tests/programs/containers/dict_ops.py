# Dicts: get/setdefault/pop/popitem/update, insertion order after delete and reinsert, order-insensitive ==, printing with str/float/tuple keys and nested values, dict(), iteration forms.
d = {"b": 2, "a": 1, "c": 3}
print(d, len(d), d["a"], "a" in d, "z" in d, "z" not in d)
d["d"] = 4
d["b"] = 20
del d["a"]
d["a"] = 100
print(d, list(d), list(d.keys()), list(d.values()), list(d.items()))
print(d.get("a", 0), d.get("zz", -1), d.setdefault("e", 5), d.setdefault("b", 0), d)
print(d.pop("c"), d.pop("c", -7), d.popitem(), d)
d.update({"x": 9, "b": 1})
print(d)
for k in d:
    print(k, d[k], end="; ")
print()
for k, v in d.items():
    print(k, v, end="; ")
print()
for v in d.values():
    print(v, end=" ")
print()
print(sorted(d), sorted(d.values()), sorted(d.items()), max(d), min(d.values()))
print({1: "a", 2: "b"} == {2: "b", 1: "a"}, {1: "a"} == {1: "b"}, {1: "a"} != {1: "a", 2: "b"}, {} == {})
fk = {0.5: "half", -1.25: "neg", 2.0: "two"}
print(fk, fk[2.0], 2 in fk)
tk = {(0, 1): [1.5], (2, 3): []}
tk[(2, 3)].append(0.25)
tk[(4, 5)] = [9.0, 8.0]
print(tk, tk[(0, 1)])
nested = {"xs": {"a": [1, 2]}, "ys": {}}
nested["ys"]["b"] = [3]
nested["xs"]["a"].append(4)
print(nested, len(nested["xs"]))
e = dict()
e[3] = 9
orig = {1: 2}
copied = dict(orig)
copied[5] = 6
print(e, orig, copied, dict([(1, "one"), (2, "two")]), dict(zip(["p", "q"], [1.5, 2.5])))
c = d.copy()
c["new"] = 0
print(len(c), len(d), c == d)
c.clear()
print(c, len(c))
inv = {v: k for k, v in {"one": 1, "two": 2}.items()}
print(inv)
scores: dict[str, int] = {}
scores["z"] = 1
print(scores)
counts = {}
for ch in "mississippi":
    counts[ch] = counts.get(ch, 0) + 1
print(counts, sorted(counts.items(), key=lambda kv: -kv[1]))
order = {}
for i in [5, -3, 100, 0, 7]:
    order[i] = i * i
del order[100]
order[100] = 1
print(order, list(order.items())[0])
bools = {1: True, 2: False}
bools[3] = True
print(bools, [k for k, v in bools.items() if v])
