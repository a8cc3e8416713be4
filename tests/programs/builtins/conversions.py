# int(), float() and bool() conversions: truncation toward zero, float('inf'/'nan'), bool of numbers.
print(int(3.99), int(-3.99), int(0.5), int(-0.5), int(1e18), int(-1e18), int(2.0 ** 62))
print(int(7), int(True), int(False), int(-0.0))
print(float(7), float(-3), float(True), float(0), float(10 ** 18), float(2 ** 53 + 1))
print(float(1.5), float("inf"), float("-inf"), float("nan"))
print(bool(0), bool(1), bool(-5), bool(0.0), bool(-0.0), bool(0.001), bool(float("nan")), bool(True), bool(False))
for i in range(-3, 4):
    x = i * 0.7
    print(x, int(x), float(int(x)), bool(x), bool(int(x)))
n = 17
f = float(n) / 2
print(f, int(f), int(f) * 2 == n)
print(int(float(123456789)), int(1e15 + 0.5), int(-1e15 - 0.5))
print(int(9.223372036854775e18), int(-9.223372036854775e18))
