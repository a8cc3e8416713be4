# Bools in arithmetic (True + 1, True * 2.5, counting with comparisons) and bools compared with ints.
print(True + 1, True + True, False + False, True * 10, False * 10)
print(True - 2, -True, +True, -False)
print(True / 2, True // 1, True % 2, True * 2.5, False + 0.5)
print(True == 1, False == 0, True > False, True < 2, True == 1.0)
print(True ** 2, 2 ** True, 2 ** False)
count = 0
for i in range(20):
    count += i % 3 == 0
print(count)
evens = 0
for i in range(10):
    evens = evens + (i % 2 == 0) * i
print(evens)
t = True
f = False
print(t + f, t * f, t - f, t + t + t)
s = 0.0
for i in range(5):
    s += (i > 2) * 1.5
print(s)
print(int(True), float(True), int(False), float(False))
print(abs(True), max(True, False), min(False, True), max(1, 2, 0))
print(bool(1) + bool(2) + bool(0))
