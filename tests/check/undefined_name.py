# apc must refuse: use of a name that is never defined.
total = 0
for i in range(10):
    total += i
print(totl)  # error: E0101
