# `and`/`or` return one of their operands: on ints (x or 5, 0 and 3), floats and bools.
def pick(x: int) -> int:
    return x or 5


def first_nonzero(a: float, b: float) -> float:
    return a or b


for x in range(-2, 3):
    print(x, pick(x), x and 7, x or 0, x and x * 10)
print(0 and 3, 3 and 0, 2 and 3, 0 or 0, 0 or 4, 6 or 0, -1 or 7)
print(0.0 or 2.5, 1.5 and 0.0, 1.5 and 2.5, 0.0 and 9.0, -0.0 or 0.0)
print(first_nonzero(0.0, 3.25), first_nonzero(1.5, 3.25), first_nonzero(-0.0, 0.0))
print(True and False, False or True, True and True, False or False)
print(1 and 2 or 3, 0 and 2 or 3, 0 or 0 and 1, 4 and 0 or 0)
a = 0
b = 9
c = a or b
d = a and b
print(c, d)
e = b and a or 11
print(e)
total = 0
for k in range(6):
    total += k % 2 and k or 100
print(total)
flag = 3 > 2 and 2 > 1
print(flag)


def safe(a: int) -> bool:
    return a == 0 or 10 // a > 1


print(safe(0), safe(5), safe(20))
