# Unpacking a tuple(...) of the wrong length: CPython's ValueError.
t = tuple(range(3))
a, b = t
print(a, b)
