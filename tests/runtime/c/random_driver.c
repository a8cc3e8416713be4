/* random_driver.c: test driver for runtime/random.c (tests/runtime/random.test.ts).
 *
 * Compiled with runtime/random.c alone; apc_raise is stubbed here so the
 * test does not depend on the rest of the runtime. Reads one command per
 * stdin line and writes one line per command: the drawn values separated by
 * spaces, and "Type: message" in place of the rest when the call raises (the
 * stub longjmps back to the loop, so later commands continue from the same
 * state). Floats travel as 16-digit hex bit patterns, so no decimal
 * formatting or parsing is involved. Commands (COUNT = number of calls):
 *   seed N | seed_default
 *   random COUNT | getrandbits K COUNT | randbelow N COUNT
 *   randrange1 STOP COUNT | randrange2 A B COUNT | randrange3 A B STEP COUNT
 *   randint A B COUNT | uniform AHEX BHEX COUNT | gauss MUHEX SIGMAHEX COUNT
 *   choice N COUNT            indices choice(range(N)) picks (the recipe)
 *   shuffle N                 shuffle(list(range(N))) via the header's recipe
 *   shuffle_raw N             the same via apc_random_shuffle_raw
 */
#define _POSIX_C_SOURCE 200809L

#include <inttypes.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "apc_rt.h"
#include "random.h"

static jmp_buf on_raise;
static const apc_site SITE = {"<module>", 1, 1};

static void sep(void);

_Noreturn void apc_raise(const char *type, const char *msg, const apc_site *site) {
  (void)site;
  sep();
  if (msg && *msg)
    printf("%s: %s", type, msg);
  else
    printf("%s", type);
  longjmp(on_raise, 1);
}

static int first;
static void sep(void) {
  if (!first) putchar(' ');
  first = 0;
}
static void out_i(int64_t v) {
  sep();
  printf("%" PRId64, v);
}
static void out_f(double v) {
  uint64_t b;
  memcpy(&b, &v, sizeof b);
  sep();
  printf("%016" PRIx64, b);
}

static char *tok(void) {
  char *t = strtok(NULL, " \t\r\n");
  if (!t) {
    fprintf(stderr, "random_driver: missing argument\n");
    exit(2);
  }
  return t;
}
static int64_t I(void) { return (int64_t)strtoll(tok(), NULL, 10); }
static double F(void) {
  uint64_t b = (uint64_t)strtoull(tok(), NULL, 16);
  double d;
  memcpy(&d, &b, sizeof d);
  return d;
}

static void shuffle_recipe(int64_t n) {
  int64_t *x = malloc(sizeof *x * (size_t)(n ? n : 1));
  for (int64_t i = 0; i < n; i++) x[i] = i;
  for (int64_t i = n - 1; i >= 1; i--) {
    int64_t j = apc_random_randbelow(i + 1);
    int64_t t = x[i];
    x[i] = x[j];
    x[j] = t;
  }
  for (int64_t i = 0; i < n; i++) out_i(x[i]);
  free(x);
}

static void shuffle_raw(int64_t n) {
  int64_t *x = malloc(sizeof *x * (size_t)(n ? n : 1));
  for (int64_t i = 0; i < n; i++) x[i] = i;
  apc_random_shuffle_raw(x, n, (int64_t)sizeof *x);
  for (int64_t i = 0; i < n; i++) out_i(x[i]);
  free(x);
}

static void run(char *line) {
  char *cmd = strtok(line, " \t\r\n");
  if (!cmd) return;
  if (!strcmp(cmd, "seed")) {
    apc_random_seed(I());
    printf("-");
  } else if (!strcmp(cmd, "seed_default")) {
    apc_random_seed_default();
    printf("-");
  } else if (!strcmp(cmd, "random")) {
    int64_t c = I();
    for (int64_t i = 0; i < c; i++) out_f(apc_random_random());
  } else if (!strcmp(cmd, "getrandbits")) {
    int64_t k = I(), c = I();
    for (int64_t i = 0; i < c; i++) out_i(apc_random_getrandbits(k, &SITE));
  } else if (!strcmp(cmd, "randbelow")) {
    int64_t n = I(), c = I();
    for (int64_t i = 0; i < c; i++) out_i(apc_random_randbelow(n));
  } else if (!strcmp(cmd, "randrange1")) {
    int64_t s = I(), c = I();
    for (int64_t i = 0; i < c; i++) out_i(apc_random_randrange1(s, &SITE));
  } else if (!strcmp(cmd, "randrange2")) {
    int64_t a = I(), b = I(), c = I();
    for (int64_t i = 0; i < c; i++) out_i(apc_random_randrange(a, b, 1, &SITE));
  } else if (!strcmp(cmd, "randrange3")) {
    int64_t a = I(), b = I(), s = I(), c = I();
    for (int64_t i = 0; i < c; i++) out_i(apc_random_randrange(a, b, s, &SITE));
  } else if (!strcmp(cmd, "randint")) {
    int64_t a = I(), b = I(), c = I();
    for (int64_t i = 0; i < c; i++) out_i(apc_random_randint(a, b, &SITE));
  } else if (!strcmp(cmd, "uniform")) {
    double a = F(), b = F();
    int64_t c = I();
    for (int64_t i = 0; i < c; i++) out_f(apc_random_uniform(a, b));
  } else if (!strcmp(cmd, "gauss")) {
    double mu = F(), sigma = F();
    int64_t c = I();
    for (int64_t i = 0; i < c; i++) out_f(apc_random_gauss(mu, sigma));
  } else if (!strcmp(cmd, "choice")) {
    int64_t n = I(), c = I();
    for (int64_t i = 0; i < c; i++) out_i(apc_random_choice_index(n, &SITE));
  } else if (!strcmp(cmd, "shuffle")) {
    shuffle_recipe(I());
  } else if (!strcmp(cmd, "shuffle_raw")) {
    shuffle_raw(I());
  } else {
    fprintf(stderr, "random_driver: unknown command %s\n", cmd);
    exit(2);
  }
}

int main(void) {
  static char line[1 << 16];
  while (fgets(line, sizeof line, stdin)) {
    first = 1;
    if (!setjmp(on_raise)) run(line);
    putchar('\n');
  }
  return 0;
}
