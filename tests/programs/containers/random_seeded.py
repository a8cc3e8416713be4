# random with a seed gives CPython's exact sequence.
import random

random.seed(42)
print(random.random(), random.randint(1, 10), random.randrange(0, 100, 5), random.uniform(1.0, 2.0))
print([random.randint(1, 6) for _ in range(10)])
deck = list(range(10))
random.shuffle(deck)
print(deck, random.choice(deck), random.choice("abc"))
print(round(random.gauss(0.0, 1.0), 12), random.getrandbits(20))
random.seed(7)
total = 0.0
for _ in range(1000):
    total += random.random()
print(round(total, 9))
