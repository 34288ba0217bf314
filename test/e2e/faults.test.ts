// Reads never lie, end to end: the built CLI reads the real control plane through a fault-injecting
// proxy (test/e2e/support/fault-proxy.ts). For every fault the output is either complete and
// identical to a fault-free run, or honest: a non-zero exit, or the failed read recorded as
// `read/<plural>` with exit 4 "incomplete", never a short list shown as whole.
import assert from 'node:assert/strict';
import {readFileSync} from 'node:fs';
import {join} from 'node:path';
import {ExitCode} from '../../src/cli/exit-codes.js';
import {parse} from 'yaml';
import {UNFINISHED_YAML} from '../../src/cli/item-stream.js';
import {runCli, watchCli, type CliResult} from './cli.js';
import type {ControlPlane} from '../../harness/index.js';
import {controlPlaneWith} from './live.js';
import {alive, readPids, sleep, startProcess} from '../../harness/processes.js';
import {podObject, windowsSpecOn} from '../support/pod.js';
import {startFaultProxy, type Fault, type FaultProxy, type ProxiedRequest} from './support/fault-proxy.js';

const NS = 'e2e-faults';
/** Three pages of pods (250, 250, 20): faults can land on a first, middle and last page. */
const PODS = 520;
const PODS_PATH = `/api/v1/namespaces/${NS}/pods`;
/** A failed read of a primary kind (pods, for qos) is exit 4, "incomplete". */
const INCOMPLETE: number = ExitCode.incomplete;

interface Envelope {
  items: {name?: string; namespace?: string}[];
  skipped: {check: string; reason: string}[];
}

const pod = (i: number) =>
  podObject({
    name: `p-${String(i).padStart(4, '0')}`,
    namespace: NS,
    spec: windowsSpecOn('win2022-0', [{name: 'app', image: 'mcr.microsoft.com/windows/nanoserver:ltsc2022', resources: i % 2 ? {requests: {cpu: '10m'}} : {}}]),
  });

/** Continue requests of the pod list: page 2 is the first, page 3 the second. */
const isContinue = (r: ProxiedRequest) => r.path === PODS_PATH && r.query.has('continue');
/** `fault` on the continue requests numbered from..to (1 is the first request for page 2, retries count). */
const onContinue = (fault: Fault, from = 1, to = Infinity) => {
  let n = 0;
  return (r: ProxiedRequest): Fault | undefined => {
    if (!isContinue(r)) return undefined;
    n++;
    return n >= from && n <= to ? fault : undefined;
  };
};
const html = {reply: 200, contentType: 'text/html', body: '<html><body><h1>502 Bad Gateway</h1></body></html>'} as const;

describe('e2e: faults between the CLI and the apiserver (a scripted proxy)', function () {
  this.timeout(120_000);
  let cp: ControlPlane;
  let proxy: FaultProxy;
  let baseline: CliResult;

  const qos = (extra: string[] = [], env: Record<string, string> = {}) =>
    runCli(['qos', '-n', NS, '-o', 'json', ...extra], {kubeconfig: proxy.kubeconfig, env, timeoutMs: 110_000});

  /** Complete and identical to the fault-free run, or honest about what it could not read. */
  const assertHonest = (r: CliResult, plural: string, what: string): 'complete' | 'failed' => {
    if (r.code === 3) {
      assert.equal(r.stderr.trim().split('\n').length, 1, `${what}: one line on stderr: ${r.stderr}`);
      assert.equal(r.stdout, '', `${what}: exit 3 prints nothing partial`);
      return 'failed';
    }
    const report = r.json<Envelope>();
    const read = report.skipped.find((s) => s.check === `read/${plural}`);
    if (!read) {
      assert.equal(r.code, baseline.code, `${what}: exit ${r.code}: ${r.stderr}`);
      assert.deepEqual(report.items, baseline.json<Envelope>().items, `${what}: no skipped read, so every item as without faults`);
      return 'complete';
    }
    assert.equal(r.code, INCOMPLETE, `${what}: a failed read of ${plural} exits ${INCOMPLETE}`);
    if (report.items.length > 0 && report.items.length < PODS)
      assert.match(read.reason, /^partial: \d+ of unknown/, `${what}: a short list says it is partial`);
    return 'failed';
  };

  before(async function () {
    cp = await controlPlaneWith(this, NS);
    const all = Array.from({length: PODS}, (_, i) => pod(i));
    for (let i = 0; i < all.length; i += 20) {
      await Promise.all(
        all.slice(i, i + 20).map(async (p) => {
          const r = await cp.api('POST', `/api/v1/namespaces/${NS}/pods`, p);
          if (r.status >= 300) throw new Error(`create ${p.metadata?.name}: ${r.status} ${r.body?.message}`);
        }),
      );
    }
    proxy = await startFaultProxy(cp, 'faults');
    baseline = await runCli(['qos', '-n', NS, '-o', 'json'], {kubeconfig: cp.kubeconfig});
    assert.equal(baseline.json<Envelope>().items.length, PODS, baseline.stderr);
  });
  after(async () => {
    await proxy?.close();
  });

  it('without faults the proxy changes nothing', async () => {
    proxy.use(() => undefined);
    const r = await qos();
    assert.equal(assertHonest(r, 'pods', 'no fault'), 'complete');
    assert.ok(proxy.seen.filter((s) => s.startsWith(`GET ${PODS_PATH}`)).length >= 3, proxy.seen.join('\n'));
  });

  // A fault that clears up within the retries leaves the output exactly as without it.
  const transient: Array<[string, Fault]> = [
    ['an HTML page', html],
    ['{}', {reply: 200, body: {}}],
    ['a page cut short by a clean close', {truncate: 300, contentLength: false}],
    ['a page cut short before its Content-Length', {truncate: 300, contentLength: true}],
    ['a reset', 'reset'],
    [
      '429 with Retry-After',
      {reply: 429, body: {kind: 'Status', apiVersion: 'v1', message: 'too many requests', reason: 'TooManyRequests'}, headers: {'Retry-After': '0'}},
    ],
    ['503', {reply: 503, body: {kind: 'Status', apiVersion: 'v1', message: 'etcd leader changed', reason: 'ServiceUnavailable'}}],
  ];
  for (const [name, fault] of transient) {
    it(`${name} on page 2, twice, is retried: complete and identical`, async () => {
      proxy.use(onContinue(fault, 1, 2));
      assert.equal(assertHonest(await qos(), 'pods', name), 'complete');
      // Two faulty answers, then pages 2 and 3: the faults were served.
      assert.ok(proxy.seen.filter((s) => s.startsWith(`GET ${PODS_PATH}?`) && s.includes('continue=')).length >= 4, proxy.seen.join('\n'));
    });
  }

  // A fault that outlasts the retries: the list failed after 250 or 500 pods were analysed.
  const lasting: Array<[string, (r: ProxiedRequest) => Fault | undefined]> = [
    ['an HTML page on every continue', (r) => (isContinue(r) ? html : undefined)],
    ['{} on every continue', (r) => (isContinue(r) ? {reply: 200, body: {}} : undefined)],
    ['every continue cut short by a clean close', (r) => (isContinue(r) ? {truncate: 500, contentLength: false} : undefined)],
    ['every continue cut short before its Content-Length', (r) => (isContinue(r) ? {truncate: 500, contentLength: true} : undefined)],
    [
      '429 every time on continue',
      (r) =>
        isContinue(r)
          ? {reply: 429, body: {kind: 'Status', apiVersion: 'v1', message: 'too many requests', reason: 'TooManyRequests'}, headers: {'Retry-After': '0'}}
          : undefined,
    ],
    ['503 from page 3', onContinue({reply: 503, body: {kind: 'Status', apiVersion: 'v1', message: 'unavailable', reason: 'ServiceUnavailable'}}, 2)],
    [
      '410 on every continue',
      (r) =>
        isContinue(r)
          ? {reply: 410, body: {kind: 'Status', apiVersion: 'v1', message: 'The provided continue parameter is too old', reason: 'Expired'}}
          : undefined,
    ],
    ['500 six times on page 2', onContinue({reply: 500, body: {kind: 'Status', apiVersion: 'v1', message: 'internal error', reason: 'InternalError'}}, 1, 6)],
    [
      '403 on page 2',
      (r) => (isContinue(r) ? {reply: 403, body: {kind: 'Status', apiVersion: 'v1', message: 'pods is forbidden', reason: 'Forbidden'}} : undefined),
    ],
  ];
  for (const [name, script] of lasting) {
    it(`${name}: an honest failed read, never a short list as whole`, async () => {
      proxy.use(script);
      const r = await qos();
      assert.equal(assertHonest(r, 'pods', name), 'failed', `${name}: exit ${r.code}, ${r.stdout.slice(0, 200)}`);
      if (r.code !== 3)
        assert.match(r.json<Envelope>().skipped.find((s) => s.check === 'read/pods')!.reason, /^partial: (250|500) of unknown pods read, then the list failed/);
    });
  }

  it('the first page failing for good is a failed read with nothing listed', async () => {
    proxy.use((r) => (r.path === PODS_PATH ? html : undefined));
    const r = await qos();
    assert.equal(assertHonest(r, 'pods', 'first page'), 'failed');
    assert.equal(r.json<Envelope>().items.length, 0);
  });

  it('--request-timeout bounds a page trickled a few bytes at a time', async () => {
    proxy.use((r) => (isContinue(r) ? {trickle: 64, everyMs: 20} : undefined));
    const t0 = Date.now();
    const r = await qos(['--request-timeout', '2s']);
    const elapsed = Date.now() - t0;
    assert.equal(assertHonest(r, 'pods', 'trickle'), 'failed');
    // Unbounded, a 100-250 KB page at 3 KB/s would take a minute or more.
    assert.ok(elapsed < 30_000, `took ${elapsed} ms`);
  });

  it('--request-timeout bounds a stalled page', async () => {
    proxy.use((r) => (isContinue(r) ? 'stall' : undefined));
    const r = await qos(['--request-timeout', '2s']);
    assert.equal(assertHonest(r, 'pods', 'stall'), 'failed');
  });

  it('garbage from /version is one line and exit 3, never v1.NaN', async () => {
    proxy.use((r) => (r.path === '/version' ? {reply: 200, body: {major: '', minor: '', gitVersion: 'unknown'}} : undefined));
    const r = await qos();
    assert.equal(r.code, 3, r.stdout.slice(0, 200));
    assert.match(r.stderr.trim(), /^error: the server at https:\/\/127\.0\.0\.1:\d+ did not tell its version/);
    assert.doesNotMatch(r.stdout + r.stderr, /NaN/);
  });

  it('access reviews answered with garbage leave the reference not checked, never "cannot use"', async function () {
    this.timeout(300_000);
    const ns = `${NS}-gmsa`;
    await cp.createNamespace(ns);
    await cp.apply(readFileSync(join(process.cwd(), 'examples', 'gmsa', '01-crd.yaml'), 'utf8'));
    // The CRD's kind is served a moment after it is created.
    const applySoon = async (yaml: string) => {
      for (let i = 0; ; i++) {
        try {
          return await cp.apply(yaml);
        } catch (err) {
          if (i > 50) throw err;
          await new Promise((r) => setTimeout(r, 200));
        }
      }
    };
    await applySoon(`apiVersion: windows.k8s.io/v1
kind: GMSACredentialSpec
metadata: {name: e2e-faults-webapp}
credspec:
  ActiveDirectoryConfig:
    GroupManagedServiceAccounts: [{Name: WebApp1, Scope: CONTOSO}, {Name: WebApp1, Scope: contoso.com}]
  CmsPlugins: [ActiveDirectory]
  DomainJoinConfig: {DnsName: contoso.com, DnsTreeName: contoso.com, Guid: 244818ae-87ac-4fcd-92ec-e79e5252348a, MachineAccountName: WebApp1, NetBiosName: CONTOSO, Sid: S-1-5-21-2126449477-2524075714-3094792973}
---
apiVersion: v1
kind: Pod
metadata: {name: iis, namespace: ${ns}}
spec:
  nodeName: ${cp.nodes.win2022}
  os: {name: windows}
  tolerations: [{key: os, operator: Equal, value: windows, effect: NoSchedule}]
  securityContext: {windowsOptions: {gmsaCredentialSpecName: e2e-faults-webapp}}
  containers: [{name: iis, image: mcr.microsoft.com/windows/servercore/iis:windowsservercore-ltsc2022}]
`);
    const check = () => runCli(['gmsa', 'check', '-n', ns, '-o', 'json'], {kubeconfig: proxy.kubeconfig, timeoutMs: 110_000});
    const findings = (r: CliResult) => (r.json<{findings: {id: string}[]}>().findings ?? []).map((f) => f.id);
    proxy.use(() => undefined);
    const clean = await check();
    assert.ok(findings(clean).includes('gmsa/rbac-use-denied'), `without faults the default ServiceAccount may not use it: ${clean.stdout.slice(0, 400)}`);
    proxy.use((r) =>
      r.path.endsWith('/localsubjectaccessreviews')
        ? {reply: 201, body: {kind: 'LocalSubjectAccessReview', apiVersion: 'authorization.k8s.io/v1', status: {}}}
        : undefined,
    );
    const r = await check();
    assert.ok(proxy.seen.filter((x) => x.includes('/localsubjectaccessreviews')).length >= 2, 'the reviews were answered with garbage, and retried');
    assert.ok(!findings(r).includes('gmsa/rbac-use-denied'), `garbage is no denial: ${r.stdout.slice(0, 400)}`);
    const report = r.json<{items: {name: string; canUse: boolean | null}[]; skipped: Envelope['skipped']}>();
    assert.ok(
      report.skipped.some((x) => x.check === 'gmsa/rbac-use-denied'),
      'the use check is reported as not done',
    );
    assert.deepEqual(
      report.items.map((i) => [i.name, i.canUse]),
      [['iis', null]],
      'the reference is unknown',
    );
  });

  for (const format of ['json', 'yaml'] as const) {
    it(`interrupted after its first page's items were written, -o ${format} leaves a document no parser takes for the whole`, async () => {
      let release!: () => void;
      const held = new Promise<void>((r) => (release = r));
      proxy.use((r) => (isContinue(r) ? {hold: held} : undefined));
      const run = watchCli(['qos', '-n', NS, '-o', format], proxy.kubeconfig);
      try {
        // Page 2 is held: what is on stdout is the first page's items, written during the pass.
        await run.waitFor(
          () =>
            run
              .stdout()
              .split('\n')
              .filter((l) => /^ {2}- kind: Pod$| {4}"kind": "Pod",$/.test(l)).length >= 64,
          'the first items',
        );
        assert.equal(await run.interrupt(), ExitCode.interrupted, run.stderr());
      } finally {
        release();
        run.kill();
      }
      const out = run.stdout();
      assert.match(run.stderr().trim(), /^interrupted$/);
      if (format === 'json') {
        assert.throws(() => JSON.parse(out), 'an unclosed JSON document');
        return;
      }
      assert.ok(out.endsWith(UNFINISHED_YAML), out.slice(-300));
      const part = parse(out.slice(0, -UNFINISHED_YAML.length)) as Envelope;
      assert.ok(part.items.length >= 64 && part.items.length < PODS, `without the last line, ${part.items.length} items would pass for all`);
      assert.throws(() => parse(out), 'the last line is an error to a YAML parser');
    });
  }

  it('the apiserver killed mid-list: an honest failed read; restarted, a complete run again', async function () {
    this.timeout(300_000);
    const apiserver = readPids(cp.dir)
      .filter((p) => p.name === 'kube-apiserver' && alive(p.pid))
      .pop();
    assert.ok(apiserver, 'the harness lists its kube-apiserver');
    const argv = readFileSync(`/proc/${apiserver.pid}/cmdline`, 'utf8')
      .split('\0')
      .filter((a) => a !== '');
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let reached!: () => void;
    const atPage2 = new Promise<void>((r) => (reached = r));
    let first = true;
    proxy.use((r) => {
      if (!isContinue(r) || !first) return undefined;
      first = false;
      reached();
      return {hold: held};
    });
    const run = qos();
    await atPage2;
    process.kill(-apiserver.pid, 'SIGKILL');
    while (alive(apiserver.pid)) await sleep(50);
    release();
    const r = await run;
    assert.equal(assertHonest(r, 'pods', 'apiserver killed'), 'failed', `exit ${r.code}: ${r.stderr}`);
    if (r.code !== 3)
      assert.match(r.json<Envelope>().skipped.find((s) => s.check === 'read/pods')!.reason, /^partial: 250 of unknown pods read, then the list failed/);

    // The same apiserver again (same flags, same etcd), listed for the harness's cleanup.
    startProcess(cp.dir, 'kube-apiserver', argv[0]!, argv.slice(1));
    const deadline = Date.now() + 120_000;
    while ((await cp.api('GET', '/readyz', undefined, {timeoutMs: 2000}).catch(() => undefined))?.status !== 200) {
      assert.ok(Date.now() < deadline, 'kube-apiserver ready again within 120 s');
      await sleep(200);
    }
    proxy.use(() => undefined);
    assert.equal(assertHonest(await qos(), 'pods', 'apiserver restarted'), 'complete');
  });

  it('every kind doctor reads: garbage on its list is reported as read/<plural> (or a non-zero exit), never as an empty kind', async function () {
    this.timeout(600_000);
    proxy.use(() => undefined);
    const clean = await runCli(['doctor', '-A', '-o', 'json'], {kubeconfig: proxy.kubeconfig, timeoutMs: 110_000});
    assert.ok(clean.code === 0 || clean.code === 1, clean.stderr);
    const lists = [...new Set(proxy.seen.filter((s) => s.startsWith('GET ') && /[?&]limit=/.test(s)).map((s) => s.slice(4, s.indexOf('?'))))];
    assert.ok(lists.length >= 10, `doctor lists many kinds: ${lists.join(' ')}`);
    const reported: string[] = [];
    for (const path of lists) {
      const plural = path.slice(path.lastIndexOf('/') + 1);
      proxy.use((r) => (r.path === path ? {reply: 200, body: {kind: 'Status'}} : undefined));
      const r = await runCli(['doctor', '-A', '-o', 'json'], {kubeconfig: proxy.kubeconfig, timeoutMs: 110_000});
      if (r.code === 3) {
        assert.equal(r.stdout, '', `${path}: exit 3 prints nothing`);
        assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
        continue;
      }
      assert.ok(r.stdout.includes(`"read/${plural}"`), `${path}: garbage must be reported as read/${plural}; exit ${r.code}`);
      reported.push(plural);
    }
    // Only a failure that ends the run may skip the report; most kinds are reported and the rest analysed.
    assert.ok(reported.length >= lists.length / 2, `reported as read/<plural>: ${reported.join(' ')} of ${lists.join(' ')}`);
  });
});
