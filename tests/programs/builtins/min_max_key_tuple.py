# min/max with a key returning a tuple, a str, a list; several str/tuple arguments.
def f(x):
    return (x % 3, -x)


def name(p):
    return p[1]


xs = [5, 7, 9, 4, 12]
print(max(xs, key=f), min(xs, key=f))
print(max(xs, key=lambda x: (x % 2, x)), min(xs, key=lambda x: [x % 4, x]))
pairs = [(1, "pear"), (2, "apple"), (3, "zoo")]
print(min(pairs, key=name), max(pairs, key=name))
print(max("b", "a", "c"), min("b", "a", "c"), max("abc", "abd"))
print(max((1, "x"), (1, "y")), min([3, 1], [2, 9], [2]))
