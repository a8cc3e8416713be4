# Loops over strings and comparisons against one-character literals (inline fast paths), ASCII and not.
s = "Hello, wörld! abc"
out = []
for ch in s:
    if "a" <= ch <= "z":
        out.append(ch.upper())
    else:
        out.append(ch)
print("".join(out))
t = "plain ascii text here"
n = 0
for ch in t:
    if ch == " ":
        n += 1
print(n, [c for c in "xyz"], list(reversed("abc")))
for ch in "":
    print("never")
words = ["", "a", "b", "z", "{", "A", "ab", "a'", "'", "é", "ü", "zz", "`", "aa", "\x00", "\x7f"]
for w in words:
    print(repr(w), w == "a", w != "a", "a" == w, w < "a", w <= "a", w > "a", w >= "a", "a" < w, "a" <= w, "a" > w, "z" >= w, "a" <= w <= "z", w == "'", w == "é")
