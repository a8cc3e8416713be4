# apc must refuse: a float parameter combined with a string operand inside a function.
def label(v: float) -> float:
    w = v - "units"  # error: E0201
    return v


print(label(2.5))
