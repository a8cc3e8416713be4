# Int arithmetic near (never over) the signed 64-bit limits, folded constants and runtime values.
MAX = 9223372036854775807
MIN = -9223372036854775807 - 1


def add(a: int, b: int) -> int:
    return a + b


def sub(a: int, b: int) -> int:
    return a - b


def mul(a: int, b: int) -> int:
    return a * b


def fdiv(a: int, b: int) -> int:
    return a // b


def mod(a: int, b: int) -> int:
    return a % b


print(MAX)
print(MIN)
print(MAX - 1, MIN + 1)
print(add(MAX, 0), add(MAX, -1), add(MIN, 1), add(MAX, MIN))
print(sub(MAX, MAX), sub(MIN, MIN), sub(0, MAX), sub(-1, MAX))
print(sub(MAX, 1) + 1 == MAX)
print(2 ** 62 - 1 + 2 ** 62)
print(-(2 ** 62) * 2)
print(mul(3037000499, 3037000499))
print(mul(-3037000499, 3037000499))
print(mul(4611686018427387903, 2))
print(mul(-4611686018427387904, 2))
print(mul(MAX, 1), mul(MAX, -1), mul(MIN, 1))
print(fdiv(MAX, 2), fdiv(MIN, 2), fdiv(MAX, -1), fdiv(MIN, 3), fdiv(MIN, -3))
print(mod(MAX, 10), mod(MIN, 10), mod(MAX, -10), mod(MIN, -10))
print(mod(MIN, 7), mod(MAX, 7), fdiv(MAX, MAX), fdiv(MIN, MIN), fdiv(MIN, MAX))
print(abs(MIN + 1), abs(-MAX))
print(-MAX)
print(MAX > MIN, MAX == 9223372036854775807, MIN < -MAX)
print(max(MAX, MIN), min(MAX, MIN))
print(10 ** 18, 9 * 10 ** 18, 10 ** 18 * 9 + 223372036854775807)
big = 1
steps = 0
while big < MAX // 2:
    big *= 2
    steps += 1
print(big, steps)
neg = -1
steps = 0
while neg > MIN // 3:
    neg *= 3
    steps += 1
print(neg, steps)
acc = MAX
for i in range(10):
    acc -= 922337203685477580
    print(acc)
print(float(MAX), float(MIN))
print(int(9.2e18), int(-9.2e18))
print(MAX // 1000000007 * 1000000007 + MAX % 1000000007 == MAX)
