# Conditional expressions: nesting, in arguments, on ints/floats/bools, right-associativity.
def sign(n: int) -> int:
    return 1 if n > 0 else (-1 if n < 0 else 0)


def clamp(x: float, lo: float, hi: float) -> float:
    return lo if x < lo else hi if x > hi else x


for n in range(-3, 4):
    print(n, sign(n), "even" if n % 2 == 0 else "odd")
for i in range(-2, 14, 3):
    x = i * 1.0
    print(x, clamp(x, 0.0, 10.0))
a = 5
b = 8
print(a if a > b else b, a if a < b else b)
print(max(a if a > 6 else 6, 7 if b > 9 else 1))
flag = True if a == 5 else False
print(flag, not flag if b == 8 else flag)
s = 0
for k in range(10):
    s += k if k % 3 == 0 else -1
print(s)
y = 1.5 if s > 0 else 2.5
print(y)
