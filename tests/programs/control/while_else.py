# while/else: else runs when the condition becomes false, not after break; empty loops run else at once.
def find_divisor(n: int) -> int:
    d = 2
    result = 0
    while d * d <= n:
        if n % d == 0:
            result = d
            print("  found", d)
            break
        d += 1
    else:
        print("  no divisor below sqrt, prime", n)
        result = n
    return result


for n in range(10, 20):
    print(n, find_divisor(n))
i = 0
while i < 3:
    print("loop", i)
    i += 1
else:
    print("else after loop, i =", i)
while False:
    print("never")
else:
    print("else of empty while")
j = 10
while j > 0:
    j -= 3
    if j == 4:
        print("break at", j)
        break
else:
    print("not printed")
print("j =", j)
k = 0
while k < 5:
    k += 1
    if k % 2 == 0:
        continue
    print("odd", k)
else:
    print("done, k =", k)
