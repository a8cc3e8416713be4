// Function attributes and instruction flags llvm-bindings cannot set,
// applied to the printed module. A runtime function whose result depends on
// nothing but its arguments' values, and that never raises, is declared `readnone`
// so LLVM hoists it out of loops and merges repeated calls: strings are
// immutable, so `apc_str_len(s)` and `apc_str_is_ascii(s)` depend only on s
// (their internal facts cache is invisible to compiled code).
// requires: the textual module; changes: nothing but those declarations and
// the `nsw` flags.

const PURE = ["apc_str_len", "apc_str_is_ascii"];

export function markPureRuntime(ll: string): string {
  return ll.replace(/^declare ([^@\n]+@(\w+)\([^)\n]*\))( local_unnamed_addr)?$/gm, (line, head: string, name: string, addr: string | undefined) =>
    PURE.includes(name) ? `declare ${head}${addr ?? ""} readnone nounwind willreturn` : line,
  );
}

/** Int arithmetic the backend proved cannot overflow is named `nsw…`
 *  (llvm-bindings cannot set the flag): give it LLVM's no-signed-wrap flag,
 *  which scalar evolution and the vectoriser reason with. */
export function markNoSignedWrap(ll: string): string {
  return ll.replace(/^(\s*%nsw\d*) = (add|sub|mul) i64 /gm, "$1 = $2 nsw i64 ");
}
