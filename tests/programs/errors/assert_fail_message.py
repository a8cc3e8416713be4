# Uncaught AssertionError with a message from a failing assert at module level (exit 1).
balance = 100
for cost in range(30, 60, 10):
    balance -= cost
    print("balance", balance)
    assert balance >= 0, "balance went negative"
print("not reached")
