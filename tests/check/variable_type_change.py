# apc must refuse: a variable assigned an int and later a float in the same function.
def mean(a: int, b: int) -> int:
    total = 0
    total = total + a + b
    total = 0.5  # error: E0202
    return a


print(mean(1, 2))
