# if/elif/else chains, nested ifs, truthiness of ints/floats/bools in conditions, pass.
def classify(n: int) -> int:
    if n < 0:
        return -1
    elif n == 0:
        return 0
    elif n < 10:
        return 1
    elif n < 100:
        return 2
    else:
        return 3


for n in range(-5, 200, 17):
    print(n, classify(n))
for x in range(-2, 3):
    if x:
        print(x, "truthy")
    else:
        print(x, "falsy")
f = 0.0
if f:
    print("never")
elif not f:
    print("0.0 is falsy")
g = -0.0
if g:
    print("never")
else:
    print("-0.0 is falsy")
h = 0.1
if h:
    print("0.1 is truthy")
for a in range(3):
    for b in range(3):
        if a > b:
            if a - b == 2:
                print(a, b, "far")
            else:
                print(a, b, "near")
        elif a == b:
            pass
        else:
            print(a, b, "less")
flag = False
if flag:
    print("never")
print("end")
