// Runs the built CLI (`node bin/run.js ...`) as a user would, for e2e tests. The bundle in dist/ is
// rebuilt once per test process when it is missing or older than the sources.
import {spawn, spawnSync} from 'node:child_process';
import {existsSync, mkdtempSync, readdirSync, rmSync, statSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {PROJECT_ROOT} from '../../harness/build.js';
import {runProcess} from '../../harness/client.js';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
  /** stdout parsed as JSON (throws with the output when it does not parse). */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the envelope as JSON, walked by the assertions
  json<T = any>(): T;
}

export interface CliOptions {
  /** Sets KUBECONFIG for the run (the parent's KUBECONFIG is never inherited). */
  kubeconfig?: string;
  input?: string;
  /** Extra environment; a value of undefined removes the variable. */
  env?: Record<string, string | undefined>;
  timeoutMs?: number;
  /** The working directory (default: the project root). */
  cwd?: string;
}

let built = false;
// An empty HOME, so ~/.kube/config of the machine never leaks into a test.
let home: string | undefined;

function newestMtime(dir: string): number {
  let newest = 0;
  if (!existsSync(dir)) return newest;
  for (const e of readdirSync(dir, {withFileTypes: true})) {
    const p = join(dir, e.name);
    newest = Math.max(newest, e.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

/** `npm run build` when dist/ is missing or stale (under a lock, so parallel test runs do not build at once). */
export function ensureBuilt(): void {
  if (built) return;
  const main = join(PROJECT_ROOT, 'dist', 'main.js');
  const srcTime = Math.max(
    newestMtime(join(PROJECT_ROOT, 'src')),
    newestMtime(join(PROJECT_ROOT, 'commands')),
    statSync(join(PROJECT_ROOT, 'package.json')).mtimeMs,
  );
  if (!existsSync(main) || statSync(main).mtimeMs < srcTime) {
    process.stderr.write('[e2e] building the CLI (dist/ is missing or older than src/)\n');
    const lock = join(tmpdir(), 'kubectl-win-dist.lock');
    const r = spawnSync('flock', [lock, process.execPath, join(PROJECT_ROOT, 'scripts', 'build.mjs')], {
      cwd: PROJECT_ROOT,
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    if (r.error || r.status !== 0) throw new Error(`npm run build failed (exit ${r.status ?? r.error?.message})`);
  }
  built = true;
}

export async function runCli(args: string[], opts: CliOptions = {}): Promise<CliResult> {
  ensureBuilt();
  if (!home) {
    const dir = mkdtempSync(join(tmpdir(), 'kubectl-win-e2e-home-'));
    home = dir;
    process.on('exit', () => rmSync(dir, {recursive: true, force: true}));
  }
  const env: NodeJS.ProcessEnv = {...process.env, HOME: home, NO_COLOR: '1', COLUMNS: '200', FORCE_COLOR: '0'};
  delete env.KUBECONFIG;
  if (opts.kubeconfig !== undefined) env.KUBECONFIG = opts.kubeconfig;
  for (const [k, v] of Object.entries(opts.env ?? {})) {
    if (v === undefined) delete env[k];
    else env[k] = v;
  }
  const r = await runProcess(process.execPath, [join(PROJECT_ROOT, 'bin', 'run.js'), ...args], {
    input: opts.input,
    env,
    cwd: opts.cwd ?? PROJECT_ROOT,
    timeoutMs: opts.timeoutMs ?? 60_000,
  });
  return {
    ...r,
    json() {
      try {
        return JSON.parse(r.stdout);
      } catch (err) {
        throw new Error(
          `stdout is not JSON (${(err as Error).message}); exit ${r.code}\nstdout: ${r.stdout.slice(0, 2000)}\nstderr: ${r.stderr.slice(0, 2000)}`,
          {cause: err},
        );
      }
    },
  };
}

/** A `-w` run in the background: its output so far, a wait for what it prints, and Ctrl-C. */
export interface WatchingCli {
  stdout(): string;
  stderr(): string;
  /** Waits until `what()` holds, failing after `timeoutMs` with the output so far. */
  waitFor(what: () => boolean, label: string, timeoutMs?: number): Promise<void>;
  /** Ctrl-C: SIGINT, then the exit code. */
  interrupt(): Promise<number | null>;
  /** For `finally`: the process is gone whatever happened. */
  kill(): void;
}

export function watchCli(args: string[], kubeconfig: string): WatchingCli {
  ensureBuilt();
  const child = spawn(process.execPath, [join(PROJECT_ROOT, 'bin', 'run.js'), ...args], {
    cwd: PROJECT_ROOT,
    env: {...process.env, KUBECONFIG: kubeconfig, NO_COLOR: '1'},
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const exited = new Promise<number | null>((res) => child.on('close', (code) => res(code)));
  return {
    stdout: () => stdout,
    stderr: () => stderr,
    async waitFor(what, label, timeoutMs = 90_000) {
      for (const end = Date.now() + timeoutMs; !what();) {
        if (Date.now() > end) throw new Error(`timed out waiting for ${label}\nstdout: ${stdout}\nstderr: ${stderr}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    },
    interrupt() {
      child.kill('SIGINT');
      return exited;
    },
    kill: () => void child.kill('SIGKILL'),
  };
}
