# A name that is neither defined nor a Python builtin is undefined.
print(divmodd(7, 2))  # error: E0101 "name 'divmodd' is not defined"
