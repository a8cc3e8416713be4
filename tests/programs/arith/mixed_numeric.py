# Mixed int/float arithmetic promotes to float; comparisons between ints and floats.
i = 7
f = 2.5
print(i + f, i - f, i * f, i / f, i // f, i % f)
print(f + i, f - i, f * i, f / i, f // i, f % i)
print(i == 7.0, i < 7.5, i > 6.9, 7.0 == i, i != 7.0)
print(1 + 0.5, 3 * 0.1, 10 - 0.25)
total = 0.0
for k in range(1, 6):
    total += k
    print(total)
print(total / 5)
big = 9007199254740993
print(big + 0.0, big * 1.0)
print(big == 9007199254740992.0, 2 ** 53 == 9007199254740992.0)
count = 0
for k in range(10):
    if k * 0.1 < 0.5:
        count += 1
print(count)
