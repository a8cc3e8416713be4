# sys.exit(0) from inside a loop ends the program successfully (exit 0); nothing after it runs.
import sys

for i in range(10):
    print("step", i)
    if i == 4:
        print("stopping early")
        sys.exit(0)
print("not reached")
