# apc-expect: exit=1 stderr~=OverflowError
# Int overflow beyond 64 bits: CPython switches to bigints, apc stops with OverflowError (intended difference).
def grow(x: int, k: int) -> int:
    return x * k


v = 2 ** 60
print(v)
v = grow(v, 2)
print(v)
v = grow(v, 2)
print(v)
print(v * 4)
print("CPython continues here")
