// Finds (or builds, once) the control-plane binaries with tools/k8s/build.sh. The script's progress
// goes to our stderr so a first build (minutes) is visible; its last stdout line is the bin dir.
import {spawn} from 'node:child_process';
import {existsSync} from 'node:fs';
import {dirname, join, resolve} from 'node:path';
import {fileURLToPath} from 'node:url';

export const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const BUILD_SCRIPT = join(PROJECT_ROOT, 'tools/k8s/build.sh');

export interface Binaries {
  binDir: string;
  /** kwok's node and pod stages (tools/k8s/build.sh copies them from the kwok module). */
  stages: string;
  /** The kwok.x-k8s.io Exec CRD. */
  execCrd: string;
}

export class SetupError extends Error {
  override name = 'SetupError';
}

/**
 * The whole control plane's binaries: the default release (v1.34.3), or `version` (a release with a
 * module in tools/k8s/minors/), whose controller-manager, scheduler, kubectl and kwok build.sh makes
 * on first use (K8S_PLANE=full) beside the apiserver and etcd the differential suites already built.
 */
export function ensureBinaries(version?: string): Promise<Binaries> {
  return runBuild(version, true).then((binDir) => {
    const cache = dirname(binDir);
    const b = {binDir, stages: join(cache, 'kwok-stages.yaml'), execCrd: join(cache, 'kwok-exec-crd.yaml')};
    for (const f of [b.stages, b.execCrd]) {
      if (!existsSync(f)) throw new SetupError(`tools/k8s/build.sh did not produce ${f}`);
    }
    return b;
  });
}

/**
 * kube-apiserver and etcd at `version` (a release with a module in tools/k8s/minors/, or the default
 * v1.34.3, whose full build is reused): what the differential suites need at each minor.
 */
export function ensureApiserverBinaries(version: string): Promise<string> {
  return runBuild(version, false);
}

/** Runs build.sh (for K8S_VERSION=version, or its default) and resolves to the bin dir it prints. */
function runBuild(version: string | undefined, full: boolean): Promise<string> {
  return new Promise((res, rej) => {
    const env = {...process.env, ...(version ? {K8S_VERSION: version} : {}), K8S_PLANE: full ? 'full' : 'apiserver'};
    const child = spawn('bash', [BUILD_SCRIPT], {stdio: ['ignore', 'pipe', 'inherit'], env});
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.on('error', (err) => rej(new SetupError(`cannot run ${BUILD_SCRIPT}: ${err.message}`)));
    child.on('close', (code) => {
      if (code !== 0) {
        rej(
          new SetupError(
            code === 2
              ? `tools/k8s/build.sh${version ? ` ${version}` : ''}: no Go on PATH (e2e tests need it to build the test control plane, https://go.dev/dl) or no module for that version (tools/k8s/minors); see the output above`
              : `building the test control plane${version ? ` ${version}` : ''} failed (tools/k8s/build.sh exit ${code}); see the output above`,
          ),
        );
        return;
      }
      const binDir = out.trim().split('\n').pop() ?? '';
      for (const f of [join(binDir, 'kube-apiserver'), join(binDir, 'etcd')]) {
        if (!existsSync(f)) return rej(new SetupError(`tools/k8s/build.sh did not produce ${f}`));
      }
      res(binDir);
    });
  });
}
