# range with 1, 2 and 3 arguments: negative steps, empty ranges, variable steps, loop variable after the loop.
for i in range(5):
    print(i, end=" ")
print()
for i in range(2, 7):
    print(i, end=" ")
print()
for i in range(0, 20, 6):
    print(i, end=" ")
print()
for i in range(10, 0, -1):
    print(i, end=" ")
print()
for i in range(10, -11, -5):
    print(i, end=" ")
print()
for i in range(-3, 3):
    print(i, end=" ")
print()
for i in range(3, -3, -2):
    print(i, end=" ")
print()
count = 0
for i in range(0):
    count += 1
for i in range(5, 5):
    count += 1
for i in range(5, 2):
    count += 1
for i in range(2, 5, -1):
    count += 1
for i in range(-5):
    count += 1
print("empty loops ran", count, "times")


def span(start: int, stop: int, step: int) -> int:
    n = 0
    s = 0
    for i in range(start, stop, step):
        n += 1
        s += i
    print("range(", start, ",", stop, ",", step, ") ->", n, "items, sum", s)
    return n


for step in range(-7, 8):
    if step != 0:
        span(-20, 20, step)
        span(20, -20, step)
span(0, 100, 1000)
span(0, -100, -1000)
span(-1, 0, 1)
span(0, -1, -1)
last = -1
for last in range(7):
    pass
print("last", last)
last = -1
for last in range(7, 7):
    pass
print("last after empty", last)
n = 3
iters = 0
for i in range(n):
    n += 1
    iters += 1
print(iters, n)
for i in range(3):
    print("before", i)
    i = 100
    print("after", i)
big = 9223372036854775807
for i in range(big - 2, big):
    print(i)
for i in range(-big, -big - 1, -1):
    print(i)
