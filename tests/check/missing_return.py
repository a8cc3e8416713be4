# apc must refuse: a function annotated -> int where one path falls off the end without returning.
def sign(n: int) -> int:  # error: E0203
    if n > 0:
        return 1
    elif n < 0:
        return -1


print(sign(5))
