# Nested loops with break and continue at different depths, mixing for and while.
total = 0
for i in range(5):
    for j in range(5):
        if j == i:
            continue
        if j > 3:
            break
        total += i * 10 + j
        print(i, j, total)
print("total", total)
found = 0
i = 0
j = 0
while i < 10:
    j = 0
    while j < 10:
        if i * j == 42:
            found = i * 100 + j
            break
        j += 1
    if found:
        break
    i += 1
print("found", found, i, j)
count = 0
for a in range(1, 20):
    if a % 5 == 0:
        continue
    for b in range(a, 20):
        if (a + b) % 7 == 0:
            continue
        for c in range(b, 20):
            if a * a + b * b == c * c:
                print("triple", a, b, c)
                count += 1
                break
print(count)
n = 0
while True:
    n += 1
    if n % 3 != 0:
        continue
    if n > 20:
        break
    print("multiple of 3:", n)
print("n =", n)
