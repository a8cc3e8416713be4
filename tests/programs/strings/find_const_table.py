# CONST.find(ch), CONST.index(ch) and ch in CONST on constant strings: a
# one-character ASCII needle reads a compile-time table; every other needle
# (empty, longer, non-ASCII) and a non-ASCII haystack must agree with CPython.
# (Module constants fold to literals in library mode only; here they are
# module variables and take the runtime path.)
VOWELS = "aeiouy"
LETTERS = "abcdefghijklmnopqrstuvwxyz"


def histogram(text: str) -> list[int]:
    hist = [0] * 26
    for ch in text.lower():
        k = LETTERS.find(ch)
        if k >= 0:
            hist[k] += 1
    return hist


def histogram_literal(text: str) -> list[int]:
    hist = [0] * 26
    for ch in text.lower():
        k = "abcdefghijklmnopqrstuvwxyz".find(ch)
        if k >= 0:
            hist[k] += 1
    return hist


def syllables(word: str) -> int:
    count = 0
    previous = False
    for ch in word:
        vowel = VOWELS.find(ch) >= 0
        if vowel and not previous:
            count += 1
        previous = vowel
    return max(count, 1)


def vowels_in(text: str) -> int:
    return sum(1 for ch in text if ch in "aeiouy")


def digits(text: str) -> int:
    n = 0
    for ch in text:
        if ch in "0123456789":
            n = n * 10 + "0123456789".index(ch)
    return n


def probe(needle: str):
    # first occurrences, repeated letters, a non-ASCII haystack (ASCII and
    # non-ASCII needles), and needles that are not one character
    return (
        "hello world".find(needle),
        needle in "hello world",
        "héllo wörld".find(needle),
        needle in "héllo wörld",
        "ab\x7fcd".find(needle),
        "".find(needle),
        needle in "",
        "€uro".find(needle),
        needle not in VOWELS,
        needle not in "aeiouy",
    )


pangram = "The quick brown fox jumps over the lazy dog! ÄÖÜ 123"
print(histogram(pangram), histogram(pangram) == histogram_literal(pangram))
print([syllables(w) for w in ["rhythm", "beautiful", "queue", "strengths", "yay", "a"]])
print(vowels_in("Naïve café, quiet yearly eyes"))
print(digits("a1b2c3d4e5 9x0"))
for needle in ["h", "o", "l", "d", "z", " ", "", "lo", "wor", "é", "ö", "€", "\x7f", "\x00", "\n", "hello world!", "hé"]:
    print(repr(needle), probe(needle))
long_prefix = "x" * 300 + "abc"
print(long_prefix.find("a"), long_prefix.find("c"), long_prefix.find("x"), "c" in long_prefix, long_prefix.find("q"))
print("abcabc".index("c"), "abcabc".index(""), "abcabc".index("bc"), "héllo".index("o"), "héllo".index("é"))
print(LETTERS.index("q"))
print("aeiou".index("q"))
