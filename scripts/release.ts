// npm run release [-- --targets linux-x64,darwin-arm64]: one self-contained executable per
// platform (Bun --compile; no Node.js needed on the user's machine), archived (tar.gz; zip for
// Windows) with the LICENSE and kubectl_complete-win (for kubectl's plugin completion), sha256
// sums, and the krew manifest plugin.yaml.
//
// Bun and each target's runtime come from npm into release/.tools (git-ignored), never into the
// project's node_modules, so a clean machine with only Node and npm can build a release.
import {execFileSync, spawnSync} from 'node:child_process';
import {createHash} from 'node:crypto';
import {chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync} from 'node:fs';
import {dirname, join, resolve} from 'node:path';
import {fileURLToPath} from 'node:url';
import {parse, stringify} from 'yaml';
import {tarGz, zip, type Entry} from './release/archive.js';
import {completerName, completerScript} from './release/completer.js';
import {makeManifest, validateManifest, type BuiltArchive, type KrewPlugin} from './release/krew.js';
import {archiveName, BUN_VERSION, hostTarget, TARGETS, type Target} from './release/targets.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const DEFAULT_OUT = join(ROOT, 'release');
const TOOLS = join(DEFAULT_OUT, '.tools');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

function log(msg: string): void {
  process.stderr.write(`release: ${msg}\n`);
}

function run(cmd: string, args: string[], opts: {cwd?: string} = {}): string {
  const r = spawnSync(cmd, args, {cwd: opts.cwd ?? ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], shell: process.platform === 'win32'});
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}):\n${r.stderr}${r.stdout}`);
  return r.stdout;
}

function isBinary(path: string): boolean {
  return existsSync(path) && statSync(path).size > 1_000_000;
}

/** Bun for this machine, installed with npm into release/.tools. */
function ensureBun(): string {
  const pkgJson = join(TOOLS, 'node_modules', 'bun', 'package.json');
  const installed = existsSync(pkgJson) ? JSON.parse(readFileSync(pkgJson, 'utf8')).version : undefined;
  if (installed !== BUN_VERSION) {
    log(`installing bun@${BUN_VERSION} into ${TOOLS}`);
    mkdirSync(TOOLS, {recursive: true});
    run(npm, ['install', '--prefix', TOOLS, '--no-save', '--no-audit', '--no-fund', '--loglevel=error', `bun@${BUN_VERSION}`]);
  }
  const host = hostTarget();
  const exe = process.platform === 'win32' ? 'bun.exe' : 'bun';
  const candidates = [
    join(TOOLS, 'node_modules', 'bun', 'bin', 'bun.exe'), // the postinstall puts the real binary here
    ...(host ? [join(TOOLS, 'node_modules', ...host.runtimePackage.split('/'), 'bin', exe)] : []),
  ];
  const found = candidates.find(isBinary);
  if (found) return found;
  // The postinstall did not run (--ignore-scripts): use the host's runtime package directly.
  if (host) return ensureRuntime(host);
  throw new Error(`no Bun binary for ${process.platform}-${process.arch}`);
}

/** A target's runtime: `npm pack @oven/bun-<os>-<arch>@VERSION`, unpacked once. */
function ensureRuntime(t: Target): string {
  const dir = join(TOOLS, 'runtimes', `${t.runtimePackage.replace('/', '+')}-${BUN_VERSION}`);
  const exe = join(dir, 'package', 'bin', t.os === 'windows' ? 'bun.exe' : 'bun');
  if (isBinary(exe)) return exe;
  mkdirSync(dir, {recursive: true});
  log(`fetching ${t.runtimePackage}@${BUN_VERSION}`);
  const tgz = run(npm, ['pack', `${t.runtimePackage}@${BUN_VERSION}`, '--pack-destination', dir, '--silent', '--loglevel=error'])
    .trim()
    .split('\n')
    .pop()!;
  run('tar', ['-xzf', join(dir, tgz), '-C', dir]);
  if (!isBinary(exe)) throw new Error(`${t.runtimePackage}@${BUN_VERSION} has no ${exe}`);
  if (t.os !== 'windows') chmodSync(exe, 0o755);
  return exe;
}

/** Archive timestamps: SOURCE_DATE_EPOCH, else the last commit, so archives are reproducible. */
function sourceDateEpoch(): number {
  if (process.env.SOURCE_DATE_EPOCH) return Number(process.env.SOURCE_DATE_EPOCH);
  try {
    return Number(execFileSync('git', ['log', '-1', '--format=%ct'], {cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore']}).trim()) || 0;
  } catch {
    return 0;
  }
}

export function sha256(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

function option(argv: string[], name: string): string | undefined {
  const i = argv.findIndex((a) => a === `--${name}` || a.startsWith(`--${name}=`));
  if (i < 0) return undefined;
  return argv[i].includes('=') ? argv[i].slice(argv[i].indexOf('=') + 1) : argv[i + 1];
}

function parseTargets(argv: string[]): Target[] {
  const value = option(argv, 'targets');
  if (value === undefined) return [...TARGETS];
  const ids = value === 'host' ? [hostTarget()?.id ?? ''] : value.split(',');
  return ids.map((id) => {
    const t = TARGETS.find((x) => x.id === id);
    if (!t) throw new Error(`unknown target "${id}"; known: ${TARGETS.map((x) => x.id).join(', ')}, host`);
    return t;
  });
}

export interface ReleaseOptions {
  targets: Target[];
  /** Where archives go (default release/). Only the default updates the committed plugin.yaml. */
  out: string;
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  await release({targets: parseTargets(argv), out: resolve(option(argv, 'out') ?? DEFAULT_OUT)});
}

export async function release({targets, out: OUT}: ReleaseOptions): Promise<BuiltArchive[]> {
  const started = Date.now();
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
  const license = readFileSync(join(ROOT, 'LICENSE'));
  const mtime = sourceDateEpoch();
  const bun = ensureBun();
  log(`bun ${run(bun, ['--version']).trim()} (${bun})`);
  const built: BuiltArchive[] = [];
  for (const t of targets) {
    const t0 = Date.now();
    const runtime = ensureRuntime(t);
    const outfile = join(OUT, 'build', t.id, t.exe);
    mkdirSync(dirname(outfile), {recursive: true});
    run(bun, [join(ROOT, 'scripts', 'release', 'compile.ts'), t.bunTarget, runtime, outfile]);
    if (t.os !== 'windows') chmodSync(outfile, 0o755);
    const entries: Entry[] = [
      {name: t.exe, data: readFileSync(outfile), mode: 0o755},
      {name: completerName(t), data: completerScript(t), mode: 0o755},
      {name: 'LICENSE', data: license, mode: 0o644},
    ];
    const archive = t.archive === 'zip' ? zip(entries, mtime) : tarGz(entries, mtime);
    mkdirSync(OUT, {recursive: true});
    writeFileSync(join(OUT, archiveName(t)), archive);
    const sum = sha256(archive);
    built.push({target: t, sha256: sum});
    log(`${archiveName(t)}  ${(archive.length / 1e6).toFixed(1)} MB  ${sum}  (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
  }
  // sha256sums.txt lists every archive present (earlier partial builds included), `sha256sum -c` format.
  const sums = readdirSync(OUT)
    .filter((f) => /^kubectl-win_.*\.(tar\.gz|zip)$/.test(f))
    .sort()
    .map((f) => `${sha256(readFileSync(join(OUT, f)))}  ${f}`);
  writeFileSync(join(OUT, 'sha256sums.txt'), sums.join('\n') + '\n');
  // plugin.yaml describes the archives in release/: a full build rewrites it; a partial one
  // updates the platforms it rebuilt, so every sha256 in it matches the archive next to it.
  const manifestPath = OUT === DEFAULT_OUT ? join(ROOT, 'plugin.yaml') : join(OUT, 'plugin.yaml');
  let archives = built;
  if (targets.length < TARGETS.length && existsSync(manifestPath)) {
    const old = parse(readFileSync(manifestPath, 'utf8')) as KrewPlugin;
    const previous = (old.spec?.platforms ?? []).flatMap((p): BuiltArchive[] => {
      const t = TARGETS.find((x) => x.os === p.selector?.matchLabels?.os && x.arch === p.selector?.matchLabels?.arch);
      return t && p.sha256 && !built.some((b) => b.target === t) ? [{target: t, sha256: p.sha256}] : [];
    });
    archives = TARGETS.flatMap((t) => [...built, ...previous].filter((b) => b.target === t));
  }
  const manifest = makeManifest(pkg.version, archives, process.env.KUBECTL_WIN_HOMEPAGE || undefined);
  const errors = validateManifest('win', manifest);
  if (errors.length > 0) throw new Error(`plugin.yaml would be invalid:\n  ${errors.join('\n  ')}`);
  writeFileSync(manifestPath, stringify(manifest, {lineWidth: 0}));
  log(`wrote ${manifestPath}`);
  log(`done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return built;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((err) => {
    log((err as Error).message);
    process.exitCode = 1;
  });
}
