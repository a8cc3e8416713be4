// Flame graphs of a run's stack samples, as one self-contained SVG file
// (no external fonts, scripts or styles): the root at the bottom, each
// frame as wide as the time of the samples it is on, the project's own
// functions in warm colours and library code in blue. Hover shows a frame's
// function, file:line, samples, share and seconds; click zooms into a frame,
// click the bottom bar (or press Escape) to reset. Owns building the frame
// tree and drawing it; does not own where the file goes (profile.ts).

import type { RunProfile } from "../memory/trace-store.js";

export interface FlameNode {
  readonly functionId: number | null;
  readonly name: string;
  weight: number;
  count: number;
  readonly children: Map<number, FlameNode>;
}

export interface FlameOptions {
  readonly title: string;
  readonly subtitle?: string;
  readonly width?: number;
}

const FRAME_H = 17;
const TOP = 48;
const PAD = 10;
const CHAR_W = 6.6;
const MIN_W = 0.3;

/** Merge the samples into a tree of call paths; a node's weight is the seconds of the samples through it. */
export function buildFlameTree(profile: Pick<RunProfile, "functions" | "samples">): FlameNode {
  const names = new Map(profile.functions.map((f) => [f.id, f.qualname]));
  const root: FlameNode = { functionId: null, name: "all", weight: 0, count: 0, children: new Map() };
  for (const s of profile.samples) {
    root.weight += s.weightS;
    root.count += s.count;
    let node = root;
    for (const id of s.stack) {
      let child = node.children.get(id);
      if (!child) {
        child = { functionId: id, name: names.get(id) ?? `#${id}`, weight: 0, count: 0, children: new Map() };
        node.children.set(id, child);
      }
      child.weight += s.weightS;
      child.count += s.count;
      node = child;
    }
  }
  return root;
}

function depthOf(node: FlameNode): number {
  let d = 0;
  for (const c of node.children.values()) d = Math.max(d, depthOf(c));
  return d + 1;
}

function escapeXml(s: string): string {
  return s.replace(/[<>&"']/g, (c) => ({ "<": "&lt;", ">": "&gt;", "&": "&amp;", '"': "&quot;", "'": "&apos;" })[c]!);
}

function hash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

function colour(name: string, library: boolean): string {
  const h = hash(name);
  const a = (h & 0xff) / 255;
  const b = ((h >> 8) & 0xff) / 255;
  if (library) return `rgb(${Math.round(80 + 60 * a)},${Math.round(150 + 60 * b)},${Math.round(200 + 40 * a)})`;
  return `rgb(${Math.round(205 + 50 * a)},${Math.round(80 + 150 * b)},${Math.round(40 * a)})`;
}

function fitText(name: string, width: number): string {
  const n = Math.floor((width - 6) / CHAR_W);
  if (n < 3) return "";
  return name.length <= n ? name : `${name.slice(0, n - 2)}..`;
}

export function renderFlameGraph(profile: Pick<RunProfile, "functions" | "samples">, opts: FlameOptions): string {
  const width = opts.width ?? 1200;
  const root = buildFlameTree(profile);
  const info = new Map(profile.functions.map((f) => [f.id, f]));
  const depth = depthOf(root);
  const height = TOP + depth * FRAME_H + PAD * 2 + 14;
  const inner = width - 2 * PAD;
  const total = root.weight > 0 ? root.weight : root.count;
  const measure = (n: FlameNode) => (root.weight > 0 ? n.weight : n.count);
  const frames: string[] = [];

  const draw = (node: FlameNode, x: number, level: number) => {
    const w = total > 0 ? (measure(node) / total) * inner : inner;
    if (w < MIN_W) return;
    const y = height - PAD - 14 - (level + 1) * FRAME_H;
    const f = node.functionId === null ? undefined : info.get(node.functionId);
    const library = f ? f.file.startsWith("/") || f.file.startsWith("<") : false;
    const where = f ? ` (${f.module} ${f.file}:${f.line})` : "";
    const share = total > 0 ? (100 * measure(node)) / total : 100;
    const title = `${node.name}${where}\n${node.count} samples, ${share.toFixed(2)}%, ${node.weight.toFixed(3)} s`;
    frames.push(
      `<g class="f" data-x="${x.toFixed(2)}" data-w="${w.toFixed(2)}" data-l="${level}" data-n="${escapeXml(node.name)}"><title>${escapeXml(title)}</title>` +
        `<rect x="${x.toFixed(2)}" y="${y}" width="${w.toFixed(2)}" height="${FRAME_H - 1}" rx="2" fill="${node.functionId === null ? "rgb(200,200,200)" : colour(node.name, library)}"/>` +
        `<text x="${(x + 3).toFixed(2)}" y="${y + FRAME_H - 5}">${escapeXml(fitText(node.name, w))}</text></g>`,
    );
    let cx = x;
    const children = [...node.children.values()].sort((a, b) => a.name.localeCompare(b.name) || (a.functionId ?? 0) - (b.functionId ?? 0));
    for (const c of children) {
      draw(c, cx, level + 1);
      cx += total > 0 ? (measure(c) / total) * inner : 0;
    }
  };
  if (root.count > 0) draw(root, PAD, 0);

  const empty = root.count === 0 ? `<text x="${width / 2}" y="${TOP + 20}" text-anchor="middle">no samples: the program ended before the first one</text>` : "";
  return `<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="Verdana, Helvetica, sans-serif" font-size="11">
<style>
  text { fill: #000; pointer-events: none; }
  .f:hover rect { stroke: #000; stroke-width: 0.6; cursor: pointer; }
  .title { font-size: 16px; }
  .sub { fill: #555; }
</style>
<rect x="0" y="0" width="${width}" height="${height}" fill="#f8f8f4"/>
<text class="title" x="${width / 2}" y="22" text-anchor="middle">${escapeXml(opts.title)}</text>
<text class="sub" x="${width / 2}" y="38" text-anchor="middle">${escapeXml(opts.subtitle ?? "")}</text>
<text class="sub" x="${PAD}" y="${height - 6}">width = share of samples; warm = the project's code, blue = libraries; click a frame to zoom, Escape or the bottom bar to reset</text>
<g id="frames">
${frames.join("\n")}
</g>
${empty}
<script><![CDATA[
(function () {
  var W = ${inner}, PAD = ${PAD}, CW = ${CHAR_W};
  var gs = Array.prototype.slice.call(document.querySelectorAll("g.f"));
  function fit(n, w) { var k = Math.floor((w - 6) / CW); return k < 3 ? "" : (n.length <= k ? n : n.slice(0, k - 2) + ".."); }
  function show(g, x, w) {
    var r = g.querySelector("rect"), t = g.querySelector("text");
    r.setAttribute("x", x); r.setAttribute("width", w); t.setAttribute("x", x + 3);
    t.textContent = fit(g.getAttribute("data-n"), w); g.style.display = "";
  }
  function zoom(target) {
    var zx = +target.getAttribute("data-x"), zw = +target.getAttribute("data-w"), zl = +target.getAttribute("data-l");
    gs.forEach(function (g) {
      var x = +g.getAttribute("data-x"), w = +g.getAttribute("data-w"), l = +g.getAttribute("data-l");
      var inside = x >= zx - 1e-6 && x + w <= zx + zw + 1e-6;
      var below = l < zl && x <= zx + 1e-6 && x + w >= zx + zw - 1e-6;
      if (below) show(g, PAD, W);
      else if (inside && l >= zl) { var nw = w * W / zw; if (nw < 0.3) g.style.display = "none"; else show(g, PAD + (x - zx) * W / zw, nw); }
      else g.style.display = "none";
    });
  }
  function reset() { gs.forEach(function (g) { show(g, +g.getAttribute("data-x"), +g.getAttribute("data-w")); }); }
  gs.forEach(function (g) { g.addEventListener("click", function () { if (+g.getAttribute("data-l") === 0) reset(); else zoom(g); }); });
  document.addEventListener("keydown", function (e) { if (e.key === "Escape") reset(); });
})();
]]></script>
</svg>
`;
}
