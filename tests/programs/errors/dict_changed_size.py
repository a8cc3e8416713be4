# RuntimeError when a dict grows while being iterated (exit 1).
d = {1: 1, 2: 4}
for k in d:
    print(k)
    d[k + 10] = 0
