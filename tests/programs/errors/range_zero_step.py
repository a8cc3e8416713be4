# Uncaught ValueError("range() arg 3 must not be zero") when a range step computed at run time is 0 (exit 1).
def count(n: int, step: int) -> int:
    c = 0
    for i in range(0, n, step):
        c += 1
    return c


for s in range(3, -1, -1):
    print("step", s)
    print(count(10, s))
