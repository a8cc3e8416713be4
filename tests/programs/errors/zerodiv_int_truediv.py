# Uncaught ZeroDivisionError from int / int (true division) several calls deep (exit 1).
def ratio(a: int, b: int) -> float:
    return a / b


def average(total: int, count: int) -> float:
    print("average of", total, "over", count)
    return ratio(total, count)


print(average(10, 4))
print(average(9, 3))
print(average(5, 0))
print("not reached")
