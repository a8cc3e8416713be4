# apc must refuse: a user function (with a default) called with too many arguments.
def scale(x: float, k: float = 2.0) -> float:
    return x * k


print(scale(1.5))
print(scale(1.5, 3.0, 4.0))  # error: E0102
