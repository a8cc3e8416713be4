# Project plan program 3: factorial(n) with a for loop over range, up to 20! (fits in 64 bits).
def factorial(n: int) -> int:
    result = 1
    for i in range(2, n + 1):
        result *= i
    return result


for n in range(21):
    print(n, factorial(n))
print(factorial(20) // factorial(18))
print(factorial(20) % 1000000007)
