# String literals with escapes, len, code-point indexing and slicing, +, *, in, comparisons, iteration.
a = "line1\nline2\ttab\\back \'single\' \"double\""
print(a)
print(len(a))
print("\x41\x42", "\u00e9", "\u2713", "\U0001F600", len("\u00e9\u2713"), "\101\0", len("\0"))
print('it\'s', "say \"hi\"", r"raw\n")
s = "héllo wörld ✓"
print(len(s), s[0], s[1], s[-1], s[-2], s[7], s[4:9], s[::-1], s[::2], s[1::3], s[-5:], s[:-3], s[10:2:-2])
print(s[100:], s[-100:3], s[3:3], s[5:1], s[::-3])
i = 3
j = -4
k = 2
print(s[i], s[j], s[i:j], s[j:], s[i:j:k], s[::k])
print(s + "!", "é" * 3, "ab" * 0, "ab" * -2, 3 * "xy", "ö" in s, "wör" in s, "z" in s, "" in s, "x" not in s)
print("a" == "a", "a" != "b", "é" > "z", "abc" < "abd", "ab" < "abc", "b" <= "b", "B" >= "a", "" < "a", "Z" < "a")
strs = ["pear", "Apple", "éclair", "apple", "", "banana"]
print(sorted(strs), min(strs), max(strs))
for ch in "hé✓":
    print(ch, end=" ")
print()
out = ""
for ch in s:
    if ch != " ":
        out = ch + out
print(out, len(out))
t = """triple
quoted"""
print(t, len(t))
print("adjacent" " literals", "tab\there", "nul?\x00end" == "nul?\x00end", len("\x00"))
