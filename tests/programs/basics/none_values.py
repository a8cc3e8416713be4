# Functions returning None (implicitly, bare return, return None) and printing None.
def nothing():
    pass


def shout(n: int) -> None:
    if n < 0:
        print("negative, returning early")
        return
    print("value", n)


def explicit(n: int) -> None:
    print("explicit", n)
    return None


print(nothing())
shout(3)
shout(-1)
print(shout(5))
explicit(7)
print(None)
print(None, 1, None)
