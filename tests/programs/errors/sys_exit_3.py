# sys.exit(3) after some prints: stdout is flushed, exit status 3, no traceback.
import sys


def finish(code: int) -> None:
    print("exiting with", code)
    sys.exit(code)
    print("not reached")


for i in range(3):
    print("working", i)
finish(3)
print("not reached either")
