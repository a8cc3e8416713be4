# Unary minus, plus and not on ints, floats and bools; precedence with ** and comparisons.
x = 5
print(-x, +x, - -x, -(-x), not x)
y = -2.5
print(-y, +y, not y)
z = 0
print(-z, not z, not not z)
w = 0.0
print(-w, not w)
print(not True, not False, not (1 < 2), not 1 < 2)
print(-x ** 2, (-x) ** 2, -x * -x, -(x - 10))
print(- - - x, +-x, -+x)
n = -9223372036854775807
print(-n, +n)
f = -0.0
print(f, -f, +f)
print(not -1, not 0.1, not -0.0)
