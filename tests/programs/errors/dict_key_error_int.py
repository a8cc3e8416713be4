# KeyError from a missing int key (exit 1).
d = {1: 'one'}
print(d[1])
print(d[3])
