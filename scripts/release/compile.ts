// Run by Bun (scripts/release.ts spawns it): bundles src/cli/standalone.ts with everything it
// imports into one self-contained executable for one target. Usage:
//   bun scripts/release/compile.ts <bun-target> <runtime-executable> <outfile>
// The runtime executable is the target's @oven/bun-* binary, fetched with npm, so nothing is
// downloaded behind npm's back.
declare const Bun: {
  build(options: unknown): Promise<{success: boolean; logs: unknown[]; outputs: Array<{path: string}>}>;
};

const [target, executablePath, outfile] = process.argv.slice(2);
if (!target || !executablePath || !outfile) {
  console.error('usage: bun scripts/release/compile.ts <bun-target> <runtime-executable> <outfile>');
  process.exit(2);
}

// Optional imports that are never taken at run time (oclif's TypeScript dev mode, ink's React
// devtools when DEV=true); bundling them would add megabytes or fail to resolve.
const STUBS = /^(typescript|ts-node|react-devtools-core)$/;

// The two hooks of Bun's plugin builder this stub uses (Bun's types are not a dependency).
interface BunPluginBuild {
  onResolve(options: {filter: RegExp}, resolve: (args: {path: string}) => {path: string; namespace: string}): void;
  onLoad(options: {filter: RegExp; namespace: string}, load: () => {contents: string; loader: string}): void;
}

const result = await Bun.build({
  entrypoints: [new URL('../../src/cli/standalone.ts', import.meta.url).pathname],
  compile: {target, outfile, executablePath, autoloadDotenv: false, autoloadBunfig: false},
  minify: true,
  // Start-up: precompiled bytecode makes `kubectl win --help` ~30 ms instead of ~130 ms.
  bytecode: true,
  format: 'esm',
  // What the entry imports later (src/cli/standalone.ts: the CLI, after the restart with the FTL
  // off) is a chunk of its own, read only when imported: without it the whole bundle was evaluated
  // before the restart (30 ms instead of 10), and `--version` takes 30 ms instead of 50.
  splitting: true,
  plugins: [
    {
      name: 'stub-optional',
      setup(b: BunPluginBuild) {
        b.onResolve({filter: STUBS}, (a: {path: string}) => ({path: a.path, namespace: 'stub'}));
        b.onLoad({filter: /.*/, namespace: 'stub'}, () => ({contents: 'module.exports = {};', loader: 'js'}));
      },
    },
  ],
});
if (!result.success) {
  for (const log of result.logs) console.error(String(log));
  process.exit(1);
}
console.log(result.outputs.map((o) => o.path).join('\n'));
