# Specialization: one unannotated function called with int, float and bool arguments gets one version per type combination.
def twice(x):
    return x + x


def scale(x, k):
    return x * k


def mix(a, b, c):
    return a * b - c


def larger(a, b):
    if a > b:
        return a
    return b


def poly(x):
    return 3 * x * x - 2 * x + 1


print(twice(21), twice(1.25), twice(-7), twice(0.1))
print(scale(3, 4), scale(2.5, 4), scale(3, 0.5), scale(1.5, 1.5))
print(mix(2, 3, 4), mix(2.0, 3, 4), mix(2, 3.0, 4), mix(2, 3, 4.5))
print(larger(3, 9), larger(3.5, 1.5), larger(-1, -2), larger(0.0, -0.0))
print(twice(True), scale(True, 5))
for i in range(-3, 4):
    print(i, poly(i), poly(i * 0.5))
total = 0
ftotal = 0.0
for i in range(10):
    total += twice(i)
    ftotal += twice(i * 0.1)
print(total, ftotal)
print(twice(twice(3)), twice(twice(0.75)), scale(twice(2), twice(1.5)))
