# Power: int ** non-negative int, int ** negative literal (float), float ** float, right associativity, pow results near 2**63.
def ipow(b: int, e: int) -> int:
    return b ** e


def fpow(b: float, e: float) -> float:
    return b ** e


print(2 ** 10, 2 ** 0, 0 ** 0, 0 ** 5, 1 ** 100, (-1) ** 99, (-1) ** 100)
print(2 ** 3 ** 2, (2 ** 3) ** 2, -2 ** 4, (-2) ** 4, (-3) ** 3)
print(2 ** -1, 2 ** -2, 10 ** -3, 4 ** -1)
print(ipow(2, 62), ipow(-2, 63), ipow(3, 39), ipow(7, 22), ipow(10, 18))
print(ipow(-10, 17), ipow(5, 27), ipow(2, 1), ipow(-1, 0))
for e in range(0, 63, 9):
    print(e, ipow(2, e), ipow(-2, e))
print(4 ** 0.5, 2.0 ** 10, 2.0 ** -1, 1.5 ** 2, 10.0 ** -2, 2 ** 0.5)
print(fpow(2.0, 0.5), fpow(-2.0, 3.0), fpow(-2.0, 2.0), fpow(0.0, 0.0), fpow(0.0, 2.0))
print(fpow(10.0, 308.0), fpow(10.0, -308.0), fpow(1.0000001, 1000000.0))
print(fpow(2.0, 1023.0), fpow(2.0, -1074.0), fpow(-1.0, 1e18))
print(fpow(1.5, 2.5), fpow(100.0, 0.25), fpow(27.0, 1.0 / 3.0))
x = 3
x **= 4
print(x)
y = 2.0
y **= 0.5
print(y)
y **= 2
print(y)
acc = 1
for i in range(1, 8):
    acc = acc ** 1 * i ** 2
    print(i, acc)
print(2.5 ** 2, 2 ** 2.5, (-8) ** 2.0)
