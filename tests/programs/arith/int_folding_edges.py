# Results that fit in 64 bits though CPython computes them through bigger
# intermediates: constant expressions, and sum() over ints.
print(-2 ** 63)
print(-(2 ** 63) + 1)
print(2 ** 64 // 4, (2 ** 70) % 1000, -(2 ** 64) // 2 ** 2)
print(~(2 ** 63 - 1))
print(sum([2 ** 62, 2 ** 62, -(2 ** 62)]))
print(sum([-(2 ** 62), -(2 ** 62), -(2 ** 62), 2 ** 62, 2 ** 62]))
xs = [9223372036854775807, 1, -1, -9223372036854775807]
print(sum(xs), sum(xs, 5), sum(x for x in xs))
print(sum([2 ** 62] * 3, -(2 ** 62) * 2))
