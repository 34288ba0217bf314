// Start-up guard: `kubectl win --help` must stay fast (goal < 150 ms), so the modules dist/main.js
// loads before any command runs must not include the heavy libraries or the analyses. Builds with
// the same esbuild options as `npm run build`, in memory, and walks the static import graph.
import assert from 'node:assert/strict';
import {build, type Metafile} from 'esbuild';
import {join} from 'node:path';
// @ts-expect-error: a JavaScript build script without type declarations
import {buildOptions, cjsOptions, FROM_ESM} from '../../../scripts/build.mjs';

const ROOT = join(import.meta.dirname, '..', '..', '..');

describe('cli start-up path', function () {
  this.timeout(60_000);
  let meta: Metafile;
  let startup: Set<string>;
  let externals: Set<string>;

  before(async () => {
    const result = await build({...buildOptions(join(ROOT, 'dist-startup-test')), write: false, absWorkingDir: ROOT, logLevel: 'silent'});
    meta = result.metafile!;
    startup = new Set();
    externals = new Set();
    const walk = (out: string) => {
      if (startup.has(out)) return;
      startup.add(out);
      for (const i of meta.outputs[out].imports) {
        if (i.kind !== 'import-statement') continue;
        if (i.external) externals.add(i.path);
        else walk(i.path);
      }
    };
    walk(Object.keys(meta.outputs).find((o) => o.endsWith('dist-startup-test/main.js'))!);
  });

  const inputsAtStartup = () => [...startup].flatMap((o) => Object.keys(meta.outputs[o].inputs));

  it('imports no heavy library before a command runs', () => {
    for (const lib of ['@kubernetes/client-node', 'ink', 'react', 'yaml']) {
      assert.ok(![...externals].some((e) => e === lib || e.startsWith(`${lib}/`)), `${lib} is imported at start-up`);
      assert.ok(!inputsAtStartup().some((i) => i.includes(`node_modules/${lib}/`)), `${lib} is bundled into the start-up chunks`);
    }
  });

  it('loads no analysis, source or renderer before a command runs', () => {
    const bad = inputsAtStartup().filter((i) => /^src\/(analyses|source|render|k8s)\//.test(i) && !/\/types\.ts$/.test(i));
    assert.deepEqual(bad, []);
  });

  it('bundles @oclif/core (no per-file module resolution at start-up) without TypeScript', () => {
    assert.ok(!externals.has('@oclif/core'));
    assert.ok(inputsAtStartup().some((i) => i.includes('node_modules/@oclif/core/lib/main.js')));
    assert.ok(!inputsAtStartup().some((i) => i.includes('node_modules/typescript/')));
  });

  it('keeps the start-up chunks small', () => {
    const bytes = [...startup].reduce((n, o) => n + meta.outputs[o].bytes, 0);
    assert.ok(bytes < 600_000, `start-up code is ${bytes} bytes`);
  });
});

describe('cli start-up path: dist/main.cjs (the bundle with a V8 code cache)', function () {
  this.timeout(60_000);
  let meta: Metafile;
  let code: string;

  before(async () => {
    const out = join(ROOT, 'dist-startup-test', 'main.cjs');
    const result = await build({...cjsOptions(out), write: false, metafile: true, absWorkingDir: ROOT, logLevel: 'silent'});
    meta = result.metafile!;
    code = result.outputFiles![0].text;
  });

  it('leaves ink and @kubernetes/client-node to the ESM build', () => {
    const inputs = Object.keys(meta.inputs);
    for (const lib of ['@kubernetes/client-node', 'ink', 'react']) assert.ok(!inputs.some((i) => i.includes(`node_modules/${lib}/`)), `${lib} is in main.cjs`);
    assert.ok(!inputs.includes('src/render/tty.tsx') && !inputs.includes('src/source/client-node.ts'));
  });

  it('reaches what it leaves out through the import function bin/code-cache.js hands in, never import() (vm.Script has none on Node 20)', () => {
    for (const name of Object.keys(FROM_ESM)) assert.ok(code.includes(`'${name}.js'`) || code.includes(`"${name}.js"`), `no way to ${name}.js`);
    // The only ones: oclif's loaders of commands and plugins by path (unused: the registry is
    // explicit), its TypeScript dev mode (tsx), and an error message of its.
    const oclifOwn = [/^\(0,node_url_1\.pathToFileURL\)\(filePath\)\.href/, /^href\)/, /^\)"/];
    const imports = [...code.matchAll(/[^\w.$]import\((.{0,60})/g)].map((m) => m[1]).filter((i) => !oclifOwn.some((re) => re.test(i)));
    assert.deepEqual(imports, []);
  });
});
