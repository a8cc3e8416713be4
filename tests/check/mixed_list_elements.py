# apc must refuse: a list literal mixing int and str elements (one element type per container).
xs = [1, "a"]  # error: E0201
print(xs)
