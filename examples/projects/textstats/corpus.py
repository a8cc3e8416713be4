"""A deterministic corpus: documents of sentences built from a vocabulary
with a skewed (Zipf-like) distribution, written as text files."""
from pathlib import Path

VOCAB = (
    "the of and to in a is that for it as was with be by on not he this are or his from at which but have an "
    "they you were her she there been one all we their has would when if so no will can more about said "
    "river stone light garden window silver harbor lantern meadow whisper thunder orchard compass ember "
    "quiet ancient bright hollow distant golden restless tender wandering crimson"
).split()


def generate(folder: Path, documents: int, sentences: int, seed: int) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    state = seed
    paths = []
    for d in range(documents):
        lines = []
        for _ in range(sentences):
            state = (state * 6364136223846793005 + 1442695040888963407) % (1 << 64)
            length = 5 + (state >> 33) % 14
            words = []
            for k in range(length):
                state = (state * 6364136223846793005 + 1442695040888963407) % (1 << 64)
                a = (state >> 20) % len(VOCAB)
                b = (state >> 40) % len(VOCAB)
                w = VOCAB[min(a, b)]
                words.append(w.capitalize() if k == 0 else w)
            end = ".!?"[(state >> 10) % 3]
            lines.append(" ".join(words) + end)
        path = folder / f"doc{d:03d}.txt"
        path.write_text("\n".join(lines) + "\n")
        paths.append(path)
    return paths
