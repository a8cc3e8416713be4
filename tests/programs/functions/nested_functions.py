# Nested functions that capture nothing from the enclosing function (module globals are read-only fine), same inner names in two outers.
SCALE = 3


def sum_squares(n: int) -> int:
    def square(k: int) -> int:
        return k * k

    total = 0
    for i in range(n):
        total += square(i)
    return total


def sum_scaled(n: int) -> int:
    def square(k: int) -> int:
        return k * SCALE

    total = 0
    for i in range(n):
        total += square(i)
    return total


def outer(x: float) -> float:
    def inner(y: float) -> float:
        def innermost(z: float) -> float:
            return z * 0.5

        return innermost(y) + 1.0

    def other(y: float) -> float:
        return y * y

    return inner(x) + other(x)


def counter_like(n: int) -> int:
    def step(a: int, b: int) -> int:
        return a * 10 + b

    acc = 0
    for i in range(n):
        acc = step(acc, i)
        print("  acc", acc)
    return acc


print(sum_squares(10), sum_scaled(10))
print(outer(2.0), outer(-1.5))
print(counter_like(6))
SCALE = 100
print(sum_scaled(4))
