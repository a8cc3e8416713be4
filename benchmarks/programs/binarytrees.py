# Benchmark: allocation-heavy recursion over binary trees of objects. Builds one
# long-lived tree, then many short-lived trees of growing depth, and walks each to a
# checksum of its node labels (labels follow heap numbering: root 1, children 2k, 2k+1).
# Usage: binarytrees.py [MAX_DEPTH]; prints one line per depth and the long-lived check.
import sys


class Node:
    def __init__(self, label: int, left, right) -> None:
        self.label = label
        self.left = left
        self.right = right


def build(label: int, depth: int) -> Node:
    if depth == 0:
        return Node(label, None, None)
    return Node(label, build(2 * label, depth - 1), build(2 * label + 1, depth - 1))


def checksum(node: Node) -> int:
    if node.left is None:
        return node.label % 7
    return node.label % 7 + checksum(node.left) - checksum(node.right)


def count_nodes(node: Node) -> int:
    if node.left is None:
        return 1
    return 1 + count_nodes(node.left) + count_nodes(node.right)


def main() -> None:
    max_depth = int(sys.argv[1]) if len(sys.argv) > 1 else 16
    long_lived = build(1, max_depth)
    for depth in range(2, max_depth + 1, 2):
        trees = 1 << (max_depth - depth + 2)
        total = 0
        for i in range(trees):
            total += checksum(build(i + 1, depth))
        print(depth, trees, total)
    print(count_nodes(long_lived), checksum(long_lived))


main()
