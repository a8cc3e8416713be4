# Strings: len, indexing, slicing, +, *, in, comparisons, iteration, and the common methods.
s = "Hello, World"
print(len(s), s[0], s[-1], s[7:], s[:5], s[::2], s[::-1], s[-5:-1])
print(s + "!", "ab" * 3, "World" in s, "world" in s, s == "Hello, World", "a" < "b", "abc" < "abd")
for ch in "abc":
    print(ch, end="-")
print()
print(s.upper(), s.lower(), s.find("o"), s.find("z"), s.count("l"), s.index("W"))
print(s.startswith("Hell"), s.endswith("d"), s.replace("l", "L"), s.replace("l", "L", 1))
print("  pad  ".strip() + "|", "xxhixx".strip("x"), "  a ".lstrip() + "|", " a  ".rstrip() + "|")
print("a,b,,c".split(","), " many   spaces here ".split(), "-".join(["x", "y", "z"]))
print("123".isdigit(), "12a".isdigit(), "abc".isalpha(), " \t".isspace())
print(str(42) + str(2.5) + str(True), repr("it's"), repr('say "hi"'), repr("tab\there"))
words = "the quick brown fox".split()
print(len(words), words[2], sorted(words), " ".join(reversed(words)))
print(int("42") + 1, float("2.5") * 2, str(1e20), str([1, 2]), str(["a"]))
