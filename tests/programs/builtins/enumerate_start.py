# enumerate's start, by position and by keyword, in loops and as values.
xs = ["a", "b", "c"]
for i, x in enumerate(xs, start=5):
    print(i, x)
for i, x in enumerate(xs, -2):
    print(i, x)
print(list(enumerate(xs, start=10)))
print([i * 2 for i, _ in enumerate(xs, start=True)])
d = dict(enumerate("xyz", start=1))
print(d)
