# apc must refuse: importing a module apc does not compile natively (only math, sys, time).
import math
import os  # error: E0106

print(math.sqrt(4.0))
