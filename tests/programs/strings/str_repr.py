# str() and repr() of every supported value, matching CPython exactly (floats, bools, None, nested containers, quotes).
print(str(0), str(-42), repr(7), str(9223372036854775807), str(-9223372036854775807 - 1))
floats = [1.0, -0.0, 0.1, 2.5, 1e16, 1e15, 123456789012345678.0, 1e-5, 0.0001, 1e-4, 1.5e-7, 1e22, 1e300 * 10, -1e300 * 10, 3.141592653589793, 2.0 ** 0.5, 1 / 3, 100.0, 1e100]
for f in floats:
    print(str(f), repr(f), f)
nan = float("nan")
print(str(nan), repr(nan), str(float("inf")), str(-float("inf")))
print(str(True), str(False), repr(True), str(None), repr(None))
print([1, 2, 3], str([1, 2]), repr([1, 2]))
print(["a", 'b"c', "d'e", "both ' and \""], [1.5, -0.0, 1e16])
print({'x': (1, 2)}, {1: [True]}, [[1.5], []], (1,), (1, "a"), (), [], {}, {"k": None})
print(str({'x': (1, 2)}), repr([[1.5], []]), str((1,)), repr((1, 'a', 2.5)))
print({1, 2, 3}, set(), [(1, 2.0), (3, 4.5)], [[["deep"]]], {"a": {"b": [1]}})
print(repr("plain"), repr("it's"), repr('say "hi"'), repr("both ' and \""), repr(""))
print(repr("tab\t nl\n cr\r bs\\ nul\x00 bell\x07 del\x7f"), repr("é✓"), repr("\x80\xa0\u200b"), repr("\U0001F600"))
print(str("tab\t"), ["tab\t", "nl\n"], ("\x01",))
print(repr([True, False]), str([None]), [None, None])
t = (1, "two", 3.0)
print(t, str(t), repr(t), len(str(t)))
d = {"a": 1, "b": 2}
print(str(d), repr(d))
print(str(1) + str(1.0) + str(False) + str(None) + str("s") + str([]) + str(()))
