"""Text statistics: the hot part, over one document's text at a time.
Character-level scanning, so it does not depend on str.split's rules."""

VOWELS = "aeiouy"


def tokenize(text: str) -> list[str]:
    """Lower-case words: maximal runs of ASCII letters and apostrophes."""
    words = []
    start = -1
    lowered = text.lower()
    for i in range(len(lowered)):
        ch = lowered[i]
        if ("a" <= ch <= "z") or ch == "'":
            if start < 0:
                start = i
        elif start >= 0:
            words.append(lowered[start:i])
            start = -1
    if start >= 0:
        words.append(lowered[start:])
    return words


def syllables(word: str) -> int:
    """Vowel groups, with a silent final e; at least one."""
    count = 0
    previous = False
    for ch in word:
        vowel = VOWELS.find(ch) >= 0
        if vowel and not previous:
            count += 1
        previous = vowel
    if word.endswith("e") and count > 1:
        count -= 1
    return max(count, 1)


def word_counts(words: list[str]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for w in words:
        counts[w] = counts.get(w, 0) + 1
    return counts


def sentence_stats(text: str) -> tuple[int, int, int]:
    """(sentences, words, syllables) for the Flesch reading ease."""
    sentences = 0
    for ch in text:
        if ch == "." or ch == "!" or ch == "?":
            sentences += 1
    words = tokenize(text)
    total = 0
    for w in words:
        total += syllables(w)
    return sentences, len(words), total


def letter_histogram(text: str) -> list[int]:
    hist = [0] * 26
    for ch in text.lower():
        k = "abcdefghijklmnopqrstuvwxyz".find(ch)
        if k >= 0:
            hist[k] += 1
    return hist


def merge_counts(total: dict[str, int], part: dict[str, int]) -> None:
    for word, c in part.items():
        total[word] = total.get(word, 0) + c
