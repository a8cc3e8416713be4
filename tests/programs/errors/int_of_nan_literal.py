# Uncaught ValueError from int(float('nan')) passed through a function ("cannot convert float NaN to integer") (exit 1).
def to_int(x: float) -> int:
    return int(x)


print("converting")
print(to_int(2.5), to_int(-2.5), to_int(7.9))
print(to_int(float("nan")))
print("not reached")
