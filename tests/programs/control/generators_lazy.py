# A generator expression passed to a builtin or iterated by a loop is lazy:
# elements are computed one at a time, and nothing past the element where
# the consumer stops is evaluated (side effects show it).
def f(x):
    print("f", x)
    return x > 1


xs = [1, 2, 3, 4]
print(any(f(x) for x in xs))
print(all(f(x) for x in xs))
print(all(not f(x) for x in xs))
print(any(x > 5 for x in range(10 ** 12)))
print(all(x < 5 for x in range(10 ** 12)))


def g(tag, x):
    print(tag, x)
    return x


print(list(zip((g("a", x) for x in range(3)), (g("b", y) for y in range(2)))))
for i, v in enumerate(g("e", x) for x in [7, 8, 9]):
    print("got", i, v)
    if v == 8:
        break
for x in (g("n", a * b) for a in range(1, 4) for b in range(a) if (a + b) % 2 == 1):
    print("loop", x)
    if x >= 2:
        break
print(any(a == b for a in range(10 ** 9) for b in range(3)))
print(sum(x * x for x in range(5)), min(len(w) for w in ["abc", "d"]), sorted(-x for x in xs))
print(any(g("z", x) for x in []), all(g("z", x) for x in []))
pairs = {k: v for k, v in zip("abc", (g("p", i) for i in range(10)))}
print(pairs)
print("-".join(str(g("j", x)) for x in range(3)))
print(list(x for x in range(4) if x % 2), tuple(x + 1 for x in xs), set(x % 2 for x in xs))
