# round(): banker's rounding to int, round(x, ndigits) on floats (incl. negative ndigits) and on ints.
for i in range(-6, 7):
    x = i + 0.5
    print(x, round(x), round(-x))
print(round(2.5), round(3.5), round(-1.5), round(-2.5), round(0.5), round(-0.5), round(1.5))
print(round(2.4999999), round(2.5000001), round(-0.4), round(0.49999999999999994))
print(round(0.125, 2), round(0.375, 2), round(2.675, 2), round(1.005, 2), round(0.5, 0), round(1.5, 0))
print(round(1234.5678, 2), round(1234.5678, 1), round(1234.5678, 0), round(1234.5678, -1), round(1234.5678, -2))
print(round(-1234.5678, 2), round(-1234.5678, -2), round(-0.4, 0), round(0.0001234, 5), round(1e300, 2))
print(round(1234, -2), round(1250, -2), round(1350, -2), round(-1250, -2), round(-1350, -2))
print(round(1234, 0), round(1234, 2), round(7), round(-7), round(15, -1), round(25, -1), round(5, -1))
print(round(987654321, -3), round(-987654321, -5), round(123, -3), round(500, -3), round(1500, -3))
print(round(2.5e-10, 10), round(123456789.123456789, 4), round(1e16 + 2.0, -1))
print(round(9223372036854775807, -2), round(-9223372036854775807, -2), round(9223372036854775807, -18))
acc = 0
for i in range(1, 50):
    acc += round(i / 7)
print(acc)
f = 0.0
for i in range(1, 20):
    f += round(i / 3, 3)
print(f, round(f, 2))
