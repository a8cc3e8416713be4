# apc must refuse: class definitions are not in the compiled subset.
class Point:  # error: E0301
    pass


print(1)
