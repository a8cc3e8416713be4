# Mutual recursion: is_even/is_odd and Hofstadter's female/male sequences.
def is_even(n: int) -> bool:
    if n == 0:
        return True
    return is_odd(n - 1)


def is_odd(n: int) -> bool:
    if n == 0:
        return False
    return is_even(n - 1)


def female(n: int) -> int:
    if n == 0:
        return 1
    return n - male(female(n - 1))


def male(n: int) -> int:
    if n == 0:
        return 0
    return n - female(male(n - 1))


for n in range(12):
    print(n, is_even(n), is_odd(n))
print(is_even(500), is_odd(777))
for n in range(20):
    print(n, female(n), male(n))
