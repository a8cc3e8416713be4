# KeyError from popitem() on an empty dict (exit 1).
d = {'a': 1}
print(d.popitem())
d.popitem()
