# Local and module-level variables, reassignment, augmented assignment, one type per variable.
a = 5
b = a * 2
a = a + b
print(a, b)
c = 1.5
c = c * a
print(c)
flag = a > b
print(flag)
flag = not flag
print(flag)


def locals_demo(n: int) -> int:
    total = 0
    step = 3
    i = 0
    while i < n:
        total += step
        step += 1
        i += 1
    print("total", total, "step", step, "i", i)
    return total


r = locals_demo(6)
print(r)
r = locals_demo(0)
print(r)
x = 10
x -= 3
print(x)
x *= 4
print(x)
x //= 3
print(x)
x %= 5
print(x)
x **= 3
print(x)
y = 7.0
y /= 2
print(y)
y += 0.25
print(y)
y -= 10
print(y)
y *= -2
print(y)
y //= 3
print(y)
y %= 2.5
print(y)
y **= 2
print(y)
