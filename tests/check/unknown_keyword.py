# apc must refuse: a keyword argument that names no parameter of the function.
def box(w: int, h: int = 2) -> int:
    return w * h


print(box(3, h=4))
print(box(3, depth=4))  # error: E0103
