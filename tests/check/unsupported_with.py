# apc must refuse: the `with` statement is not in the compiled subset.
lock = 1
with lock:  # error: E0301
    print("inside")
