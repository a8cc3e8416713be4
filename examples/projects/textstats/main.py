"""Generate a corpus (if missing), read every document, and report word,
letter and readability statistics as JSON plus a short summary."""
import json
import sys
from pathlib import Path

from corpus import generate
from stats import letter_histogram, merge_counts, sentence_stats, tokenize, word_counts


def main() -> None:
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).with_name("corpus")
    documents = int(sys.argv[2]) if len(sys.argv) > 2 else 48
    paths = sorted(folder.glob("doc*.txt")) or generate(folder, documents, 1500, 2026)
    total: dict[str, int] = {}
    letters = [0] * 26
    sentences = words = syllables = 0
    for path in paths:
        text = path.read_text()
        merge_counts(total, word_counts(tokenize(text)))
        for i, c in enumerate(letter_histogram(text)):
            letters[i] += c
        s, w, y = sentence_stats(text)
        sentences += s
        words += w
        syllables += y
    top = sorted(total.items(), key=lambda kv: (-kv[1], kv[0]))[:10]
    flesch = 206.835 - 1.015 * words / sentences - 84.6 * syllables / words
    report = {
        "documents": len(paths),
        "words": words,
        "distinct": len(total),
        "top": top,
        "letters": dict(zip("abcdefghijklmnopqrstuvwxyz", letters)),
        "sentences": sentences,
        "flesch_reading_ease": round(flesch, 3),
    }
    Path(folder, "stats.json").write_text(json.dumps(report, indent=1))
    print(f"{report['documents']} documents, {words} words, {report['distinct']} distinct, {sentences} sentences")
    for word, count in top:
        print(f"{word:>10} {count}")
    print(f"Flesch reading ease {report['flesch_reading_ease']}")


if __name__ == "__main__":
    main()
