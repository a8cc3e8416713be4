# apc must refuse: a tuple(...) of any length is immutable (CPython raises TypeError), and apc does not compare it with a fixed-length tuple.
xs = [1, 2, 3]
t = tuple(xs)
t[0] = 5  # error: E0201
t[1] += 1  # error: E0201
del t[0]  # error: E0201
t[0:1] = [4]  # error: E0201
t.append(4)  # error: E0105
print(t == (1, 2, 3))  # error: E0301
p = (1, 2)
p[0] += 1  # error: E0201
