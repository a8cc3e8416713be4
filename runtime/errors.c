/* errors.c: runtime errors as CPython tracebacks.
 *
 * Owns: the traceback printed by apc_raise, apc_raise_str and
 * apc_raise_recursion (stdout flushed first, then stderr gets
 * "Traceback (most recent call last):", the frame line and "Type: message";
 * exit status 1), the recursion-depth counters, and the SIGSEGV handler on
 * an alternate signal stack that turns a native stack overflow into the same
 * RecursionError. Embedded in CPython (hybrid mode), a raise hook takes the
 * exception instead (apc_set_raise_hook).
 * Does not own: the message texts of particular failures (each caller uses
 * CPython's wording), the source file name (sys.c) or stdout (print.c).
 */
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L
#endif
#ifndef _DEFAULT_SOURCE
#define _DEFAULT_SOURCE /* sigaltstack, SA_ONSTACK */
#endif

#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "rt_internal.h"

int64_t apc_depth = 1; /* the module frame */
int64_t apc_recursion_limit = 1000;

/* ---- growable message buffer (normal error paths only) ----------------- */

typedef struct {
  char *p;
  size_t len, cap;
} sbuf;

static void sb_add(sbuf *b, const char *s, size_t n) {
  if (b->len + n + 1 > b->cap) {
    size_t cap = b->cap ? b->cap : 256;
    while (cap < b->len + n + 1) cap *= 2;
    char *np = realloc(b->p, cap);
    if (!np) return; /* out of memory while reporting: truncate */
    b->p = np;
    b->cap = cap;
  }
  memcpy(b->p + b->len, s, n);
  b->len += n;
  b->p[b->len] = '\0';
}

static void sb_str(sbuf *b, const char *s) { sb_add(b, s, strlen(s)); }

static void sb_frame(sbuf *b, const apc_site *site) {
  sb_str(b, "  File \"");
  sb_str(b, apc__source_file());
  sb_str(b, "\"");
  if (site) {
    char num[24];
    sb_str(b, ", line ");
    apc__int_to_dec(site->line, num);
    sb_str(b, num);
    sb_str(b, ", in ");
    sb_str(b, site->func ? site->func : "<module>");
  }
  sb_str(b, "\n");
}

static apc_raise_hook raise_hook;

void apc_set_raise_hook(apc_raise_hook hook) { raise_hook = hook; }

_Noreturn void apc__raise_n(const char *type, const char *msg, size_t len,
                            const apc_site *site) {
  if (raise_hook) {
    raise_hook(type, msg, len, site);
    abort(); /* a hook that returned */
  }
  apc__flush_raw();
  sbuf b = {0};
  sb_str(&b, "Traceback (most recent call last):\n");
  sb_frame(&b, site);
  sb_str(&b, type);
  if (len) {
    sb_str(&b, ": ");
    sb_add(&b, msg, len);
  }
  sb_str(&b, "\n");
  if (b.p)
    apc__write_fd(2, b.p, b.len);
  else
    apc__write_fd(2, "MemoryError\n", 12);
  exit(1); /* stdout is already flushed: the atexit flush finds it empty */
}

_Noreturn void apc_raise(const char *type, const char *msg, const apc_site *site) {
  apc__raise_n(type, msg ? msg : "", msg ? strlen(msg) : 0, site);
}

_Noreturn void apc_raise_str(const char *type, const apc_str *msg, const apc_site *site) {
  apc__raise_n(type, msg ? msg->data : "", msg ? (size_t)msg->len : 0, site);
}

_Noreturn void apc_raise_recursion(const apc_site *site) {
  apc_raise("RecursionError", "maximum recursion depth exceeded", site);
}

/* ---- native stack overflow ---------------------------------------------- */

static char alt_stack[1 << 16];
static uintptr_t stack_top;    /* a frame address near the top of the stack */
static uintptr_t stack_extent; /* how far below it the stack may reach */

static void write_str(int fd, const char *s) { apc__write_fd(fd, s, strlen(s)); }

static void segv_handler(int sig, siginfo_t *info, void *ctx) {
  (void)ctx;
  uintptr_t addr = (uintptr_t)info->si_addr;
  int on_stack = addr <= stack_top + 65536 && addr + stack_extent >= stack_top;
  apc__flush_raw();
  if (!on_stack) {
    /* Not a stack overflow: a genuine crash. Let it kill the process with
     * the default action once the handler returns and the access repeats. */
    write_str(2, "Fatal Python error: Segmentation fault\n");
    signal(sig, SIG_DFL);
    return;
  }
  write_str(2, "Traceback (most recent call last):\n  File \"");
  write_str(2, apc__source_file());
  write_str(2, "\", in <native stack overflow>\n"
               "RecursionError: maximum recursion depth exceeded\n");
  _exit(1);
}

void apc__install_segv_handler(void) {
  stack_top = (uintptr_t)__builtin_frame_address(0);
  struct rlimit rl;
  uintptr_t limit = (uintptr_t)1 << 34; /* unlimited stack: 16 GiB */
  if (getrlimit(RLIMIT_STACK, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY &&
      rl.rlim_cur < limit)
    limit = (uintptr_t)rl.rlim_cur;
  /* Slack for the kernel's guard gap and for frames that skip past it. */
  stack_extent = limit + ((uintptr_t)32 << 20);
  if (stack_extent > stack_top) stack_extent = stack_top;

  stack_t ss;
  memset(&ss, 0, sizeof ss);
  ss.ss_sp = alt_stack;
  ss.ss_size = sizeof alt_stack;
  if (sigaltstack(&ss, NULL) != 0) return;
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_sigaction = segv_handler;
  sa.sa_flags = SA_SIGINFO | SA_ONSTACK;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGSEGV, &sa, NULL);
}

