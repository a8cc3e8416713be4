# Project plan program 1: add(a, b) returning a + b, called with ints and with floats.
def add(a, b):
    return a + b


print(add(2, 3))
print(add(-7, 4))
print(add(0, 0))
print(add(1000000000000, 2345678901234))
print(add(1.5, 2.25))
print(add(0.1, 0.2))
print(add(-1.0, 1.0))
print(add(1e300, 1e300))
x = add(10, 20)
y = add(x, x)
print(x, y)
f = add(2.5, 2.5)
print(f, add(f, 0.5))
