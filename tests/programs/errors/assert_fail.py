# Uncaught AssertionError without a message from a failing assert in a loop (exit 1).
def check(n: int) -> int:
    assert n < 5
    return n * n


for i in range(10):
    print(i, check(i))
print("not reached")
