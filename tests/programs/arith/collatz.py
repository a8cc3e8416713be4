# Number-theory kernel: Collatz chain lengths, record holders and peak values.
def collatz_steps(n: int) -> int:
    steps = 0
    while n != 1:
        if n % 2 == 0:
            n //= 2
        else:
            n = 3 * n + 1
        steps += 1
    return steps


def collatz_peak(n: int) -> int:
    peak = n
    while n != 1:
        n = n // 2 if n % 2 == 0 else 3 * n + 1
        peak = max(peak, n)
    return peak


for n in range(1, 16):
    print(n, collatz_steps(n), collatz_peak(n))
best = 0
best_n = 0
for n in range(1, 10000):
    s = collatz_steps(n)
    if s > best:
        best = s
        best_n = n
        print("record", n, s)
print(best_n, best)
print(collatz_steps(27), collatz_peak(27))
print(collatz_steps(837799), collatz_peak(837799))
print(collatz_steps(63728127), collatz_peak(63728127))
