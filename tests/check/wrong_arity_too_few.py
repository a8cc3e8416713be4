# apc must refuse: a user function called with fewer arguments than it declares.
def add(a: int, b: int) -> int:
    return a + b


print(add(1, 2))
print(add(1))  # error: E0102
