# A recursive function first called with an empty list takes the element
# type from its other calls.
def rsum(xs):
    if not xs:
        return 0
    return xs[0] + rsum(xs[1:])


def longest(words):
    if len(words) == 0:
        return ""
    rest = longest(words[1:])
    return words[0] if len(words[0]) >= len(rest) else rest


print(rsum([]))
print(rsum([1, 2, 3]))
print(repr(longest([])))
print(longest(["a", "abc", "ab"]))
