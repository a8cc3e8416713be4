// Reading agent.config.* as data, without executing it. Commands that do not
// run the project (`apc why`, `apc chat`, `apc agent model list|rollback`,
// `apc tune --schedule`) must not run its code either: a repository just
// cloned may carry an agent.config.ts that does anything when imported. This
// module parses the file with the TypeScript compiler's parser (syntax only:
// no type checking, no emit, nothing evaluated) and accepts only literal data:
//
//   file      := (import-of-defineConfig | type-only import | type | interface
//                 | `const NAME = value` | `export const config = value`
//                 | `export default value`)*
//   value     := object | array | string | number | -number | true | false
//                 | null | undefined | NAME (an earlier const)
//                 | defineConfig(value) | value as T | value satisfies T | (value)
//   object    := { key: value, NAME (shorthand), ...NAME (an earlier const object) }
//
// `defineConfig` is apc's identity function and is only recognised when it is
// imported from apc (`apc`, `apc/...`, or a path ending in agents/config).
// Anything else (a call, `process.env`, a template with `${}`, a computed key,
// another import) is AgentConfigNotData, naming the file, line and column:
// the caller refuses with a way forward (--trust-config executes the file with
// jiti, as the commands that run the project always do). JSON files are JSON.
// Owns only reading; validation and defaults are agents/config.ts's.

import { readFileSync } from "node:fs";
import type * as TS from "typescript";
import { AgentConfigInvalid } from "./config.js";

/** The config file is not plain data: reading it would mean executing it. */
export class AgentConfigNotData extends Error {
  readonly code = "config-not-data";
  constructor(
    readonly file: string,
    readonly line: number,
    readonly col: number,
    /** What was found there, e.g. "`process.env.APC_DIR` (a property access)". */
    readonly found: string,
  ) {
    super(`${file}:${line}:${col}: ${found} is not plain data`);
  }
}

/** The value a config file exports (default, else `config`), read without executing it. */
export async function readConfigData(file: string): Promise<unknown> {
  const text = readFileSync(file, "utf8");
  if (file.endsWith(".json")) {
    try {
      return JSON.parse(text) as unknown;
    } catch (err) {
      throw new AgentConfigInvalid(file, [{ path: "(file)", message: `is not valid JSON: ${(err as Error).message}` }]);
    }
  }
  const ts = await loadTypeScript(file);
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const syntax = (source as unknown as { parseDiagnostics?: readonly TS.Diagnostic[] }).parseDiagnostics ?? [];
  if (syntax.length > 0) {
    const d = syntax[0]!;
    const { line, character } = source.getLineAndCharacterOfPosition(d.start ?? 0);
    throw new AgentConfigInvalid(file, [
      { path: "(file)", message: `syntax error at ${line + 1}:${character + 1}: ${ts.flattenDiagnosticMessageText(d.messageText, " ")}` },
    ]);
  }
  return new LiteralReader(ts, source, file).exported();
}

async function loadTypeScript(file: string): Promise<typeof TS> {
  try {
    const mod = (await import("typescript")) as unknown as { default?: typeof TS } & typeof TS;
    return mod.default ?? mod;
  } catch {
    throw new AgentConfigInvalid(file, [
      { path: "(file)", message: "cannot be read as data: the typescript package (an apc dependency) is not installed; run npm ci in apc's folder" },
    ]);
  }
}

const NOTHING = Symbol("nothing");

class LiteralReader {
  private readonly consts = new Map<string, unknown>();
  private readonly defineConfigNames = new Set<string>();

  constructor(
    private readonly ts: typeof TS,
    private readonly source: TS.SourceFile,
    private readonly file: string,
  ) {}

  exported(): unknown {
    const ts = this.ts;
    let defaultExport: unknown = NOTHING;
    let configExport: unknown = NOTHING;
    for (const st of this.source.statements) {
      if (ts.isImportDeclaration(st)) this.importDeclaration(st);
      else if (ts.isTypeAliasDeclaration(st) || ts.isInterfaceDeclaration(st) || ts.isEmptyStatement(st)) continue;
      else if (ts.isExportAssignment(st) && !st.isExportEquals) defaultExport = this.value(st.expression);
      else if (ts.isVariableStatement(st)) {
        if (!(st.declarationList.flags & ts.NodeFlags.Const)) throw this.notData(st, "a `let` or `var` declaration");
        const exported = st.modifiers?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword) ?? false;
        for (const decl of st.declarationList.declarations) {
          if (!ts.isIdentifier(decl.name) || decl.initializer === undefined) throw this.notData(decl, "a declaration without a plain name and value");
          const v = this.value(decl.initializer);
          this.consts.set(decl.name.text, v);
          if (exported && decl.name.text === "config") configExport = v;
        }
      } else throw this.notData(st, describeKind(ts, st));
    }
    if (defaultExport !== NOTHING && defaultExport !== undefined) return defaultExport;
    if (configExport !== NOTHING && configExport !== undefined) return configExport;
    throw new AgentConfigInvalid(this.file, [
      { path: "(file)", message: "exports no config: use `export default defineConfig({...})` or `export const config = {...}`" },
    ]);
  }

  private importDeclaration(st: TS.ImportDeclaration): void {
    const ts = this.ts;
    const clause = st.importClause;
    if (clause?.isTypeOnly) return;
    const from = ts.isStringLiteral(st.moduleSpecifier) ? st.moduleSpecifier.text : "";
    const fromApc = from === "apc" || from.startsWith("apc/") || /(^|\/)agents\/config(\.[cm]?[jt]s)?$/.test(from);
    const named = clause?.namedBindings && ts.isNamedImports(clause.namedBindings) ? clause.namedBindings.elements : null;
    if (!fromApc || clause === undefined || clause.name !== undefined || named === null) {
      throw this.notData(st, `an import of ${JSON.stringify(from)}`);
    }
    for (const el of named) {
      if (el.isTypeOnly) continue;
      const imported = (el.propertyName ?? el.name).text;
      if (imported !== "defineConfig") throw this.notData(el, `an import of ${imported}`);
      this.defineConfigNames.add(el.name.text);
    }
  }

  private value(node: TS.Expression): unknown {
    const ts = this.ts;
    if (ts.isParenthesizedExpression(node) || ts.isAsExpression(node) || ts.isSatisfiesExpression(node) || ts.isNonNullExpression(node) || ts.isTypeAssertionExpression(node)) {
      return this.value(node.expression);
    }
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
    if (ts.isNumericLiteral(node)) return this.number(node, node.text);
    if (ts.isPrefixUnaryExpression(node) && ts.isNumericLiteral(node.operand)) {
      if (node.operator === ts.SyntaxKind.MinusToken) return -this.number(node, node.operand.text);
      if (node.operator === ts.SyntaxKind.PlusToken) return this.number(node, node.operand.text);
    }
    if (node.kind === ts.SyntaxKind.TrueKeyword) return true;
    if (node.kind === ts.SyntaxKind.FalseKeyword) return false;
    if (node.kind === ts.SyntaxKind.NullKeyword) return null;
    if (ts.isIdentifier(node)) {
      if (node.text === "undefined") return undefined;
      if (this.consts.has(node.text)) return this.consts.get(node.text);
      throw this.notData(node, `\`${node.text}\` (a name that is not a constant declared above)`);
    }
    if (ts.isArrayLiteralExpression(node)) {
      return node.elements.map((el) => {
        if (ts.isSpreadElement(el) || ts.isOmittedExpression(el)) throw this.notData(el, "a spread or hole in an array");
        return this.value(el);
      });
    }
    if (ts.isObjectLiteralExpression(node)) return this.object(node);
    if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && this.defineConfigNames.has(node.expression.text) && node.arguments.length === 1) {
      return this.value(node.arguments[0]!);
    }
    throw this.notData(node, `\`${snippet(node.getText(this.source))}\` (${describeKind(ts, node)})`);
  }

  private object(node: TS.ObjectLiteralExpression): Record<string, unknown> {
    const ts = this.ts;
    const out: Record<string, unknown> = {};
    const put = (key: string, v: unknown) => Object.defineProperty(out, key, { value: v, enumerable: true, writable: true, configurable: true });
    for (const p of node.properties) {
      if (ts.isPropertyAssignment(p)) put(this.key(p.name), this.value(p.initializer));
      else if (ts.isShorthandPropertyAssignment(p)) put(p.name.text, this.value(p.name));
      else if (ts.isSpreadAssignment(p)) {
        const spread = this.value(p.expression);
        if (spread === null || typeof spread !== "object" || Array.isArray(spread)) throw this.notData(p, "a spread of something other than an object");
        for (const [k, v] of Object.entries(spread)) put(k, v);
      } else throw this.notData(p, describeKind(ts, p));
    }
    return out;
  }

  private key(name: TS.PropertyName): string {
    const ts = this.ts;
    if (ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isNoSubstitutionTemplateLiteral(name)) return name.text;
    if (ts.isNumericLiteral(name)) return String(Number(name.text));
    throw this.notData(name, "a computed key");
  }

  private number(node: TS.Node, text: string): number {
    const n = Number(text);
    if (!Number.isFinite(n)) throw this.notData(node, `the number ${text}`);
    return n;
  }

  private notData(node: TS.Node, found: string): AgentConfigNotData {
    const { line, character } = this.source.getLineAndCharacterOfPosition(node.getStart(this.source));
    return new AgentConfigNotData(this.file, line + 1, character + 1, found);
  }
}

function snippet(text: string): string {
  const one = text.replace(/\s+/g, " ");
  return one.length > 40 ? `${one.slice(0, 37)}...` : one;
}

/** "a call", "a property access", ... from the node's kind. */
function describeKind(ts: typeof TS, node: TS.Node): string {
  if (ts.isCallExpression(node) || ts.isNewExpression(node)) return "a call";
  if (ts.isPropertyAccessExpression(node) || ts.isElementAccessExpression(node)) return "a property access";
  if (ts.isTemplateExpression(node)) return "a template with ${}";
  if (ts.isFunctionLike(node)) return "a function";
  const words = ts.SyntaxKind[node.kind].replace(/([a-z])([A-Z])/g, "$1 $2").toLowerCase();
  return `${/^[aeiou]/.test(words) ? "an" : "a"} ${words}`;
}
