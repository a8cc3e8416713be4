# list[bool] is stored one byte per element: every list operation on it, nested, sorted, sliced, compared.
def make():
    return []

xs = make()
xs.append(True)
xs.append(False)
print(xs, xs[0], xs[-1], len(xs))
flags = [True] * 10
flags[3] = False
flags[2:6] = [False, True]
print(flags, flags.count(True), flags.index(False), False in flags)
del flags[::2]
print(flags)
flags.sort()
print(flags, sorted([True, False, True], reverse=True))
flags.insert(0, True)
flags.extend([False] * 3)
print(flags, flags.pop(), flags.pop(1), flags[1:4], flags[::-1])
g = [[True, False], [False]]
print(g, g == [[True, False], [False]], g < [[True]])
ks = [3, 1, 2]
ks.sort(key=lambda k: k > 1)
print(ks)
print([x > 1 for x in range(4)], list(reversed([True, False, False])))
a = [False] * 3
b = a + [True]
print(b, b.copy(), b * 2)
for f in b:
    print(f, end=" ")
print()
