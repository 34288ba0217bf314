// Bundles the CLI with esbuild: dist/main.js (entry), dist/commands.js (the explicit oclif command
// registry) and lazily loaded chunks, so start-up imports only what the command being run needs.
//
// Start-up is most of a kubectl plugin's latency, so everything is bundled (resolving @oclif/core's
// ~150 CommonJS files one by one cost ~100 ms; @kubernetes/client-node's ~350 ms), and what only
// some runs need sits in chunks loaded lazily by dynamic import: @kubernetes/client-node (cluster
// reads) and the analyses. ink/react stay external: they are loaded only to draw on a terminal.
// test/unit/cli/startup.test.ts keeps heavy code out of the start-up path.
//
// Node 20 has no compile cache of its own (module.enableCompileCache is Node 22), so the same code is
// also bundled as one CommonJS file, dist/main.cjs, and a V8 code cache of it is made here by running
// a few offline commands (scripts/code-cache.mjs); bin/run.js loads it through vm.Script with that
// cache when the cache was made by this Node, else the ESM build (docs/architecture.md decision 46).
import {build} from 'esbuild';
import {spawnSync} from 'node:child_process';
import {existsSync, renameSync, rmSync, writeFileSync} from 'node:fs';
import {join, resolve} from 'node:path';
import {fileURLToPath} from 'node:url';

/** Not bundled: ink/react (terminal only, loaded lazily) and optional dev-mode imports of oclif and ink. */
export const EXTERNAL = ['ink', 'react', 'react/jsx-runtime', 'react-devtools-core', 'typescript', 'ts-node', 'tsx'];

/**
 * oclif dependencies that only its other discovery modes and plugin system use: our registry is
 * explicit (no globbing), there are no plugins to match, package.json is handed in, and progress is
 * ours. Replacing them with small stand-ins keeps ~150 KB of code out of every start-up.
 */
export const STUBS = {
  tinyglobby: "exports.glob = async () => { throw new Error('kubectl-win: oclif pattern discovery is not bundled'); };",
  minimatch: 'exports.minimatch = (name, pattern) => name === pattern;',
  lilconfig: 'exports.lilconfig = () => ({search: async () => null});',
  'cli-spinners': "const s = {interval: 100, frames: ['-', '\\\\', '|', '/']}; module.exports = {line: s, dots2: s};",
};

export const stubPlugin = {
  name: 'stub-oclif-extras',
  setup(b) {
    const filter = new RegExp(`^(${Object.keys(STUBS).join('|')})$`);
    b.onResolve({filter}, (args) => ({path: args.path, namespace: 'stub'}));
    b.onLoad({filter: /.*/, namespace: 'stub'}, (args) => ({contents: STUBS[args.path], loader: 'js'}));
  },
};

/** The esbuild options of `npm run build` (also used by test/unit/cli/startup.test.ts). */
export function buildOptions(outdir) {
  return {
    // FROM_ESM under fixed names: dist/main.cjs imports them from here.
    entryPoints: {main: 'src/cli/main.ts', commands: 'commands/registry.ts', ...Object.fromEntries(Object.entries(FROM_ESM).map(([n, m]) => [n, m.source]))},
    outdir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    external: EXTERNAL,
    plugins: [stubPlugin],
    // Bundled CommonJS (oclif) calls require() for Node built-ins; ESM has none, so provide one.
    banner: {js: "import {createRequire as __cr} from 'node:module'; const require = __cr(import.meta.url);"},
    jsx: 'automatic',
    // Less to parse at every start-up; the source maps keep stack traces readable.
    minifySyntax: true,
    minifyWhitespace: true,
    sourcemap: true,
    metafile: true,
    chunkNames: 'chunks/[name]-[hash]',
    logLevel: 'warning',
  };
}

/**
 * Modules dist/main.cjs takes from the ESM build (dist/NAME.js), with the functions they export:
 * ink is ESM only, and @kubernetes/client-node is most of the code yet only exec and credential
 * plugins need it. Code run by vm.Script cannot import() on Node 20 (without
 * --experimental-vm-modules), so bin/code-cache.js hands in an import function.
 */
export const FROM_ESM = {
  tty: {source: 'src/render/tty.tsx', functions: ['renderTty']},
  'client-node': {source: 'src/source/client-node.ts', functions: ['loadClientNode']},
};

export const fromEsm = {
  name: 'from-esm',
  setup(b) {
    for (const [name, {source, functions}] of Object.entries(FROM_ESM)) {
      const file = source
        .split('/')
        .pop()
        .replace(/\.tsx?$/, '');
      b.onResolve({filter: new RegExp(`/${file}\\.js$`)}, (a) => (a.importer.includes('node_modules') ? undefined : {path: name, namespace: 'from-esm'}));
      b.onLoad({filter: new RegExp(`^${name}$`), namespace: 'from-esm'}, () => ({
        loader: 'js',
        contents: [
          "import {join} from 'node:path';",
          "import {pathToFileURL} from 'node:url';",
          `const load = () => globalThis[Symbol.for('kubectl-win.import')](pathToFileURL(join(__dirname, '${name}.js')).href);`,
          ...functions.map((f) => `export async function ${f}(...args) { return (await load()).${f}(...args); }`),
        ].join('\n'),
      }));
    }
  },
};

/** The esbuild options of dist/main.cjs: the same code as one CommonJS file, for a V8 code cache. */
export function cjsOptions(outfile) {
  const esm = buildOptions('.');
  for (const key of ['outdir', 'chunkNames', 'banner', 'splitting']) delete esm[key];
  return {...esm, entryPoints: ['src/cli/main.ts'], outfile, format: 'cjs', sourcemap: false, metafile: false, plugins: [stubPlugin, fromEsm]};
}

async function main() {
  const root = fileURLToPath(new URL('..', import.meta.url));
  const dist = join(root, 'dist');
  // Build beside dist/ and swap it in, so a CLI run (or a test) that starts during the build never
  // finds dist/ half-written or missing; several people build in one tree.
  const tmp = join(root, `dist.tmp-${process.pid}`);
  const old = join(root, `dist.old-${process.pid}`);
  rmSync(tmp, {recursive: true, force: true});
  try {
    const result = await build({...buildOptions(tmp), absWorkingDir: root});
    writeFileSync(join(tmp, 'meta.json'), JSON.stringify(result.metafile));
    await build({...cjsOptions(join(tmp, 'main.cjs')), absWorkingDir: root});
    const trained = spawnSync(process.execPath, [join(root, 'scripts', 'code-cache.mjs'), tmp, dist], {cwd: root, stdio: ['ignore', 'ignore', 'inherit']});
    if (trained.status !== 0) throw new Error(`scripts/code-cache.mjs failed (${trained.status ?? trained.signal})`);
    if (existsSync(dist)) renameSync(dist, old);
    renameSync(tmp, dist);
  } finally {
    rmSync(tmp, {recursive: true, force: true});
    rmSync(old, {recursive: true, force: true});
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
