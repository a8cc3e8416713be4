# apc must refuse: `break` outside any loop (CPython rejects it too, as a SyntaxError).
def f(n: int) -> int:
    for i in range(n):
        pass
    break  # error: E0401
    return n


print(f(3))
