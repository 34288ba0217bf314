// The direction imports may take inside src/, written once: Source -> Snapshot -> Analysis -> Report
// -> View -> Renderer, with the CLI on top choosing exit codes. A layer is the first folder under
// src/; the files directly in src/ (errors.ts, options.ts) are `base`, the bottom every layer may
// import. import-direction.test.ts walks the real imports of every TypeScript file and fails on any
// import this table does not allow (docs/architecture.md, "Enforced direction").
import {readdirSync, readFileSync} from 'node:fs';
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
  'fs', 'readline', 'readline/promises', 'http', 'https', 'http2', 'net', 'tls', 'child_process',
  'node:fs', 'node:fs/promises', 'node:readline', 'node:readline/promises', 'node:http', 'node:https', 'node:http2',
  'node:net', 'node:tls', 'node:child_process', 'ws', 'undici',
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
    why: 'the catalogue of every check collects each analysis\'s check table; the runtime (SARIF, completion) needs it in src/',
  },
];

export interface Violation {
  from: string;
  to: string;
  why: string;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, {withFileTypes: true}).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(p);
    return /\.tsx?$/.test(e.name) && !e.name.endsWith('.d.ts') ? [p] : [];
  });
}

function layerOf(rel: string): Layer | undefined {
  if (/^src\/[^/]+\.tsx?$/.test(rel)) return 'base';
  const m = /^src\/([^/]+)\//.exec(rel);
  return m && m[1] in ALLOWED ? (m[1] as Layer) : undefined;
}

/** `./x.js` as written in an ESM import names `./x.ts` (or .tsx) on disk. */
function resolved(fromRel: string, spec: string): string {
  const p = normalize(join(dirname(fromRel), spec)).split(sep).join('/');
  return p.replace(/\.js$/, p.includes('/render/tty') ? '.tsx' : '.ts');
}

/** Every import of src/ under `root` (static, re-export, dynamic) that the table and its exceptions do not allow. */
export function importViolations(root: string, exceptions: readonly Exception[] = EXCEPTIONS, used?: Set<Exception>): Violation[] {
  const out: Violation[] = [];
  for (const file of sourceFiles(join(root, 'src'))) {
    const rel = relative(root, file).split(sep).join('/');
    const from = layerOf(rel);
    const info = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
    for (const {fileName: spec} of info.importedFiles) {
      if (!spec.startsWith('.')) {
        if (from === 'analyses' && ANALYSIS_FORBIDDEN_MODULES.includes(spec)) out.push({from: rel, to: spec, why: 'analyses do no I/O'});
        continue;
      }
      const to = resolved(rel, spec);
      const target = layerOf(to);
      if (!from || !target || target === from || ALLOWED[from].includes(target)) continue;
      const exception = exceptions.find((e) => e.from.test(rel) && e.to.test(to));
      if (exception) used?.add(exception);
      else out.push({from: rel, to, why: `${from} may import only ${ALLOWED[from].join(', ') || 'nothing above it'}`});
    }
  }
  return out;
}
