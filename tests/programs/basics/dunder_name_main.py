# The `if __name__ == "__main__":` idiom, and module-level loops over module variables.
total = 0
for i in range(1, 101):
    total += i * i
print(total)


def main():
    acc = 0.0
    for k in range(10):
        acc += k / 4
    print(acc)


if __name__ == "__main__":
    main()
if __name__ != "__main__":
    print("never")
count = 0
while count < 5:
    count += 1
else:
    print("count", count)
