// The release executable runs with JavaScriptCore's top compiler tier, the FTL, turned off
// (docs/architecture.md, decision 56). A command's work is many small functions run once per pod;
// at 1,000 to 10,000 pods the FTL compiles them after the run has mostly gone by, and its compile
// time is most of what it costs: `doctor -A` on 10,000 pods 1.89 -> 1.29 s of CPU, 1.36 -> 1.10 s.
// JavaScriptCore reads its options once, from the environment, before any of our code runs, so
// the executable starts itself again in place (execve: same process id, same open files, no parent
// left waiting) with `BUN_JSC_useFTLJIT=0` set.

import {isBun} from '../util/runtime.js';

/** Set beside the option, so the restarted process knows the option is ours and takes both out. */
const OURS = 'KUBECTL_WIN_FTL_OFF';
const OPTION = 'BUN_JSC_useFTLJIT';

type Env = Record<string, string | undefined>;

/**
 * The environment to start again with, or undefined to go on as we are: on Windows (no execve),
 * when the user set the option (either way), or when this process is the restarted one.
 */
export function restartEnv(env: Env, platform: string): Env | undefined {
  if (platform === 'win32' || env[OPTION] !== undefined || env[OURS] !== undefined) return undefined;
  return {...env, [OPTION]: '0', [OURS]: '1'};
}

/** Our own marks taken out again, so the processes we start (exec credential plugins) never see them. */
export function withoutOurMarks(env: Env): void {
  if (env[OURS] !== '1') return;
  delete env[OURS];
  delete env[OPTION];
}

/**
 * The argv to start again with. A compiled executable's process.argv is [runtime, its embedded
 * entry (/$bunfs/...), ...arguments]: the arguments follow the executable itself. Under `bun
 * src/cli/standalone.ts` the script comes first.
 */
export function restartArgv(execPath: string, argv: readonly string[]): string[] {
  const embedded = argv[1]?.startsWith('/$bunfs/') ?? false;
  return [execPath, ...argv.slice(embedded ? 2 : 1)];
}

interface Execve {
  execve?(file: string, args: string[], env: Env): never;
}

/**
 * Under Bun: replaces this process with the executable itself, FTL off, when restartEnv says so;
 * returns only when it does not (or when execve fails: the run then goes on with the FTL).
 */
export function withoutTopTier(): void {
  if (!isBun()) return;
  const env = restartEnv(process.env, process.platform);
  const proc = process as unknown as Execve;
  if (env && typeof proc.execve === 'function') {
    try {
      proc.execve(process.execPath, restartArgv(process.execPath, process.argv), env);
    } catch {
      // Not allowed here (a sandbox, say): the same run, with the FTL.
    }
  }
  withoutOurMarks(process.env);
}
