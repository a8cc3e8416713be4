/* Benchmark: allocation-heavy recursion over binary trees (malloc/free per node); the
 * C twin of programs/binarytrees.py. Usage: binarytrees [MAX_DEPTH]; prints one line per
 * depth and the long-lived tree's node count and checksum. */
#include <stdio.h>
#include <stdlib.h>

typedef struct Node {
  long long label;
  struct Node *left, *right;
} Node;

static Node *node(long long label, Node *left, Node *right) {
  Node *n = malloc(sizeof *n);
  n->label = label;
  n->left = left;
  n->right = right;
  return n;
}

static Node *build(long long label, int depth) {
  if (depth == 0) return node(label, NULL, NULL);
  return node(label, build(2 * label, depth - 1), build(2 * label + 1, depth - 1));
}

static long long checksum(const Node *n) {
  if (n->left == NULL) return n->label % 7;
  return n->label % 7 + checksum(n->left) - checksum(n->right);
}

static long long count_nodes(const Node *n) {
  if (n->left == NULL) return 1;
  return 1 + count_nodes(n->left) + count_nodes(n->right);
}

static void release(Node *n) {
  if (n->left) {
    release(n->left);
    release(n->right);
  }
  free(n);
}

int main(int argc, char **argv) {
  int max_depth = argc > 1 ? atoi(argv[1]) : 16;
  Node *long_lived = build(1, max_depth);
  for (int depth = 2; depth <= max_depth; depth += 2) {
    long long trees = 1LL << (max_depth - depth + 2);
    long long total = 0;
    for (long long i = 0; i < trees; i++) {
      Node *t = build(i + 1, depth);
      total += checksum(t);
      release(t);
    }
    printf("%d %lld %lld\n", depth, trees, total);
  }
  printf("%lld %lld\n", count_nodes(long_lived), checksum(long_lived));
  release(long_lived);
  return 0;
}
