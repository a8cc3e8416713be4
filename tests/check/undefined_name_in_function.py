# apc must refuse: a function reads a local name that is never assigned or defined anywhere.
def area(w: float, h: float) -> float:
    return w * height  # error: E0101


print(area(2.0, 3.0))
