# Number-theory kernel: Euclid gcd (recursive and iterative), lcm, extended Euclid, modular inverse and power.
def gcd_rec(a: int, b: int) -> int:
    if b == 0:
        return a
    return gcd_rec(b, a % b)


def gcd_iter(a: int, b: int) -> int:
    while b:
        a, b = b, a % b
    return a


def lcm(a: int, b: int) -> int:
    return a // gcd_iter(a, b) * b


def ext_gcd_x(a: int, b: int) -> int:
    old_r, r = a, b
    old_s, s = 1, 0
    while r != 0:
        q = old_r // r
        old_r, r = r, old_r - q * r
        old_s, s = s, old_s - q * s
    return old_s


def mod_inverse(a: int, m: int) -> int:
    return ext_gcd_x(a, m) % m


def pow_mod(base: int, exp: int, m: int) -> int:
    result = 1
    base %= m
    while exp > 0:
        if exp % 2 == 1:
            result = result * base % m
        base = base * base % m
        exp //= 2
    return result


pairs = 0
for a in range(1, 40, 7):
    for b in range(1, 50, 9):
        g = gcd_rec(a, b)
        print(a, b, g, gcd_iter(a, b) == g, lcm(a, b))
        pairs += 1
print(pairs)
print(gcd_iter(2 ** 40, 6 ** 20), lcm(2 ** 20, 3 ** 20))
m = 1000000007
for a in range(2, 12):
    inv = mod_inverse(a, m)
    print(a, inv, a * inv % m)
print(pow_mod(2, 1000000, m), pow_mod(3, m - 1, m), pow_mod(12345, 6789, 1000003))
coprime = 0
for a in range(1, 101):
    for b in range(1, 101):
        if gcd_iter(a, b) == 1:
            coprime += 1
print(coprime)
print(-7 % 3, ext_gcd_x(240, 46), gcd_rec(-12, 18), gcd_iter(12, -18))
