# Benchmark: pancake flipping over every permutation of 0..N-1 in lexicographic order
# (small integer lists, in-place swaps, data-dependent loops). For each permutation, its
# mirror image and its inverse, the prefix up to the first element's value is reversed
# until 0 comes first; prints an alternating-sign weighted checksum of the flip counts
# and the largest count. Usage: fannkuch.py [N].
import sys


def count_flips(perm: list, work: list, n: int, variant: int) -> int:
    # variant 0: the permutation itself, 1: its mirror image, 2: its inverse
    for i in range(n):
        if variant == 0:
            work[i] = perm[i]
        elif variant == 1:
            work[i] = perm[n - 1 - i]
        else:
            work[perm[i]] = i
    flips = 0
    first = work[0]
    while first != 0:
        i = 0
        j = first
        while i < j:
            t = work[i]
            work[i] = work[j]
            work[j] = t
            i += 1
            j -= 1
        flips += 1
        first = work[0]
    return flips


def next_permutation(perm: list, n: int) -> bool:
    i = n - 2
    while i >= 0 and perm[i] >= perm[i + 1]:
        i -= 1
    if i < 0:
        return False
    j = n - 1
    while perm[j] <= perm[i]:
        j -= 1
    t = perm[i]
    perm[i] = perm[j]
    perm[j] = t
    lo = i + 1
    hi = n - 1
    while lo < hi:
        t = perm[lo]
        perm[lo] = perm[hi]
        perm[hi] = t
        lo += 1
        hi -= 1
    return True


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 9
    perm = list(range(n))
    work = [0] * n
    checksum = 0
    max_flips = 0
    index = 0
    more = True
    while more:
        weighted = 0
        for variant in range(3):
            flips = count_flips(perm, work, n, variant)
            if flips > max_flips:
                max_flips = flips
            weighted += (variant + 1) * flips
        if index % 2 == 0:
            checksum += weighted
        else:
            checksum -= weighted
        index += 1
        more = next_permutation(perm, n)
    print(checksum, max_flips)


main()
