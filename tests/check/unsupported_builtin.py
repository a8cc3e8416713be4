# apc must refuse a Python builtin it does not compile yet as unsupported,
# never as an undefined name.
q, r = divmod(7, 2)  # error: E0301 "the builtin 'divmod' is not supported"
print(q, r)
