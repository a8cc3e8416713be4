# Generator expressions with several for clauses, filters, tuple targets and
# str iterables inside, consumed by for (with continue, break, else), zip,
# enumerate, min/max/sorted/sum, dict() and str.join: lazily, in order.
def noisy(tag, x):
    print(tag, x)
    return x

pairs = [(1, 'a'), (2, 'b'), (3, 'c'), (4, 'd')]
for k, v in ((noisy("p", a), b) for a, b in pairs if a % 2 == 0):
    if k == 2:
        continue
    print("got", k, v)
else:
    print("done")
for x in (y * 2 for y in range(5)):
    if x > 4:
        break
    print("x", x)
else:
    print("not printed")
total = 0
for row in ([i * j for j in range(i)] for i in range(4)):
    total += sum(row)
    print(row)
print(total)
m = {k: v for k, v in zip("xyz", (noisy("z", n) for n in range(100)))}
print(m)
print(list(enumerate((c.upper() for c in "abc"), start=1)))
print(max(s for s in ["pear", "apple", "zoo"]), min((len(s), s) for s in ["pear", "fig"]))
print(sorted((x % 3, x) for x in range(7)))
print(any(c == "z" for word in ["ab", "cz", "de"] for c in noisy("w", word)))
words = ["a", "bb", "ccc"]
print(all(len(w) < 3 for w in words), any(len(w) > 2 for w in words))
print("".join(w.upper() for w in words if w), ",".join(str(i) for i in range(3)))
print(sum(1 for _ in range(10)), sum(x for x in []), tuple(x for x in "ab"))
print(set(x * x for x in [-1, 1, 2]), dict((x, x * x) for x in range(3)))
