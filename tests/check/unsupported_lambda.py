# apc must refuse: lambda expressions are not in the compiled subset.
def apply(x: int) -> int:
    return x + 1


f = lambda x: x * 2  # error: E0301
print(apply(3))
