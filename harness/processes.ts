// Child processes of the control plane. Each runs in its own process group (detached), so stopping
// it also stops anything it forked; every pid is recorded in `<dir>/pids` so a watchdog (tests) or
// `npm run demo -- --down` can stop them from outside this process.
import {spawn, type ChildProcess} from 'node:child_process';
import {appendFileSync, closeSync, existsSync, openSync, readFileSync, rmSync} from 'node:fs';
import {createServer} from 'node:net';
import {join} from 'node:path';
import {NETNS_CLEANUP_SH} from './node-net.js';

export interface Started {
  name: string;
  pid: number;
  child?: ChildProcess;
  log: string;
}

/** A free TCP port on 127.0.0.1 (bound then released; the kernel does not hand it out again at once). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (typeof addr === 'object' && addr ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}

export async function freePorts(n: number): Promise<number[]> {
  const ports = new Set<number>();
  while (ports.size < n) ports.add(await freePort());
  return [...ports];
}

/** Starts `bin args` in its own process group, output to `<dir>/logs/<name>.log`, pid appended to `<dir>/pids`. */
export function startProcess(dir: string, name: string, bin: string, args: string[], env: NodeJS.ProcessEnv = process.env): Started {
  const log = join(dir, 'logs', `${name}.log`);
  const fd = openSync(log, 'a');
  const child = spawn(bin, args, {detached: true, stdio: ['ignore', fd, fd], env});
  closeSync(fd); // the child has its own copy
  if (child.pid === undefined) throw new Error(`cannot start ${name} (${bin})`);
  // The test process must not wait for these to exit on its own; stop() ends them.
  child.unref();
  appendFileSync(join(dir, 'pids'), `${child.pid} ${name}\n`);
  return {name, pid: child.pid, child, log};
}

export function readPids(dir: string): {pid: number; name: string}[] {
  const file = join(dir, 'pids');
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .map((l) => l.trim().split(' '))
    .filter((p) => p[0] && /^\d+$/.test(p[0]))
    .map(([pid, name]) => ({pid: Number(pid), name: name ?? '?'}));
}

export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    try {
      process.kill(pid, signal);
    } catch {
      // already gone
    }
  }
}

/** Synchronous: SIGKILL every recorded process group (for 'exit' handlers, which cannot wait). */
export function killAllNow(dir: string): void {
  for (const {pid} of readPids(dir).reverse()) killGroup(pid, 'SIGKILL');
}

/** SIGTERM every recorded process group (newest first), wait up to `graceMs`, then SIGKILL what is left. */
export async function stopAll(dir: string, graceMs = 3000): Promise<void> {
  const pids = readPids(dir).reverse();
  for (const {pid} of pids) killGroup(pid, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (pids.some(({pid}) => alive(pid)) && Date.now() < deadline) await sleep(50);
  for (const {pid} of pids) if (alive(pid)) killGroup(pid, 'SIGKILL');
  while (pids.some(({pid}) => alive(pid)) && Date.now() < deadline + 2000) await sleep(50);
}

/**
 * A shell watchdog in its own process group: when `parentPid` dies (even by SIGKILL, where no
 * handler runs) it kills every process group listed in `<dir>/pids` and removes `dir`.
 */
export function startWatchdog(dir: string, parentPid = process.pid): number {
  const script = `
    while kill -0 ${parentPid} 2>/dev/null; do sleep 1; done
    if [ -f "$1/pids" ]; then
      while read -r pid name; do [ "$pid" != "$$" ] && kill -KILL -- "-$pid" 2>/dev/null; done < "$1/pids"
    fi
    ${NETNS_CLEANUP_SH}
    rm -rf -- "$1"`;
  const child = spawn('bash', ['-c', script, 'kubectl-win-e2e-watchdog', dir], {detached: true, stdio: 'ignore'});
  child.unref();
  return child.pid!;
}

export function tail(file: string, lines = 15): string {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}

export function removeDir(dir: string): void {
  rmSync(dir, {recursive: true, force: true});
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
