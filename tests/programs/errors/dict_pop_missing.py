# KeyError from dict.pop of a missing key without a default (exit 1).
d = {'a': 1}
print(d.pop('a'), d)
d.pop('a')
