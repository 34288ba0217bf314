// Each place that used to spread a data-sized array into a call (push(...x), Math.max(...x)), driven
// with 200,000 elements: before, each threw "Maximum call stack size exceeded" past about 120,000.
// test/unit/code-shape/call-spreads.test.ts keeps new spreads out of src/.
import assert from 'node:assert/strict';
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {runDoctor, runDoctorDigest} from '../../../src/analyses/doctor/run.js';
import {doctorView} from '../../../src/analyses/doctor/view.js';
import {gmsaView} from '../../../src/analyses/gmsa/view.js';
import type {GmsaItem} from '../../../src/analyses/gmsa/analysis.js';
import {lintAnalysis} from '../../../src/analyses/lint/analysis.js';
import {runAnalysis, type Analysis} from '../../../src/analyses/types.js';
import {parseLimitRangerAnnotation} from '../../../src/k8s/limit-range.js';
import {validatePodSpec} from '../../../src/k8s/pod-validation.js';
import {checkAppArmorProfile} from '../../../src/k8s/pss/check-app-armor-profile.js';
import {validateWindowsPodSpec} from '../../../src/k8s/windows-validation.js';
import {makeReport} from '../../../src/report/build.js';
import {finding} from '../../../src/report/finding.js';
import type {Finding} from '../../../src/report/types.js';
import {layoutTable} from '../../../src/render/fit.js';
import {findingBlock, renderTable} from '../../../src/render/text.js';
import {frameWidth} from '../../../src/render/tty.js';
import {KubeClient} from '../../../src/source/kube-client.js';
import {ManifestSource} from '../../../src/source/manifest-source.js';
import {readNamedPods} from '../../../src/source/named-pods.js';
import type {KubeObject} from '../../../src/k8s/object.js';
import type {Snapshot, Workload} from '../../../src/k8s/snapshot.js';
import {toWorkload} from '../../../src/source/workloads.js';
import {maxOf, minOf, pushAll} from '../../../src/util/arrays.js';
import {listBody, localApi} from '../../support/local-api.js';

const N = 200_000;
const range = (n: number) => Array.from({length: n}, (_, i) => i);

describe('util/arrays: any length', () => {
  it('pushAll appends 200,000 items in order, where push(...items) overflows the stack', () => {
    const big = range(N);
    assert.throws(() => [].push(...(big as never[])), RangeError);
    const target = [-1];
    assert.equal(pushAll(target, big), target);
    assert.equal(target.length, N + 1);
    assert.deepEqual([target[0], target[1], target[N]], [-1, 0, N - 1]);
    assert.deepEqual(pushAll([1], new Set([2, 3])), [1, 2, 3]);
  });

  it('maxOf and minOf over 200,000 values, and their start when there are none', () => {
    const big = range(N).map((i) => (i * 7919) % N);
    assert.throws(() => Math.max(...big), RangeError);
    assert.equal(maxOf(-1, big), N - 1);
    assert.equal(minOf(N, big), 0);
    assert.equal(maxOf(5, []), 5);
    assert.equal(minOf(5, []), 5);
    assert.equal(maxOf(10, [3]), 10);
  });
});

const notReady = (i: number) => finding('nodes/not-ready', {object: {kind: 'Node', name: `n${i}`}, message: 'm'});

/** An analysis that reports `atFinish()` when it finishes and, if given, hands `taken()` over while visiting. */
function manyFindings(atFinish: () => Finding[], taken?: () => Finding[]): Analysis<string, unknown> {
  return {
    name: 'many',
    reportKind: 'ManyReport',
    request: () => ({kinds: []}),
    primary: () => [],
    begin: (snapshot) => ({visit() {}, ...(taken ? {takeFindings: taken} : {}), finish: () => makeReport('ManyReport', snapshot.source, [], atFinish())}),
  };
}

/** runDoctor's and runDoctorDigest's arguments for one analysis over an empty manifest snapshot. */
function doctorOf(analysis: Analysis<string, unknown>): Parameters<typeof runDoctor> {
  const snapshot: Snapshot = {source: {type: 'manifests', files: []}, objects: {}, skipped: [], async *workloads() {}};
  return [{snapshot: async () => snapshot, capabilities: () => ({mode: 'manifests'})}, [{analysis, options: () => ({})}], () => ({})];
}

describe('each former spread site, with 200,000 elements', function () {
  this.timeout(120_000);

  it("doctor's merge: 200,000 findings from one analysis", async () => {
    const report = await runDoctor(...doctorOf(manyFindings(() => range(N).map(notReady))));
    assert.equal(report.findings.length, N);
    assert.equal(report.summary.warning, N);
  });

  it("doctor's digest: 200,000 findings handed over while visiting, 200,000 pods not running at finish", async () => {
    const taint = (i: number) => finding('why/unschedulable-taint', {object: {kind: 'Pod', namespace: 'ns', name: `p${N - i}`}, message: 'taint'});
    const run = await runDoctorDigest(
      ...doctorOf(
        manyFindings(
          () => range(N).map(taint),
          () => range(N).map(notReady),
        ),
      ),
    );
    assert.ok(run);
    assert.equal(run.digest.findings, 2 * N);
    assert.deepEqual(run.report.summary, {error: N, warning: N, info: 0});
    assert.deepEqual(
      run.digest.groups.map((g) => [g.id, g.count]),
      [
        ['why/unschedulable-taint', N],
        ['nodes/not-ready', N],
      ],
    );
    assert.equal(run.digest.notRunning.length, N);
    assert.equal(run.digest.notRunning[0].object?.name, 'p1', 'in the order of the sorted report');
  });

  it("doctor's text view: 200,000 findings, two causes for each of 100,000 pods not running", () => {
    const findings = range(N / 2).flatMap((i) => [
      finding('why/unschedulable-taint', {object: {kind: 'Pod', namespace: 'ns', name: `p${i}`}, message: 'taint'}),
      finding('why/podsecurity-forbidden', {object: {kind: 'Pod', namespace: 'ns', name: `p${i}`}, message: 'forbidden'}),
    ]);
    const report = makeReport('DoctorReport', {type: 'manifests', files: []}, [], findings);
    const view = doctorView(report, false);
    const groups = view.sections.find((s) => s.type === 'table' && s.title === 'Findings by severity and check');
    assert.deepEqual(groups?.type === 'table' ? groups.rows.map((r) => [r[1], r[2]]) : [], [
      ['why/podsecurity-forbidden', String(N / 2)],
      ['why/unschedulable-taint', String(N / 2)],
    ]);
    const notRunning = view.sections.find((s) => s.type === 'table' && s.title?.startsWith('Windows pods that are not running'));
    const rows = notRunning?.type === 'table' ? notRunning.rows : [];
    assert.equal(rows.length, 51, '50 pods, then how many more');
    assert.equal(rows[50][0], `... and ${N / 2 - 50} more: kubectl win why -A`);
  });

  it("lint's visit: one pod with 200,000 findings (IPv6 host aliases)", async () => {
    const pod: KubeObject = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {name: 'p', namespace: 'ns', uid: 'u'},
      spec: {
        os: {name: 'windows'},
        nodeName: 'w',
        containers: [{name: 'c', image: 'mcr.microsoft.com/windows/nanoserver:ltsc2022'}],
        hostAliases: range(N).map((i) => ({ip: `fd00::${(i % 65535).toString(16)}`, hostnames: ['h']})),
      },
    };
    const w = toWorkload(pod, 'ns')!;
    const snapshot: Snapshot = {
      source: {type: 'cluster', context: 'c', server: 's'},
      objects: {nodes: []},
      skipped: [],
      async *workloads(): AsyncGenerator<Workload> {
        yield w;
      },
    };
    const report = await runAnalysis(lintAnalysis, snapshot, {}, {mode: 'cluster'});
    assert.equal(report.findings.filter((f) => f.id === 'lint/ipv6').length, N);
  });

  it('nltest --all-replicas: a workload with 200,000 running pods', async () => {
    const pods = range(N).map((i) => ({
      metadata: {name: `p${String(i).padStart(6, '0')}`, namespace: 'ns'},
      status: {phase: 'Running'},
      spec: {containers: [{name: 'c'}]},
    }));
    const reader = {
      request: async <T>() => ({status: 200, body: {kind: 'Deployment', metadata: {name: 'd'}, spec: {selector: {matchLabels: {app: 'a'}}}} as T}),
      listAll: async () => pods,
    };
    const named = await readNamedPods(reader, ['deployment/d'], 'ns', {allReplicas: true});
    assert.equal(named.length, N);
  });

  it('gmsa view: a fix manifest of 200,000 lines', () => {
    const fix = range(N)
      .map((i) => `# line ${i}`)
      .join('\n');
    const item = {
      kind: 'Pod',
      namespace: 'ns',
      name: 'p',
      serviceAccount: 'sa',
      credentialSpec: 'cs',
      containers: [],
      canUse: false,
      grantedBy: null,
      via: 'review',
      fields: [],
      credentialSpecExists: true,
      webhook: {mutating: true, validating: true},
      fix,
    } as unknown as GmsaItem;
    const view = gmsaView(makeReport('GMSAReport', {type: 'manifests', files: []}, [item], []), false);
    const lines = view.sections.find((s) => s.type === 'lines');
    assert.equal(lines?.type === 'lines' ? lines.lines.length : 0, N + 1);
  });

  it('the limit-ranger annotation: 200,000 resource names for one container', () => {
    const names = range(N)
      .map((i) => `example.com/r${i}`)
      .join(', ');
    const sets = parseLimitRangerAnnotation(`LimitRanger plugin set: ${names} request for container app`);
    assert.equal(sets?.[0].requests.length, N);
  });

  it('pod validation: 200,000 errors on one container (4 per invalid resource name)', () => {
    const bad = Object.fromEntries(range(N / 4).map((i) => [`bad name ${i}`, '1']));
    const spec = {containers: [{name: 'c', image: 'x', resources: {limits: bad}}]};
    assert.equal(validatePodSpec(spec as never, 'spec', false).length, N);
  });

  it('Windows validation: 200,000 containers, each with errors', () => {
    const containers = range(N).map((i) => ({name: `c${i}`, image: 'x', securityContext: {privileged: true}}));
    const errs = validateWindowsPodSpec({os: {name: 'windows'}, containers} as never, 'spec');
    assert.ok(errs.length >= N, `${errs.length}`);
  });

  it('Pod Security appArmorProfile: 200,000 forbidden annotations', () => {
    const annotations = Object.fromEntries(range(N).map((i) => [`container.apparmor.security.beta.kubernetes.io/c${i}`, 'unconfined']));
    const r = checkAppArmorProfile.versions[0].checkPod({annotations}, {containers: []} as never);
    assert.equal(r.allowed, false);
    assert.match(r.forbiddenDetail ?? '', /annotations must not set AppArmor profile type/);
  });

  it('table widths in text and the width ink draws at: 200,000 rows, and verbatim lines', () => {
    const rows = range(N).map((i) => [`pod-${i}`, i === 12345 ? 'x'.repeat(50) : 'Burstable']);
    assert.deepEqual(layoutTable(['name', 'qos'], rows).header.widths, [`pod-${N - 1}`.length, 50]);
    assert.equal(renderTable(['name', 'qos'], rows, false).length, N + 1);
    const lines = range(N).map((i) => ({text: i === 7 ? 'y'.repeat(300) : 'kubectl', verbatim: true}));
    assert.equal(
      frameWidth(
        {
          sections: [
            {type: 'table', columns: ['name', 'qos'], rows},
            {type: 'lines', lines},
          ],
        },
        80,
      ),
      300,
    );
  });

  it('a free-text cell and a finding message of 200,000 words, wrapped one word a line', () => {
    const words = range(N)
      .map((i) => `word${String(i).padStart(16, '0')}`)
      .join(' ');
    const narrowed = layoutTable(['name', 'message'], [['pod-1', words]], 40);
    assert.equal(narrowed.lines.length, N);
    const continued = layoutTable(['name', 'message'], [['pod-1', words]], 40, {free: []});
    assert.equal(continued.lines.length, N + 1, 'the row, then its moved column one word a line');
    const block = findingBlock({id: 'qos/resize-error', severity: 'warning', message: words, source: 'x'}, false, 40);
    assert.equal(block.prose.length, 1 + N);
  });

  it('the manifest source: a file with 200,000 documents it cannot read', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kubectl-win-arrays-'));
    try {
      const file = join(dir, 'bad.yaml');
      writeFileSync(file, `apiVersion: v1\nkind: Namespace\nmetadata: {name: ok}\n${'---\n1\n'.repeat(N)}`);
      const snapshot = await new ManifestSource({filenames: [file], recursive: false, allNamespaces: true}).snapshot({kinds: ['namespaces']});
      assert.equal(snapshot.inputErrors?.length, N);
    } finally {
      rmSync(dir, {recursive: true, force: true});
    }
  });

  describe('the API client: a list page of 200,000 objects', () => {
    const items = range(N).map((i) => ({metadata: {name: `p${i}`, uid: `${i}`}}));
    const api = localApi('kw-arrays', (_req, res) => {
      res.writeHead(200, {'Content-Type': 'application/json'});
      res.end(JSON.stringify(listBody('PodList', items)));
    });

    it('listAll keeps every object of a page the server did not cut', async () => {
      const client = await KubeClient.create({kubeconfig: api.kubeconfig({file: 'kc-arrays'})});
      const all = await client.listAll('/api/v1/pods');
      assert.equal(all.length, N);
    });
  });
});
