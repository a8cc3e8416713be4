/* ops.c: test driver for the apc runtime (tests/runtime/runtime.test.ts).
 *
 * Linked with the whole runtime including runtime/main.c, so it also
 * exercises main/apc_init. Modes:
 *   ops batch          one operation per stdin line, one result line each
 *   ops one OP ARGS..  a single operation (used for the ones that raise)
 * Floats travel as 16-digit hex bit patterns and strings as hex-encoded
 * UTF-8, so nothing but the runtime parses or formats a number.
 */
#define _POSIX_C_SOURCE 200809L

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include "apc_rt.h"
#include "rt_internal.h"

static const apc_site SITE = {"<module>", 1, 1};
static const apc_site FSITE = {"fact", 7, 5};

static apc_str *S(const char *s) { return apc__str_new(s, strlen(s)); }

static double D(const char *hex) {
  uint64_t b = strtoull(hex, NULL, 16);
  double d;
  memcpy(&d, &b, sizeof d);
  return d;
}

static int64_t I(const char *s) { return strtoll(s, NULL, 10); }

static apc_str *H(const char *hex) {
  size_t n = strlen(hex) / 2;
  char *buf = malloc(n + 1);
  for (size_t i = 0; i < n; i++) {
    char two[3] = {hex[2 * i], hex[2 * i + 1], 0};
    buf[i] = (char)strtol(two, NULL, 16);
  }
  apc_str *s = apc__str_new(buf, n);
  free(buf);
  return s;
}

static apc_str *NL, *SP;

static void nl(void) { apc_print_str(NL); }

typedef double (*m1_fn)(double, const apc_site *);
typedef double (*m2_fn)(double, double, const apc_site *);

static m1_fn math1(const char *name) {
  static const struct {
    const char *name;
    m1_fn fn;
  } t[] = {{"sqrt", apc_math_sqrt}, {"exp", apc_math_exp},   {"log", apc_math_log},
           {"log2", apc_math_log2}, {"log10", apc_math_log10}, {"sin", apc_math_sin},
           {"cos", apc_math_cos},   {"tan", apc_math_tan},   {"asin", apc_math_asin},
           {"acos", apc_math_acos}};
  for (size_t i = 0; i < sizeof t / sizeof t[0]; i++)
    if (!strcmp(t[i].name, name)) return t[i].fn;
  return NULL;
}

static m2_fn math2(const char *name) {
  if (!strcmp(name, "log")) return apc_math_log_base;
  if (!strcmp(name, "pow")) return apc_math_pow;
  if (!strcmp(name, "fmod")) return apc_math_fmod;
  return NULL;
}

static volatile unsigned long recursion_stop = ~0UL;
static unsigned long deep(volatile char *prev, unsigned long n) {
  volatile char frame[512];
  frame[0] = (char)n;
  frame[511] = prev[0];
  if (n == recursion_stop) return 0;
  return deep(frame, n + 1) + (unsigned long)frame[0];
}

/* Ranges [a, b] of code points where pred holds, "a b" lines. */
static void dump_ranges(int (*pred)(uint32_t), uint32_t from) {
  int in = 0, first = 1;
  uint32_t start = 0;
  for (uint32_t cp = from; cp <= 0x110000; cp++) {
    int p = cp < 0x110000 && pred(cp);
    if (p && !in) start = cp, in = 1;
    if (!p && in) {
      if (!first) nl();
      first = 0;
      apc_print_int(start);
      apc_print_str(SP);
      apc_print_int(cp - 1);
      in = 0;
    }
  }
}
static int not_printable(uint32_t cp) { return !apc__uni_isprintable(cp); }
static int is_space(uint32_t cp) { return apc__uni_isspace(cp); }

static void run(int argc, char **a) {
  const char *op = a[0];
#define IS(name) (!strcmp(op, name))
  if (IS("repr")) apc_print_float(D(a[1]));
  else if (IS("str")) apc_print_str(apc_str_from_float(D(a[1])));
  else if (IS("pint")) apc_print_int(I(a[1]));
  else if (IS("sint")) apc_print_str(apc_str_from_int(I(a[1])));
  else if (IS("pbool")) apc_print_bool(I(a[1]) != 0);
  else if (IS("sbool")) apc_print_str(apc_str_from_bool(I(a[1]) != 0));
  else if (IS("none")) apc_print_none();
  else if (IS("floordiv")) apc_print_float(apc_float_floordiv(D(a[1]), D(a[2]), &SITE));
  else if (IS("mod")) apc_print_float(apc_float_mod(D(a[1]), D(a[2]), &SITE));
  else if (IS("fpow")) apc_print_float(apc_float_pow(D(a[1]), D(a[2]), &SITE));
  else if (IS("ipow")) apc_print_int(apc_int_pow(I(a[1]), I(a[2]), &SITE));
  else if (IS("round")) apc_print_int(apc_round_float(D(a[1]), &SITE));
  else if (IS("roundnd")) apc_print_float(apc_round_float_nd_at(D(a[1]), I(a[2]), &SITE));
  else if (IS("roundnd0")) apc_print_float(apc_round_float_nd(D(a[1]), I(a[2])));
  else if (IS("roundint")) apc_print_int(apc_round_int_nd(I(a[1]), I(a[2]), &SITE));
  else if (IS("toint")) apc_print_int(apc_float_to_int(D(a[1]), &SITE));
  else if (IS("intstr")) apc_print_int(apc_int_from_str(H(a[1]), &SITE));
  else if (IS("floatstr")) apc_print_float(apc_float_from_str(H(a[1]), &SITE));
  else if (IS("m1")) apc_print_float(math1(a[1])(D(a[2]), &SITE));
  else if (IS("m2")) apc_print_float(math2(a[1])(D(a[2]), D(a[3]), &SITE));
  else if (IS("atan")) apc_print_float(apc_math_atan(D(a[1])));
  else if (IS("fabs")) apc_print_float(apc_math_fabs(D(a[1])));
  else if (IS("atan2")) apc_print_float(apc_math_atan2(D(a[1]), D(a[2])));
  else if (IS("hypot")) apc_print_float(apc_math_hypot(D(a[1]), D(a[2])));
  else if (IS("isqrt")) apc_print_int(apc_math_isqrt(I(a[1]), &SITE));
  else if (IS("gcd")) apc_print_int(apc_math_gcd(I(a[1]), I(a[2]), &SITE));
  else if (IS("raise")) apc_raise(a[1], argc > 2 ? H(a[2])->data : "", &FSITE);
  else if (IS("raisestr")) apc_raise_str(a[1], H(a[2]), &FSITE);
  else if (IS("recursion")) apc_raise_recursion(&FSITE);
  else if (IS("exit")) {
    apc_print_str(S("bye"));
    nl();
    apc_exit(I(a[1]));
  } else if (IS("bigout")) {
    /* print(i, i / 7, bool(i % 2)) for i in range(N), a 100000-byte line,
     * then end as a[2] says: return, exit (status 3) or raise. */
    for (int64_t i = 0; i < I(a[1]); i++) {
      apc_print_int(i);
      apc_print_str(SP);
      apc_print_float((double)i / 7.0);
      apc_print_str(SP);
      apc_print_bool(i % 2 != 0);
      nl();
    }
    char *big = malloc(100001);
    memset(big, 'y', 100000);
    big[100000] = 0;
    apc_print_str(S(big));
    nl();
    if (!strcmp(a[2], "exit")) apc_exit(3);
    if (!strcmp(a[2], "raise")) apc_raise("ValueError", "boom", &FSITE);
    return;
  }
  else if (IS("exitstr")) apc_exit_str(H(a[1]));
  else if (IS("argv")) {
    apc_print_int(apc_argv_len());
    for (int64_t i = 0; i < apc_argv_len(); i++) {
      nl();
      apc_print_str(apc_argv_get(i, &SITE));
    }
  } else if (IS("argvget")) apc_print_str(apc_argv_get(I(a[1]), &SITE));
  else if (IS("perf")) apc_print_float(apc_perf_counter());
  else if (IS("time")) apc_print_float(apc_time_time());
  else if (IS("depth")) {
    apc_print_int(apc_depth);
    apc_print_str(SP);
    apc_print_int(apc_recursion_limit);
  } else if (IS("segv")) {
    /* Keep the overflow quick even under `ulimit -s unlimited`: the kernel
     * checks the limit when it grows the stack. */
    struct rlimit rl;
    if (getrlimit(RLIMIT_STACK, &rl) == 0 && (rl.rlim_cur == RLIM_INFINITY || rl.rlim_cur > (64u << 20))) {
      rl.rlim_cur = 64u << 20;
      setrlimit(RLIMIT_STACK, &rl);
    }
    apc_print_str(S("before overflow"));
    nl();
    deep((volatile char *)"x", 0);
  } else if (IS("nullderef")) {
    apc_print_str(S("before crash"));
    nl();
    volatile int *volatile p = NULL;
    *p = 1;
  } else if (IS("nonprintable")) dump_ranges(not_printable, 0);
  else if (IS("spaces")) dump_ranges(is_space, 128);
  else if (IS("decimals")) {
    int first = 1;
    for (uint32_t cp = 128; cp < 0x110000; cp++) {
      int d = apc__uni_decimal(cp);
      if (d < 0) continue;
      if (!first) nl();
      first = 0;
      apc_print_int(cp);
      apc_print_str(SP);
      apc_print_int(d);
    }
  } else {
    fprintf(stderr, "ops: unknown op %s\n", op);
    exit(99);
  }
  nl();
}

void apc_module_main(void) {
  apc_set_source_file("prog.py");
  NL = S("\n");
  SP = S(" ");
  if (apc_argv_len() >= 3 && !strcmp(apc_argv_get(1, &SITE)->data, "one")) {
    int64_t n = apc_argv_len() - 2;
    char **args = malloc(sizeof(char *) * (size_t)(n + 1));
    for (int64_t i = 0; i < n; i++) args[i] = (char *)apc_argv_get(i + 2, &SITE)->data;
    args[n] = NULL;
    run((int)n, args);
    return;
  }
  char *line = NULL;
  size_t cap = 0;
  ssize_t len;
  char *args[8];
  while ((len = getline(&line, &cap, stdin)) > 0) {
    if (line[len - 1] == '\n') line[--len] = '\0';
    int n = 0;
    for (char *tok = strtok(line, " "); tok && n < 7; tok = strtok(NULL, " ")) args[n++] = tok;
    args[n] = NULL;
    if (n) run(n, args);
  }
}
