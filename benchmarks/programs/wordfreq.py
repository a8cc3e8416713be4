# Benchmark: word frequencies over a generated text (string building, split, strip,
# lower, dict counting, sorting by a key). The text is made of syllables picked by an
# LCG with a skew toward the first ones, some words capitalised or followed by
# punctuation. Usage: wordfreq.py [WORDS]; prints the word and distinct-word counts and
# the twelve most frequent words.
import sys

SYLLABLES = ["ka", "lo", "mi", "ne", "ru", "ta", "shi", "po", "ve", "an", "or", "el", "qu", "zy", "ba", "do"]
PUNCTUATION = [".", ",", ";", "!", "?"]


def lcg_next(state: int) -> int:
    return (state * 1103515245 + 12345) % 2147483648


def pick(state: int, count: int) -> int:
    # skewed toward small indexes: the smaller of two draws from the state's high bits
    a = (state >> 8) % count
    b = (state >> 20) % count
    return a if a < b else b


def make_text(words: int, seed: int) -> str:
    parts = []
    state = seed
    for _ in range(words):
        state = lcg_next(state)
        syllables = 1 + (state >> 16) % 3
        word = ""
        for _ in range(syllables):
            state = lcg_next(state)
            word += SYLLABLES[pick(state, len(SYLLABLES))]
        state = lcg_next(state)
        if state % 10 == 0:
            word = word.capitalize()
        if state % 13 == 0:
            word += PUNCTUATION[(state >> 12) % len(PUNCTUATION)]
        parts.append(word)
    return " ".join(parts)


def count_words(text: str) -> dict:
    counts = {}
    for raw in text.split():
        word = raw.strip(".,;!?").lower()
        if word:
            counts[word] = counts.get(word, 0) + 1
    return counts


def main() -> None:
    words = int(sys.argv[1]) if len(sys.argv) > 1 else 1800000
    text = make_text(words, 7)
    counts = count_words(text)
    print(sum(counts.values()), len(counts))
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    for word, count in ranked[:12]:
        print(word, count)


main()
