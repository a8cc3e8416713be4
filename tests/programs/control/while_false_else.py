# A while loop whose condition is constant false still runs its else, whose
# names (a module call iterated by set()) are typed and lowered; a constant
# remainder compared with itself folds.
import random

w = 0
while w < 5 and False:
    pass
else:
    s = set(random.choice("xyz"))
    print(len(s))
assert (7 % (-(28 % 4) - 1)) == (7 % (-(28 % 4) - 1)), "yy"
print((2 ** 64) % 3 == 1, -(2 ** 63) % 7 == 0)
