// What ships is what was tested: builds the self-contained executable for this machine with the
// release script (`npm run release -- --targets host --out DIR`: Bun --compile, the same code path
// as the six-platform release), extracts it from its archive, puts it on PATH as `kubectl-win`, and
// runs it through the real kubectl's plugin lookup, then smoke-runs every registered command
// against the control plane, comparing with the Node build. Then krew itself (v0.4.3, built from its
// Go module by tools/krew/build.sh) installs the archive with the generated plugin.yaml into a
// temporary KREW_ROOT, and the installed plugin runs and completes through kubectl.
//
// Only the host target is built here (linux-x64 in CI): measured on a 2-core machine, one target
// takes ~7-12 s (bun and its runtime cached in release/.tools after the first run; the first run
// downloads them with npm, ~80 MB), all six ~60 s. `npm run release` builds all six.
import assert from 'node:assert/strict';
import {spawnSync} from 'node:child_process';
import {existsSync, lstatSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {delimiter, join} from 'node:path';
import {parse as parseYaml, stringify as stringifyYaml} from 'yaml';
import {controlPlane, type ControlPlane} from '../../harness/index.js';
import {PROJECT_ROOT} from '../../harness/build.js';
import {runProcess, type ProcResult} from '../../harness/client.js';
import {runCli} from './cli.js';
import {startFaultProxy, type Fault, type FaultProxy, type Script} from './support/fault-proxy.js';
import {COMMANDS} from '../../commands/registry.js';
import {WinCommand} from '../../src/cli/base-command.js';
import {archiveName, hostTarget} from '../../scripts/release/targets.js';
import {completerName} from '../../scripts/release/completer.js';
import {caveats} from '../../scripts/release/krew.js';

const NS = `release-e2e-${Date.now() % 100000}`;
const POD = 'iis-0';

interface Envelope {
  apiVersion: string;
  kind: string;
  items: unknown[];
  findings: Array<{id: string}>;
  summary: {error: number; warning: number; info: number};
}

/** The commands that print a report (the smoke run compares reports; `completion` prints a script). */
const REPORT_COMMANDS = Object.entries(COMMANDS)
  .filter(([, cmd]) => cmd.prototype instanceof WinCommand)
  .map(([id]) => id);

/** krew built from its Go module into the tools cache (tools/krew/build.sh prints its bin dir last). */
function krewBinDir(): string {
  const r = spawnSync('bash', [join(PROJECT_ROOT, 'tools', 'krew', 'build.sh')], {encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], timeout: 900_000});
  assert.equal(r.status, 0, 'tools/krew/build.sh failed');
  return r.stdout.trim().split('\n').pop()!;
}

/** Arguments for the smoke run of each command; the default reads the whole cluster. */
function smokeArgs(id: string): string[] {
  if (id === 'gmsa:nltest') return ['-n', NS, POD, '--timeout', '20s'];
  if (id === 'nodes') return ['--all'];
  if (id === 'rbac') return []; // reads no cluster and takes no kubectl flags
  if (id === 'upgrade-plan') return ['--to', '2025', '-A'];
  // The fixture nodes' kubelets are on loopback, which the node proxy refuses (decision 42): every
  // node is named as not answering, exit 4, in both builds alike.
  if (id === 'logs') return ['-l', 'kubernetes.io/os=windows', '--preset', 'kubelet'];
  return ['-A'];
}

describe('the released executable (kubectl-win from the release archive)', function () {
  this.timeout(600_000);
  let cp: ControlPlane;
  let dir: string;
  let binDir: string;
  let env: NodeJS.ProcessEnv;
  let out: string;

  const kubectl = (args: string[]): Promise<ProcResult> => runProcess(join(cp.binDir, 'kubectl'), args, {env, cwd: PROJECT_ROOT, timeoutMs: 120_000});

  before(async function () {
    this.timeout(900_000);
    const target = hostTarget();
    assert.ok(target, `no release target for ${process.platform}-${process.arch}`);
    dir = mkdtempSync(join(tmpdir(), 'kubectl-win-release-'));
    out = join(dir, 'release');
    const started = Date.now();
    const r = spawnSync(process.execPath, ['--import', 'tsx', join(PROJECT_ROOT, 'scripts', 'release.ts'), '--targets', 'host', '--out', out], {
      cwd: PROJECT_ROOT,
      encoding: 'utf8',
      timeout: 600_000,
    });
    assert.equal(r.status, 0, `release failed:\n${r.stderr}\n${r.stdout}`);
    process.stderr.write(`[release-e2e] built ${target!.id} in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
    binDir = join(dir, 'bin');
    const x = spawnSync('sh', ['-c', `mkdir -p "${binDir}" && tar -xzf "${join(out, archiveName(target!))}" -C "${binDir}"`], {encoding: 'utf8'});
    assert.equal(x.status, 0, x.stderr);
    cp = await controlPlane();
    // Only our executable and kubectl on PATH, no node: the binary must need no Node.js.
    env = {PATH: [binDir, cp.binDir, '/usr/bin', '/bin'].join(delimiter), HOME: dir, KUBECONFIG: cp.kubeconfig, NO_COLOR: '1', COLUMNS: '200'};
    await cp.createNamespace(NS);
    await cp.stageExec(NS, POD, 'healthy');
    const pod = await cp.api('POST', `/api/v1/namespaces/${NS}/pods`, {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {name: POD},
      spec: {
        nodeName: cp.nodes.win2022,
        os: {name: 'windows'},
        tolerations: [{key: 'os', operator: 'Equal', value: 'windows', effect: 'NoSchedule'}],
        securityContext: {windowsOptions: {gmsaCredentialSpec: JSON.stringify({DomainJoinConfig: {DnsName: 'contoso.com', MachineAccountName: 'webapp1'}})}},
        containers: [{name: 'iis', image: 'mcr.microsoft.com/windows/servercore/iis', resources: {limits: {cpu: '1', memory: '1Gi'}}}],
      },
    });
    assert.ok(pod.status < 300, `create pod: ${pod.status} ${JSON.stringify(pod.body)}`);
    await cp.waitForPodRunning(NS, POD);
  });

  after(() => {
    if (dir) rmSync(dir, {recursive: true, force: true});
  });

  it('the archive holds the executable and the LICENSE', () => {
    const exe = join(binDir, hostTarget()!.exe);
    assert.ok(statSync(exe).mode & 0o111, 'executable bit');
    assert.ok(statSync(exe).size > 10_000_000, 'self-contained (embeds its runtime)');
    assert.equal(readFileSync(join(binDir, 'LICENSE'), 'utf8'), readFileSync(join(PROJECT_ROOT, 'LICENSE'), 'utf8'));
    const completer = join(binDir, completerName(hostTarget()!));
    assert.ok(statSync(completer).mode & 0o111, 'kubectl_complete-win is executable');
    assert.match(readFileSync(completer, 'utf8'), /kubectl-win" __complete "\$@"/);
  });

  it('--version names Bun as its runtime, not the Node.js version Bun reports', async () => {
    const pkg = JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')) as {version: string};
    const r = await runProcess(join(binDir, hostTarget()!.exe), ['--version'], {env, cwd: PROJECT_ROOT, timeoutMs: 60_000});
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, new RegExp(`^kubectl-win/${pkg.version.replace(/\./g, '\\.')} ${process.platform}-${process.arch} bun-v\\d+\\.\\d+\\.\\d+\n$`));
  });

  it('kubectl finds it as a plugin', async () => {
    const r = await kubectl(['plugin', 'list']);
    assert.match(r.stdout, new RegExp(`${binDir.replace(/[/.]/g, '\\$&')}/kubectl-win`), r.stdout + r.stderr);
  });

  it('kubectl win --help', async () => {
    const r = await kubectl(['win', '--help']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /USAGE\n\s+\$ kubectl win \[COMMAND\]/);
    for (const id of Object.keys(COMMANDS)) {
      const [topic] = id.split(':');
      assert.match(r.stdout, new RegExp(`^\\s+${topic}\\s`, 'm'), `help lists ${topic}`);
    }
  });

  it('kubectl win qos -f <example> gives the same report as the Node build', async () => {
    const example = join(PROJECT_ROOT, 'examples', 'qos', 'guaranteed-iis.yaml');
    assert.ok(existsSync(example));
    const r = await kubectl(['win', 'qos', '-f', example, '-o', 'json']);
    assert.ok(r.code === 0 || r.code === 1, `exit ${r.code}: ${r.stderr}`);
    const report = JSON.parse(r.stdout) as Omit<Envelope, 'items'> & {items: Array<{name: string; qosClass: string}>};
    assert.equal(report.kind, 'QoSReport');
    assert.deepEqual(
      report.items.map((i) => [i.name, i.qosClass]),
      [['iis-guaranteed', 'Guaranteed']],
    );
    const node = await runCli(['qos', '-f', example, '-o', 'json']);
    assert.deepEqual(report, node.json());
  });

  it('on a terminal it renders with ink, exits, and keeps the exit code', () => {
    const exe = join(binDir, hostTarget()!.exe);
    const example = join(PROJECT_ROOT, 'examples', 'lint');
    const run = (extra: string) =>
      spawnSync('script', ['-qec', `stty rows 20 cols 120; '${exe}' lint -f '${example}' -R ${extra}`, '/dev/null'], {encoding: 'utf8', env, timeout: 60_000});
    const failing = run('');
    assert.equal(failing.status, 1, failing.stdout);
    assert.match(failing.stdout.replace(/\r/g, ''), /pods and templates checked: /);
    assert.equal(run('--fail-on none').status, 0);
  });

  it('errors keep their exit codes and one line: bad flag, missing file', async () => {
    const bad = await kubectl(['win', 'qos', '--no-such-flag']);
    assert.equal(bad.code, 2);
    const missing = await kubectl(['win', 'qos', '-f', join(dir, 'missing.yaml')]);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /missing\.yaml/);
    assert.doesNotMatch(missing.stderr, /\n\s+at /, 'no stack trace');
  });

  // src/cli/jit-tiers.ts: the executable starts itself again in place with JavaScriptCore's FTL off.
  // An exec credential plugin sees what the running process was started with (/proc/PPID/environ)
  // and what it hands its children (its own environment), and which process started it.
  // oclif's engine check is switched off for the CLI's import only (src/cli/standalone.ts): the same holds for it.
  describe('the executable runs with the FTL off, restarted in place', () => {
    const MARKS = /^(BUN_JSC_useFTLJIT|KUBECTL_WIN_FTL_OFF|OCLIF_DISABLE_ENGINE_WARNING)=/;
    const run = (extraEnv: NodeJS.ProcessEnv) => {
      const seen = join(dir, `plugin-saw-${Date.now()}.txt`);
      const plugin = join(dir, 'env-plugin.sh');
      writeFileSync(
        plugin,
        [
          '#!/bin/sh',
          `{ echo "ppid=$PPID"; tr '\\0' '\\n' < /proc/$PPID/environ | sed 's/^/started-with: /'; env | sed 's/^/own: /'; } > '${seen}'`,
          'echo \'{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"not-a-token"}}\'',
          '',
        ].join('\n'),
        {mode: 0o755},
      );
      const kubeconfig = join(dir, 'env-plugin.kubeconfig');
      writeFileSync(
        kubeconfig,
        stringifyYaml({
          apiVersion: 'v1',
          kind: 'Config',
          clusters: [{name: 'c', cluster: {server: cp.server, 'insecure-skip-tls-verify': true}}],
          users: [{name: 'u', user: {exec: {apiVersion: 'client.authentication.k8s.io/v1', command: plugin, interactiveMode: 'Never'}}}],
          contexts: [{name: 'x', context: {cluster: 'c', user: 'u'}}],
          'current-context': 'x',
        }),
      );
      const child = spawnSync(join(binDir, hostTarget()!.exe), ['nodes'], {
        env: {...env, ...extraEnv, KUBECONFIG: kubeconfig},
        encoding: 'utf8',
        timeout: 60_000,
      });
      // The token is refused: exit 3, after the plugin ran.
      assert.equal(child.status, 3, child.stderr);
      const lines = readFileSync(seen, 'utf8').split('\n');
      const startedWith = lines.filter((l) => l.startsWith('started-with: ')).map((l) => l.slice('started-with: '.length));
      const own = lines.filter((l) => l.startsWith('own: ')).map((l) => l.slice('own: '.length));
      return {
        pid: child.pid,
        ppid: Number(lines[0].slice('ppid='.length)),
        startedWith: startedWith.filter((l) => MARKS.test(l)),
        own: own.filter((l) => MARKS.test(l)),
      };
    };

    it('the process the user started runs with BUN_JSC_useFTLJIT=0, and what it starts never sees it', function () {
      if (process.platform !== 'linux') this.skip(); // /proc/PID/environ
      const r = run({});
      assert.equal(r.ppid, r.pid, 'the same process: execve, not a child');
      assert.deepEqual(r.startedWith.sort(), ['BUN_JSC_useFTLJIT=0', 'KUBECTL_WIN_FTL_OFF=1']);
      assert.deepEqual(r.own, []);
    });

    it('the restarted process reads the stdin it was given: qos -f - on a piped manifest', async () => {
      const example = join(PROJECT_ROOT, 'examples', 'qos', 'guaranteed-iis.yaml');
      const piped = await runProcess(join(binDir, hostTarget()!.exe), ['qos', '-f', '-', '-o', 'json'], {
        env,
        input: readFileSync(example, 'utf8'),
        timeoutMs: 60_000,
      });
      assert.ok(piped.code === 0 || piped.code === 1, `exit ${piped.code}: ${piped.stderr}`);
      const items = (JSON.parse(piped.stdout) as {items: Array<{name: string; qosClass: string}>}).items;
      assert.deepEqual(
        items.map((i) => [i.name, i.qosClass]),
        [['iis-guaranteed', 'Guaranteed']],
      );
    });

    it("a user's own BUN_JSC_useFTLJIT is kept, and nothing is restarted", function () {
      if (process.platform !== 'linux') this.skip();
      const r = run({BUN_JSC_useFTLJIT: '1'});
      assert.equal(r.ppid, r.pid);
      assert.deepEqual(r.startedWith, ['BUN_JSC_useFTLJIT=1']);
      assert.deepEqual(r.own, ['BUN_JSC_useFTLJIT=1']);
    });

    it("a user's own OCLIF_DISABLE_ENGINE_WARNING is kept as it was", function () {
      if (process.platform !== 'linux') this.skip();
      const r = run({OCLIF_DISABLE_ENGINE_WARNING: 'false'});
      assert.deepEqual(r.own, ['OCLIF_DISABLE_ENGINE_WARNING=false']);
    });
  });

  for (const id of REPORT_COMMANDS) {
    it(`smoke: kubectl win ${id.replace(':', ' ')} against the control plane matches the Node build`, async () => {
      const args = [...id.split(':'), ...smokeArgs(id), '-o', 'json'];
      const r = await kubectl(['win', ...args]);
      assert.ok(r.code === 0 || r.code === 1 || (id === 'logs' && r.code === 4), `exit ${r.code}: ${r.stderr}`);
      const report = JSON.parse(r.stdout) as Envelope;
      assert.equal(report.apiVersion, 'kubectl-win/v1');
      assert.match(report.kind, /Report$/);
      const node = await runCli(args, {kubeconfig: cp.kubeconfig});
      const expected = node.json<Envelope>();
      assert.equal(r.code, node.code);
      assert.equal(report.kind, expected.kind);
      assert.deepEqual(report.summary, expected.summary);
      assert.equal(report.items.length, expected.items.length);
      assert.deepEqual(report.findings.map((f) => f.id).sort(), expected.findings.map((f) => f.id).sort());
    });
  }

  // The executable sends its requests with Bun's fetch (src/source/bun-fetch.ts), the Node build with
  // node:http: the same faults must give the same exit code, the same first line and the same report.
  describe("the executable's transport answers as the Node build's does", () => {
    let proxy: FaultProxy;
    let kubeconfigs: string;

    before(async () => {
      proxy = await startFaultProxy(cp, 'release-transport');
      kubeconfigs = mkdtempSync(join(tmpdir(), 'kubectl-win-release-kc-'));
    });
    after(async () => {
      await proxy?.close();
      if (kubeconfigs) rmSync(kubeconfigs, {recursive: true, force: true});
    });

    /** A copy of the control plane's kubeconfig with its cluster entry changed. */
    const kubeconfigWith = (name: string, change: (cluster: Record<string, unknown>) => void): string => {
      const doc = parseYaml(readFileSync(cp.kubeconfig, 'utf8')) as {clusters: Array<{cluster: Record<string, unknown>}>};
      change(doc.clusters[0].cluster);
      const file = join(kubeconfigs, name);
      writeFileSync(file, stringifyYaml(doc));
      return file;
    };

    /**
     * Both builds' `qos -n NS -o json` with `kubeconfig` (the proxy's script, counting afresh, for
     * each); asserts they agree and returns the executable's run.
     */
    const bothAgree = async (kubeconfig: string, extra: string[] = [], script: Script = () => undefined): Promise<ProcResult> => {
      const args = ['qos', '-n', NS, '-o', 'json', ...extra];
      proxy.use(script);
      const exe = await runProcess(join(binDir, hostTarget()!.exe), args, {env: {...env, KUBECONFIG: kubeconfig}, cwd: PROJECT_ROOT, timeoutMs: 120_000});
      proxy.use(script);
      const node = await runCli(args, {kubeconfig, timeoutMs: 120_000});
      assert.equal(exe.code, node.code, `exit codes: executable ${exe.code} (${exe.stderr}), Node ${node.code} (${node.stderr})`);
      assert.equal(exe.stderr.split('\n')[0], node.stderr.split('\n')[0]);
      assert.equal(exe.stdout, node.stdout);
      return exe;
    };

    const onPods =
      (fault: Fault, upTo = Infinity): Script =>
      (r) =>
        r.path.endsWith('/pods') && r.nth <= upTo ? fault : undefined;

    it('a clean read through the proxy, and retried 500s', async () => {
      assert.equal((await bothAgree(proxy.kubeconfig)).code, 0);
      assert.equal((await bothAgree(proxy.kubeconfig, [], onPods({reply: 500, body: 'boom'}, 2))).code, 0);
    });

    it('a reset, a cut-short body and a 401 on the pod list', async () => {
      assert.notEqual((await bothAgree(proxy.kubeconfig, [], onPods('reset'))).code, 0);
      assert.notEqual((await bothAgree(proxy.kubeconfig, [], onPods({truncate: 100, contentLength: true}))).code, 0);
      const status = {kind: 'Status', apiVersion: 'v1', status: 'Failure', message: 'Unauthorized', reason: 'Unauthorized', code: 401};
      const unauthorized = await bothAgree(proxy.kubeconfig, [], onPods({reply: 401, body: status}));
      assert.equal(unauthorized.code, 3);
      assert.match(unauthorized.stderr, /Unauthorized/);
    });

    it('a stalled list ends at --request-timeout', async () => {
      const r = await bothAgree(proxy.kubeconfig, ['--request-timeout', '2s'], onPods('stall'));
      assert.match(r.stderr, /timed out after 2000 ms/);
    });

    it('nothing listening, no CA, and insecure-skip-tls-verify', async () => {
      const refused = await bothAgree(
        kubeconfigWith('refused', (c) => {
          c.server = 'https://127.0.0.1:1';
        }),
      );
      assert.equal(refused.code, 3);
      assert.match(refused.stderr, /connect ECONNREFUSED 127\.0\.0\.1:1/);
      const noCa = await bothAgree(
        kubeconfigWith('no-ca', (c) => {
          delete c['certificate-authority-data'];
        }),
      );
      assert.equal(noCa.code, 3);
      const insecure = await bothAgree(
        kubeconfigWith('insecure', (c) => {
          delete c['certificate-authority-data'];
          c['insecure-skip-tls-verify'] = true;
        }),
      );
      assert.equal(insecure.code, 0);
    });
  });

  describe('installed by krew (kubectl krew install --manifest --archive)', () => {
    let krewRoot: string;
    let krewEnv: NodeJS.ProcessEnv;
    let installed: ProcResult;
    const krewKubectl = (args: string[]): Promise<ProcResult> => runProcess(join(cp.binDir, 'kubectl'), args, {env: krewEnv, cwd: dir, timeoutMs: 120_000});

    before(async function () {
      this.timeout(900_000);
      const krew = krewBinDir();
      krewRoot = join(dir, 'krew');
      // Only krew's bin (where it links plugins), krew itself and kubectl on PATH: not the extracted archive.
      // No upgrade check: krew would ask GitHub for its latest release.
      krewEnv = {
        PATH: [join(krewRoot, 'bin'), krew, cp.binDir, '/usr/bin', '/bin'].join(delimiter),
        HOME: dir,
        KREW_ROOT: krewRoot,
        KREW_NO_UPGRADE_CHECK: '1',
        KUBECONFIG: cp.kubeconfig,
        NO_COLOR: '1',
        COLUMNS: '200',
      };
      installed = await krewKubectl(['krew', 'install', `--manifest=${join(out, 'plugin.yaml')}`, `--archive=${join(out, archiveName(hostTarget()!))}`]);
    });

    it('krew accepts the manifest and its sha256, installs the plugin and links it', async () => {
      assert.equal(installed.code, 0, installed.stderr + installed.stdout);
      assert.match(installed.stderr + installed.stdout, /Installed plugin: win/);
      assert.ok(lstatSync(join(krewRoot, 'bin', 'kubectl-win')).isSymbolicLink());
      // krew's receipt of what it installed (`krew list` wants an index, which a detached install has none of).
      const receipt = parseYaml(readFileSync(join(krewRoot, 'receipts', 'win.yaml'), 'utf8')) as {
        metadata: {name: string};
        spec: {version: string};
        status?: {source?: {name?: string}};
      };
      const pkg = JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8'));
      assert.deepEqual([receipt.metadata.name, receipt.spec.version, receipt.status?.source?.name], ['win', `v${pkg.version}`, 'detached']);
      const plugins = await krewKubectl(['plugin', 'list']);
      assert.match(plugins.stdout, new RegExp(`${join(krewRoot, 'bin').replace(/[/.]/g, '\\$&')}/kubectl-win`), plugins.stdout);
    });

    it('krew shows the caveats: how to link kubectl_complete-win', () => {
      const pkg = JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8'));
      const text = installed.stderr + installed.stdout;
      assert.match(text, /Caveats:/);
      for (const line of caveats(pkg.version)
        .split('\n')
        .filter((l) => l.trim() !== ''))
        assert.ok(text.includes(line.trim()), `caveat line: ${line}`);
    });

    it('kubectl win --help and version through the installed plugin', async () => {
      const help = await krewKubectl(['win', '--help']);
      assert.equal(help.code, 0, help.stderr);
      assert.match(help.stdout, /qos\s/);
      if ('version' in COMMANDS) {
        const version = await krewKubectl(['win', 'version']);
        assert.equal(version.code, 0, version.stderr);
        assert.match(version.stdout, /\d+\.\d+\.\d+/);
      }
    });

    it('kubectl win qos against the control plane through the installed plugin', async () => {
      const r = await krewKubectl(['win', 'qos', '-n', NS, POD, '-o', 'json']);
      assert.ok(r.code === 0 || r.code === 1, `exit ${r.code}: ${r.stderr}`);
      const report = JSON.parse(r.stdout) as {kind: string; items: Array<{name: string; qosClass: string}>};
      assert.equal(report.kind, 'QoSReport');
      assert.deepEqual(
        report.items.map((i) => [i.name, i.qosClass]),
        [[POD, 'Guaranteed']],
      );
    });

    it('kubectl win <TAB> completes through the installed kubectl_complete-win, linked as the caveats say', async () => {
      const before = await krewKubectl(['__complete', 'win', 'qos', '-n', NS, '']);
      assert.ok(!before.stdout.includes(POD), 'no completion before the link');
      const pkg = JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8'));
      const link = caveats(pkg.version)
        .split('\n')
        .find((l) => l.trim().startsWith('ln -sf'))!;
      const ln = spawnSync('sh', ['-c', link], {env: krewEnv, encoding: 'utf8'});
      assert.equal(ln.status, 0, ln.stderr);
      const r = await krewKubectl(['__complete', 'win', 'qos', '-n', NS, '']);
      assert.equal(r.code, 0, r.stderr);
      const lines = r.stdout.split('\n').filter(Boolean);
      assert.ok(lines.includes(POD), r.stdout);
      assert.equal(lines.at(-1), ':4');
      const ns = await krewKubectl(['__complete', 'win', 'doctor', '-n', NS.slice(0, -1)]);
      assert.ok(ns.stdout.split('\n').includes(NS), ns.stdout);
    });
  });
});
