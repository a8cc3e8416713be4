# sys.argv: length and the size-from-argv idiom with a default when no argument is given.
import sys

n = int(sys.argv[1]) if len(sys.argv) > 1 else 10
print(len(sys.argv) >= 1)
print(n)
total = 0
for i in range(n):
    total += i * i
print(total)
if len(sys.argv) > 2:
    print("extra", int(sys.argv[2]))
else:
    print("no extra argument")
