# assert statements that pass, with and without messages, inside functions and at module level.
def checked_div(a: int, b: int) -> int:
    assert b != 0, "divisor must be nonzero"
    assert a >= 0
    return a // b


for i in range(1, 6):
    r = checked_div(100, i)
    assert r * i <= 100
    print(i, r)
assert True
assert 1
assert 0.5, "floats are truthy"
assert 1 < 2 < 3, "chain"
x = 7
assert x == 7 and x > 0
print("all asserts passed")
