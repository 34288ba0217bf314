// Exec into pods on kwok nodes (README.md, "Exec scenarios"). kwok runs an exec'd command as a local
// process resolved on ITS OWN PATH, in a working directory chosen per pod: the static ClusterExec
// (kwok -c exec.yaml) sends every pod to `<root>/exec/default` (healthy); stageExec() gives one pod
// its own directory through a namespaced `Exec` object (kwok --enable-crds=Exec; an Exec naming the
// pod wins over any ClusterExec). The stand-ins (stand-in.sh, at the front of kwok's PATH) read the
// scenario from that directory.
import {randomBytes} from 'node:crypto';
import {chmodSync, copyFileSync, mkdirSync, rmSync, symlinkSync, writeFileSync} from 'node:fs';
import {dirname, join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {Writable} from 'node:stream';

export const SCENARIOS = ['healthy', 'credspec-missing', 'broken-channel', 'no-nltest', 'no-powershell', 'dns-timeout', 'hang'] as const;
export type Scenario = (typeof SCENARIOS)[number];

export interface StageOptions {
  /** The domain the pod belongs to (default contoso.com). */
  domain?: string;
  /** The domain controller's host name (default dc01.<domain>). */
  dc?: string;
  /** The DC's address nslookup prints (default 10.0.0.10). */
  dcIp?: string;
  /** The Windows build `cmd /c ver` prints (default 10.0.17763.6893). */
  build?: string;
}

/** The tools the stand-in answers for; each name is a link to stand-in.sh. */
const TOOLS = ['nltest', 'nslookup', 'powershell', 'pwsh', 'cmd'];

export function installStandIns(root: string): {binDir: string; defaultDir: string; clusterExecYaml: string} {
  const binDir = join(root, 'stand-ins');
  mkdirSync(binDir, {recursive: true});
  const script = join(binDir, 'stand-in');
  copyFileSync(join(dirname(fileURLToPath(import.meta.url)), 'stand-in.sh'), script);
  chmodSync(script, 0o755);
  for (const t of TOOLS) for (const name of [t, `${t}.exe`]) symlinkSync('stand-in', join(binDir, name));
  const defaultDir = join(root, 'exec', '_default');
  writeScenario(defaultDir, ['healthy'], {});
  const clusterExecYaml = join(root, 'exec.yaml');
  writeFileSync(
    clusterExecYaml,
    [
      'kind: ClusterExec',
      'apiVersion: kwok.x-k8s.io/v1alpha1',
      'metadata:',
      '  name: windows-stand-ins',
      'spec:',
      '  execs:',
      '  - local:',
      `      workDir: ${JSON.stringify(defaultDir)}`,
      '',
    ].join('\n'),
  );
  return {binDir, defaultDir, clusterExecYaml};
}

/** What a Windows container runtime (containerd + hcsshim) says when the exec'd program is not in the image. */
function notFoundMessage(): string {
  const exec = randomBytes(32).toString('hex');
  const container = randomBytes(32).toString('hex');
  return `failed to exec in container: failed to start exec "${exec}": hcs::System::CreateProcess ${container}: The system cannot find the file specified.: unknown`;
}

export function podExecDir(root: string, namespace: string, pod: string): string {
  return join(root, 'exec', namespace, pod);
}

/** Writes a scenario directory; re-staging resets the secure channel's repair. */
export function writeScenario(dir: string, scenarios: Scenario[], opts: StageOptions): void {
  for (const s of scenarios) if (!SCENARIOS.includes(s)) throw new Error(`unknown exec scenario "${s}" (known: ${SCENARIOS.join(', ')})`);
  rmSync(join(dir, 'repaired'), {force: true});
  rmSync(join(dir, 'not-found'), {recursive: true, force: true});
  mkdirSync(join(dir, 'not-found'), {recursive: true});
  const domain = opts.domain ?? 'contoso.com';
  writeFileSync(join(dir, 'scenario'), `${scenarios.join(' ')}\n`);
  writeFileSync(join(dir, 'domain'), `${domain}\n`);
  writeFileSync(join(dir, 'dc'), `${opts.dc ?? `dc01.${domain}`}\n`);
  writeFileSync(join(dir, 'dc-ip'), `${opts.dcIp ?? '10.0.0.10'}\n`);
  writeFileSync(join(dir, 'build'), `${opts.build ?? '10.0.17763.6893'}\n`);
  const missing = [...(scenarios.includes('no-nltest') ? ['nltest'] : []), ...(scenarios.includes('no-powershell') ? ['powershell', 'pwsh'] : [])];
  // The patched kwok (tools/k8s/kwok-exec.patch) fails to start these with the runtime's message.
  for (const m of missing) for (const name of [m, `${m}.exe`]) writeFileSync(join(dir, 'not-found', name), `${notFoundMessage()}\n`);
}

export interface ExecOutcome {
  stdout: string;
  stderr: string;
  /** The exit code (0 on success, from the NonZeroExitCode status otherwise); null when the runtime failed to run it. */
  exitCode: number | null;
  /** The final v1.Status of the exec stream. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- a v1.Status as JSON, compared whole
  status: any;
}

/** Runs a command in a pod through the apiserver with @kubernetes/client-node's Exec (as the plugin does). */
export async function execInPod(
  kubeconfig: string,
  namespace: string,
  pod: string,
  command: string[],
  opts: {container?: string; timeoutMs?: number} = {},
): Promise<ExecOutcome> {
  const {KubeConfig, Exec} = await import('@kubernetes/client-node');
  const kc = new KubeConfig();
  kc.loadFromFile(kubeconfig);
  const exec = new Exec(kc);
  let container = opts.container;
  if (!container) {
    const {CoreV1Api} = await import('@kubernetes/client-node');
    const p = await kc.makeApiClient(CoreV1Api).readNamespacedPod({name: pod, namespace});
    container = p.spec!.containers[0]!.name;
  }
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  const sink = (into: Buffer[]) =>
    new Writable({
      write(chunk: Buffer, _enc, cb) {
        into.push(Buffer.from(chunk));
        cb();
      },
    });
  return new Promise<ExecOutcome>((resolve, reject) => {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- a v1.Status as JSON, compared whole
    let status: any;
    let timer: NodeJS.Timeout | undefined;
    exec
      .exec(namespace, pod, container!, command, sink(out), sink(err), null, false, (s) => {
        status = s;
      })
      .then((ws) => {
        if (opts.timeoutMs)
          timer = setTimeout(() => {
            ws.close();
            reject(new Error(`exec ${command.join(' ')} in ${namespace}/${pod}: no answer in ${opts.timeoutMs} ms`));
          }, opts.timeoutMs);
        ws.on('close', () => {
          if (timer) clearTimeout(timer);
          const cause = status?.details?.causes?.find((c: {reason?: string}) => c.reason === 'ExitCode');
          const exitCode = status?.status === 'Success' ? 0 : cause ? Number(cause.message) : null;
          resolve({stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8'), exitCode, status});
        });
      }, reject);
  });
}
