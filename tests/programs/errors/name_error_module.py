# Reading a module variable on a path where it was never assigned: NameError (exit 1).
import sys

n = len(sys.argv)
if n > 5:
    threshold_reached_marker = 3
print("before")
print(threshold_reached_marker)
