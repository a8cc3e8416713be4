// Type-based alias information for container accesses. llvm-bindings has no
// metadata API, so the backend names the loads of list headers (`apc.hdr`)
// and the addresses of element slots (`apc.slot`), and this pass attaches
// `!tbaa` tags to the printed module: a store into a list's items can then
// never be mistaken for a change of its length, and LLVM hoists `len` and
// `items` out of loops that call nothing (matmul, n-body, sieve).
// requires: the textual module; changes: nothing but metadata.

export function addTbaa(ll: string): string {
  // Metadata nodes are numbered: take numbers past any the module uses.
  let next = 0;
  for (const m of ll.matchAll(/!(\d+)\b/g)) next = Math.max(next, Number(m[1]) + 1);
  const [ROOT, HEADER_T, SLOT_T, HEADER, SLOT] = [0, 1, 2, 3, 4].map((i) => `!${next + i}`) as [string, string, string, string, string];
  const out: string[] = [];
  let tagged = 0;
  for (const line of ll.split("\n")) {
    let tag: string | null = null;
    if (/^\s*%apc\.hdr[\w.]* = load /.test(line)) tag = HEADER;
    else if (/^\s*%[\w.]+ = load i64, i64\* %apc\.slot[\w.]*,/.test(line) || /^\s*store i64 [^,]+, i64\* %apc\.slot[\w.]*,/.test(line)) tag = SLOT;
    if (tag && !line.includes("!tbaa")) {
      out.push(`${line}, !tbaa ${tag}`);
      tagged++;
    } else out.push(line);
  }
  if (!tagged) return ll;
  out.push(
    `${ROOT} = !{!"apc tbaa"}`,
    `${HEADER_T} = !{!"list header", ${ROOT}, i64 0}`,
    `${SLOT_T} = !{!"element slot", ${ROOT}, i64 0}`,
    `${HEADER} = !{${HEADER_T}, ${HEADER_T}, i64 0}`,
    `${SLOT} = !{${SLOT_T}, ${SLOT_T}, i64 0}`,
  );
  return out.join("\n");
}
