# Reading a local on a path where it was never assigned: UnboundLocalError (exit 1).
def pick(flag: bool) -> int:
    if flag:
        x = 10
    return x


print(pick(True))
print(pick(False))
