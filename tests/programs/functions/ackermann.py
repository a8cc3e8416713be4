# Deep-ish recursion with two arguments: Ackermann function for small inputs, with a global call counter.
calls = 0


def ack(m: int, n: int) -> int:
    global calls
    calls += 1
    if m == 0:
        return n + 1
    if n == 0:
        return ack(m - 1, 1)
    return ack(m - 1, ack(m, n - 1))


for m in range(4):
    for n in range(5):
        calls = 0
        r = ack(m, n)
        print(m, n, r, calls)
calls = 0
print(ack(3, 5), calls)
