# Uncaught ZeroDivisionError from int // int inside a function; output printed before it must survive (exit 1).
def quotient(a: int, b: int) -> int:
    return a // b


for d in range(3, -1, -1):
    print("100 //", d)
    print(quotient(100, d))
print("not reached")
