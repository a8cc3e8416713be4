# Project plan program 2: max_value(a, b) with if/else, on ints and floats.
def max_value(a, b):
    if a > b:
        return a
    else:
        return b


print(max_value(3, 7))
print(max_value(7, 3))
print(max_value(-5, -9))
print(max_value(4, 4))
print(max_value(2.5, 1.5))
print(max_value(-0.5, -0.25))
best = 0
for i in range(10):
    v = (i * 37) % 11
    best = max_value(best, v)
    print(i, v, best)
print("best:", best)
