# Module-level containers read and mutated from functions: lists, dicts and strings held in module variables.
NAMES = ["ann", "bob", "cy"]
SCORES = {}
GREETING = "hi"


def record(name: str, score: int) -> None:
    SCORES[name] = SCORES.get(name, 0) + score


def total() -> int:
    return sum(SCORES.values())


for i, n in enumerate(NAMES):
    record(n, i * 10)
record("bob", 5)
NAMES.append("dee")
print(NAMES, SCORES, total(), GREETING + "!" * 3)
print(max(SCORES, key=lambda k: SCORES[k]), sorted(SCORES.items(), key=lambda kv: -kv[1]))
