# Uncaught ZeroDivisionError from float / float when the divisor underflows to 0.0 (exit 1).
x = 1.0
step = 0
while True:
    r = 1.0 / x
    if step % 5 == 0:
        print(step, x, r)
    x = x / 1e10
    step += 1
