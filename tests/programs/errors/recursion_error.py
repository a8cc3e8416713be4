# Uncaught RecursionError from unbounded recursion, after printing progress every 100 levels (exit 1).
def down(n: int) -> int:
    if n % 100 == 0:
        print("depth", n)
    return down(n + 1) + 1


print("start")
print(down(0))
print("not reached")
