# Int floor division and modulo sign table over negative/positive pairs; checks a == (a // b) * b + a % b.
def show(a: int, b: int) -> None:
    q = a // b
    r = a % b
    print(a, b, q, r, q * b + r == a)


for a in range(-7, 8):
    for b in range(-3, 4):
        if b != 0:
            show(a, b)
print(-7 // 2, -7 % 2, 7 // -2, 7 % -2, -7 // -2, -7 % -2)
print(-1 // 10, -1 % 10, 1 // -10, 1 % -10)
print(1000000007 // -13, -1000000007 % 13)
print(0 // 5, 0 % 5, 0 // -5, 0 % -5)
x = -17
x //= 5
print(x)
y = -17
y %= 5
print(y)
print(-2 ** 2, (-2) ** 2, -7 // 2 * 2, -(7 // 2))
