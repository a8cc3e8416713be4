# RuntimeError when a set grows while being iterated (exit 1).
s = {1, 2}
for x in s:
    s.add(x + 10)
