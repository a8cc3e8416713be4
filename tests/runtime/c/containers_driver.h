/* containers_driver.h: shared scaffolding of the container test drivers
 * (tests/runtime/containers.test.ts).
 *
 * Each driver is linked with the whole runtime except main.c, and with
 * -Wl,--wrap=apc_raise,--wrap=apc_raise_str: an error raised by the
 * runtime prints "Type: message" on stdout and jumps back to the driver's
 * loop, which is what the Python twin prints for `except Exception as e`.
 * So one process checks many failing operations. Strings travel hex-encoded
 * (UTF-8), floats as 16-digit hex bit patterns.
 */
#ifndef CONTAINERS_DRIVER_H
#define CONTAINERS_DRIVER_H

#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "apc_containers.h"
#include "rt_internal.h"

static const apc_site SITE = {"<module>", 1, 1};

/* ---- errors --------------------------------------------------------------- */

static jmp_buf *catch_point;

static void print_raw(const char *p, size_t n) { apc__out_write(p, n); }
static void print_cstr(const char *s) { print_raw(s, strlen(s)); }
static void nl(void) { print_raw("\n", 1); }

_Noreturn void __wrap_apc_raise(const char *type, const char *msg, const apc_site *site);
_Noreturn void __wrap_apc_raise_str(const char *type, const apc_str *msg, const apc_site *site);

_Noreturn void __wrap_apc_raise(const char *type, const char *msg, const apc_site *site) {
  (void)site;
  print_cstr(type);
  if (msg && *msg) {
    print_cstr(": ");
    print_cstr(msg);
  }
  nl();
  if (!catch_point) {
    apc_flush();
    exit(1);
  }
  longjmp(*catch_point, 1);
}

_Noreturn void __wrap_apc_raise_str(const char *type, const apc_str *msg, const apc_site *site) {
  (void)site;
  print_cstr(type);
  if (msg && msg->len) {
    print_cstr(": ");
    print_raw(msg->data, (size_t)msg->len);
  }
  nl();
  if (!catch_point) {
    apc_flush();
    exit(1);
  }
  longjmp(*catch_point, 1);
}

/* Runs body; an error inside it prints and continues after it. */
#define TRY(...)                   \
  do {                             \
    jmp_buf jb_;                   \
    jmp_buf *saved_ = catch_point; \
    if (setjmp(jb_) == 0) {        \
      catch_point = &jb_;          \
      __VA_ARGS__;                 \
    }                              \
    catch_point = saved_;          \
  } while (0)

/* ---- types ----------------------------------------------------------------- */

static const apc_type T_INT = {APC_K_INT, 0, NULL};
static const apc_type T_FLOAT = {APC_K_FLOAT, 0, NULL};
static const apc_type T_BOOL = {APC_K_BOOL, 0, NULL};
static const apc_type T_NONE = {APC_K_NONE, 0, NULL};
static const apc_type T_STR = {APC_K_STR, 0, NULL};

/* A type built at run time (drivers need many shapes). */
static const apc_type *mk_type(int kind, int n, ...);
#include <stdarg.h>
static const apc_type *mk_type(int kind, int n, ...) {
  apc_type *t = malloc(sizeof *t);
  const apc_type **args = malloc((size_t)(n ? n : 1) * sizeof *args);
  va_list ap;
  va_start(ap, n);
  for (int i = 0; i < n; i++) args[i] = va_arg(ap, const apc_type *);
  va_end(ap);
  t->kind = kind;
  t->n = n;
  t->args = args;
  return t;
}
#define LIST_OF(e) mk_type(APC_K_LIST, 1, (e))
#define SET_OF(e) mk_type(APC_K_SET, 1, (e))
#define DICT_OF(k, v) mk_type(APC_K_DICT, 2, (k), (v))

/* ---- values ----------------------------------------------------------------- */

static apc_slot P(const void *p) { return (apc_slot)(intptr_t)p; }
static apc_slot F(double d) {
  apc_slot s;
  memcpy(&s, &d, sizeof s);
  return s;
}
static apc_str *S(const char *s) { return apc_str_new(s, (int64_t)strlen(s)); }

/* "x" followed by the hex of the UTF-8 bytes ("x" alone: the empty string). */
static apc_str *hex_str(const char *hex) {
  if (*hex == 'x') hex++;
  size_t n = strlen(hex) / 2;
  char *buf = malloc(n + 1);
  for (size_t i = 0; i < n; i++) {
    char two[3] = {hex[2 * i], hex[2 * i + 1], 0};
    buf[i] = (char)strtol(two, NULL, 16);
  }
  apc_str *s = apc_str_new(buf, (int64_t)n);
  free(buf);
  return s;
}

static double hex_double(const char *hex) {
  uint64_t b = strtoull(hex, NULL, 16);
  double d;
  memcpy(&d, &b, sizeof d);
  return d;
}

/* print(repr(v)) */
static void show(apc_slot v, const apc_type *t) {
  apc_str *r = apc_value_repr(v, t);
  print_raw(r->data, (size_t)r->len);
  nl();
}
static void show_str(const apc_str *s) { show(P(s), &T_STR); }
static void show_int(int64_t v) { show(v, &T_INT); }
static void show_bool(bool v) { show(v, &T_BOOL); }

/* ---- input ------------------------------------------------------------------ */

/* Splits the next stdin line into at most max whitespace-separated fields;
 * returns the count, or -1 at end of input. */
static int read_fields(char *line, size_t cap, char **fields, int max) {
  if (!fgets(line, (int)cap, stdin)) return -1;
  int n = 0;
  for (char *p = strtok(line, " \t\r\n"); p && n < max; p = strtok(NULL, " \t\r\n")) fields[n++] = p;
  return n;
}

#endif
