/* sys.c: program lifecycle, sys and time.
 *
 * Owns: apc_init (argv capture, stdout terminal detection, flush at exit,
 * SIGPIPE ignored as CPython does,
 * installing the stack-overflow handler of errors.c), the source file name
 * (tracebacks and sys.argv[0]), sys.exit (apc_exit, apc_exit_str), sys.argv,
 * time.perf_counter and time.time.
 * Does not own: main (main.c), tracebacks (errors.c), stdout (print.c).
 */
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L
#endif

#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "gc.h"
#include "rt_internal.h"

static const char *source_file;
static int saved_argc;
static char **saved_argv;
static apc_str **argv_strs; /* lazily built, immortal; [0] is unused */
static apc_str *argv0_str;  /* sys.argv[0]: the source file name */

const char *apc__source_file(void) {
  if (source_file) return source_file;
  if (saved_argc > 0 && saved_argv && saved_argv[0]) return saved_argv[0];
  return "<unknown>";
}

void apc_set_source_file(const char *file) {
  source_file = file;
  argv0_str = NULL; /* rebuilt on next use; the old one stays valid */
}

/* ---- lifecycle ------------------------------------------------------------ */

static void flush_at_exit(void) {
  apc__stdout_at_exit = 1; /* a closed pipe now is "Exception ignored" (print.c) */
  apc__flush_raw();
}

void apc_init(int argc, char **argv) {
  apc_gc_init(argv); /* argv sits above every frame of the program */
  saved_argc = argc;
  saved_argv = argv;
  apc__stdout_line_buffered = isatty(1);
  atexit(flush_at_exit);
  signal(SIGPIPE, SIG_IGN); /* as CPython: a closed stdout is BrokenPipeError (print.c) */
  apc__install_segv_handler();
}

_Noreturn void apc_exit(int64_t code) {
  apc__flush_raw();
  /* CPython passes the int to exit(); the OS keeps the low 8 bits. */
  exit((int)code);
}

_Noreturn void apc_exit_str(const apc_str *msg) {
  apc__flush_raw();
  if (msg) apc__write_fd(2, msg->data, (size_t)msg->len);
  apc__write_fd(2, "\n", 1);
  exit(1);
}

/* ---- sys.argv ------------------------------------------------------------ */

/* argv strings live for the whole run outside the collected heap (they are
 * referenced from malloc'ed memory the collector does not scan). */
static apc_str *immortal(const char *s) {
  size_t len = strlen(s);
  apc_str *r = malloc(sizeof(apc_str) + len + 1);
  if (!r) apc_raise("MemoryError", "", NULL);
  r->len = (int64_t)len;
  memcpy(r->data, s, len + 1);
  return r;
}

int64_t apc_argv_len(void) { return saved_argc > 1 ? saved_argc : 1; }

const apc_str *apc_argv_get(int64_t i, const apc_site *site) {
  int64_t n = apc_argv_len();
  if (i < 0) i += n;
  if (i < 0 || i >= n) apc_raise("IndexError", "list index out of range", site);
  if (i == 0) {
    if (!argv0_str) argv0_str = immortal(apc__source_file());
    return argv0_str;
  }
  if (!argv_strs) {
    argv_strs = calloc((size_t)n, sizeof *argv_strs);
    if (!argv_strs) apc_raise("MemoryError", "", site);
  }
  if (!argv_strs[i]) argv_strs[i] = immortal(saved_argv[i]);
  return argv_strs[i];
}

/* ---- time ------------------------------------------------------------------ */

/* Like CPython: integer nanoseconds, then one division. */
static double clock_seconds(clockid_t clock) {
  struct timespec ts;
  clock_gettime(clock, &ts);
  int64_t ns = (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
  return (double)ns / 1e9;
}

double apc_perf_counter(void) { return clock_seconds(CLOCK_MONOTONIC); }
double apc_time_time(void) { return clock_seconds(CLOCK_REALTIME); }
