# Uncaught ZeroDivisionError from int % int at module level after some output (exit 1).
total = 0
for d in range(5, 0, -1):
    total += 1000 % d
    print(d, total)
d = total - total
print("dividing by", d)
print(7 % d)
print("not reached")
