// The direction imports may take, written once: inside src/, Source -> Snapshot -> Analysis -> Report
// -> View -> Renderer, with the CLI on top choosing exit codes. A layer is the first folder under
// src/; the files directly in src/ (errors.ts, options.ts) are `base`, the bottom every layer may
// import; and between the repository's top folders (FOLDERS: nothing outside test/ imports test/).
// import-direction.test.ts walks the real imports of every TypeScript file and fails on any import
// these tables do not allow (docs/architecture.md, decision 31).
import {existsSync, readdirSync, readFileSync} from 'node:fs';
import {dirname, join, normalize, relative, sep} from 'node:path';
import ts from 'typescript';

export type Layer = 'cli' | 'fix' | 'source' | 'analyses' | 'report' | 'render' | 'k8s' | 'util' | 'base';

/** Which layers each layer may import (its own always). */
export const ALLOWED: Record<Layer, readonly Layer[]> = {
  cli: ['fix', 'source', 'analyses', 'report', 'render', 'k8s', 'util', 'base'],
  fix: ['report', 'k8s', 'util', 'base'],
  // render: each analysis's view.ts builds the View that render/view.ts defines (Report -> View).
  analyses: ['report', 'render', 'k8s', 'util', 'base'],
  source: ['k8s', 'util', 'base'],
  report: ['k8s', 'util', 'base'],
  render: ['report', 'util', 'base'],
  k8s: ['util', 'base'],
  util: ['base'],
  // The domain errors (src/errors.ts) and the shared options (src/options.ts).
  base: [],
};

/** Modules no file under src/analyses/ may import: analyses read nothing and talk to nobody. */
export const ANALYSIS_FORBIDDEN_MODULES: readonly string[] = [
  'fs',
  'readline',
  'readline/promises',
  'http',
  'https',
  'http2',
  'net',
  'tls',
  'child_process',
  'node:fs',
  'node:fs/promises',
  'node:readline',
  'node:readline/promises',
  'node:http',
  'node:https',
  'node:http2',
  'node:net',
  'node:tls',
  'node:child_process',
  'ws',
  'undici',
];

export interface Exception {
  /** Importing files (path relative to the root, forward slashes). */
  from: RegExp;
  /** Imported files. */
  to: RegExp;
  why: string;
}

/**
 * Imports that go against the table today, each with the reason it is still there. A new upward
 * import is not added here without a reason; an entry nothing uses any more fails the test.
 */
export const EXCEPTIONS: readonly Exception[] = [
  {
    from: /^src\/report\/all-checks\.ts$/,
    to: /^src\/analyses\/[a-z]+\/checks\.ts$/,
    why: "the catalogue of every check collects each analysis's check table; the runtime (SARIF, completion) needs it in src/",
  },
];

export interface Violation {
  from: string;
  to: string;
  why: string;
}

/** The top-level folders of the repository whose imports are checked. */
export type Folder = 'src' | 'commands' | 'harness' | 'scripts' | 'bench' | 'test';

/**
 * Which folders each folder may import (its own always): the product (src/, commands/) imports no
 * tooling, the control-plane harness only the product, and nothing outside test/ imports test/.
 */
export const FOLDERS: Record<Folder, readonly Folder[]> = {
  // src/cli/main.ts, the entry, hands oclif the command registry that sits beside the commands.
  src: ['commands'],
  commands: ['src'],
  harness: ['src'],
  scripts: ['src', 'commands', 'harness'],
  bench: ['src', 'commands', 'harness', 'scripts'],
  test: ['src', 'commands', 'harness', 'scripts', 'bench'],
};

/** One import: `to` is a path relative to the root (forward slashes), or a package such as `node:fs`. */
export interface Edge {
  from: string;
  to: string;
}

function sourceFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, {withFileTypes: true}).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return e.name === 'node_modules' ? [] : sourceFiles(p);
    return /\.(tsx?|mjs)$/.test(e.name) && !e.name.endsWith('.d.ts') ? [p] : [];
  });
}

function layerOf(rel: string): Layer | undefined {
  if (/^src\/[^/]+\.tsx?$/.test(rel)) return 'base';
  const m = /^src\/([^/]+)\//.exec(rel);
  return m && m[1] in ALLOWED ? (m[1] as Layer) : undefined;
}

function folderOf(rel: string): Folder | undefined {
  const top = rel.split('/')[0];
  return rel.includes('/') && top in FOLDERS ? (top as Folder) : undefined;
}

/** `./x.js` as written in an ESM import names `./x.ts` (or .tsx) on disk; `./x.mjs` names itself. */
function resolved(root: string, fromRel: string, spec: string): string {
  const p = normalize(join(dirname(fromRel), spec))
    .split(sep)
    .join('/');
  if (!p.endsWith('.js')) return p;
  const tsx = p.replace(/\.js$/, '.tsx');
  return existsSync(join(root, tsx)) ? tsx : p.replace(/\.js$/, '.ts');
}

/** Every import (static, re-export, dynamic) of the TypeScript and .mjs files under root's checked folders. */
export function importEdges(root: string): Edge[] {
  const edges: Edge[] = [];
  for (const folder of Object.keys(FOLDERS)) {
    for (const file of sourceFiles(join(root, folder))) {
      const from = relative(root, file).split(sep).join('/');
      const info = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
      for (const {fileName: spec} of info.importedFiles) edges.push({from, to: spec.startsWith('.') ? resolved(root, from, spec) : spec});
    }
  }
  return edges;
}

function layerViolation(edge: Edge): string | undefined {
  const from = layerOf(edge.from);
  if (!edge.to.startsWith('src/')) {
    return from === 'analyses' && ANALYSIS_FORBIDDEN_MODULES.includes(edge.to) ? 'analyses do no I/O' : undefined;
  }
  const target = layerOf(edge.to);
  if (!from || !target || target === from || ALLOWED[from].includes(target)) return undefined;
  return ALLOWED[from].length > 0 ? `${from} may import only ${ALLOWED[from].join(', ')}` : `${from} may import nothing outside itself`;
}

function folderViolation(edge: Edge): string | undefined {
  const from = folderOf(edge.from);
  const target = folderOf(edge.to);
  if (!from || !target || target === from || FOLDERS[from].includes(target)) return undefined;
  return `${from}/ may import only ${FOLDERS[from].map((f) => `${f}/`).join(', ')}`;
}

/** The imports among `edges` that the tables and the exceptions do not allow. */
export function violationsOf(edges: readonly Edge[], exceptions: readonly Exception[] = EXCEPTIONS, used?: Set<Exception>): Violation[] {
  const out: Violation[] = [];
  for (const edge of edges) {
    const why = layerViolation(edge) ?? folderViolation(edge);
    if (!why) continue;
    const exception = exceptions.find((e) => e.from.test(edge.from) && e.to.test(edge.to));
    if (exception) used?.add(exception);
    else out.push({...edge, why});
  }
  return out;
}

/** Every import under `root` that the tables and the exceptions do not allow. */
export function importViolations(root: string, exceptions: readonly Exception[] = EXCEPTIONS, used?: Set<Exception>): Violation[] {
  return violationsOf(importEdges(root), exceptions, used);
}
