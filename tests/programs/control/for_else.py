# for/else: else runs when range is exhausted (also for empty ranges), skipped on break; continue does not skip it.
def first_multiple(start: int, stop: int, k: int) -> int:
    found = 0
    for i in range(start, stop):
        if i % k == 0:
            print("  hit", i)
            found = i
            break
    else:
        print("  none in range")
        return -1
    return found


i = -1
print(first_multiple(10, 20, 7))
print(first_multiple(10, 13, 7))
print(first_multiple(5, 5, 1))
for i in range(3):
    print("i", i)
else:
    print("else, i =", i)
for i in range(0):
    print("never")
else:
    print("else of empty range")
for i in range(10):
    if i % 2 == 0:
        continue
    if i > 6:
        break
    print("odd", i)
else:
    print("not printed")
print("after break i =", i)
for i in range(4):
    for j in range(4):
        if j > i:
            break
    else:
        print("inner completed for i =", i)
primes = 0
for n in range(2, 50):
    for d in range(2, n):
        if n % d == 0:
            break
    else:
        primes += 1
        print("prime", n)
print(primes)
