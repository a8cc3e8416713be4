# apc must refuse: generators (yield) are not in the compiled subset.
def count_up(n: int):
    i = 0
    while i < n:
        yield i  # error: E0301
        i += 1


print(1)
