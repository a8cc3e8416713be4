# isinstance() evaluates its argument (a random call moves the sequence)
# though apc knows the answer statically.
import random

random.seed(430)
print(isinstance(random.randrange(10, 17, 3), list), random.choice("xyz"))
print(isinstance(random.random(), float), isinstance([random.randint(1, 9)], (list, tuple)), random.randint(1, 100))
