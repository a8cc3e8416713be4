# apc-expect: exit=1 stderr~=OverflowError
# A sum whose total leaves 64 bits (CPython grows a big int).
xs = [2 ** 62, 2 ** 62, 2 ** 62]
print("before")
print(sum(xs))
