# True division: int / int gives float, signs, exact and inexact quotients, mixed operands.
def div(a: int, b: int) -> float:
    return a / b


print(7 / 2, -7 / 2, 7 / -2, -7 / -2)
print(6 / 3, 1 / 3, 2 / 3, 10 / 4)
print(div(1, 3), div(-1, 3), div(22, 7), div(355, 113))
print(div(0, 5), div(0, -5))
print(div(1, 1000000), div(1000000, 1))
print(div(9007199254740993, 1))
print(div(10 ** 18, 3), div(10 ** 18, 10 ** 9))
print(1.0 / 3, 1 / 3.0, 2.5 / 0.5, -0.0 / 5, 0.0 / -5)
print(1e300 / 1e-10, 1e-300 / 1e300)
x = 1
y = 2
q = x / y
print(q, q * 2)
for i in range(1, 11):
    print(i, 1 / i, i / 7)
half = 5 / 2
half /= 2
print(half)
