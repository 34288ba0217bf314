import assert from 'node:assert/strict';
import {join} from 'node:path';
import {ClusterError} from '../../../../src/errors.js';
import {DOCTOR_ANALYSES, type DoctorContext, type DoctorEntry} from '../../../../src/analyses/doctor/registry.js';
import {concerns, runDoctor, runDoctorDigest, unionRequest, type DoctorSource} from '../../../../src/analyses/doctor/run.js';
import {SAME_RULE} from '../../../../src/analyses/doctor/repeats.js';
import {doctorView, groupFindings} from '../../../../src/analyses/doctor/view.js';
import {runAnalysis, type Analysis} from '../../../../src/analyses/types.js';
import type {CheckId} from '../../../../src/report/all-checks.js';
import {makeReport, summarize} from '../../../../src/report/build.js';
import {finding} from '../../../../src/report/finding.js';
import {streamedKinds} from '../../../../src/report/reads.js';
import {renderText} from '../../../../src/render/text.js';
import type {Finding} from '../../../../src/report/types.js';
import {ManifestSource} from '../../../../src/source/manifest-source.js';
import type {Snapshot, SnapshotRequest, Workload} from '../../../../src/k8s/snapshot.js';
import {toWorkload} from '../../../../src/source/workloads.js';
import {podWorkload} from '../../../support/pod.js';

const ROOT = join(import.meta.dirname, '..', '..', '..', '..');

const pod = (name: string) => podWorkload({name, namespace: 'a', spec: {containers: []}});
const tmpl = (name: string) =>
  toWorkload({apiVersion: 'apps/v1', kind: 'Deployment', metadata: {name, namespace: 'a'}, spec: {template: {spec: {containers: []}}}}, 'a')!;

/** A source over fixed workloads that counts how often it is read. */
function fakeSource(workloads: Workload[]): DoctorSource & {requests: SnapshotRequest[]; passes: number} {
  const src = {
    requests: [] as SnapshotRequest[],
    passes: 0,
    capabilities: () => ({mode: 'manifests' as const}),
    async snapshot(req: SnapshotRequest): Promise<Snapshot> {
      src.requests.push(req);
      return {
        source: {type: 'manifests', files: ['x.yaml']},
        objects: Object.fromEntries((req.kinds ?? []).map((k) => [k, []])),
        skipped: [{check: 'read/roles', reason: 'forbidden: cannot list roles'}],
        async *workloads() {
          src.passes++;
          yield* workloads;
        },
      };
    },
  };
  return src;
}

/** A check of the analysis a recorder stands in for: doctor's rows count a finding by its check's analysis. */
const CHECK_OF: Record<string, CheckId> = {qos: 'qos/windows-besteffort', lint: 'lint/memory-emptydir', psp: 'psp/windows-missing-os'};

/** An analysis that records what it visits and reports one finding per visit. */
function recorder(name: string, req: SnapshotRequest, fail?: 'begin' | 'visit' | 'finish' | 'cluster'): Analysis<string, unknown> & {seen: string[]} {
  const a = {
    name,
    reportKind: `${name}Report`,
    seen: [] as string[],
    request: () => req,
    primary: () => streamedKinds(req),
    begin(snapshot: Snapshot) {
      if (fail === 'begin') throw new Error('cannot begin');
      snapshot.objects.nodes = [{kind: 'Node', metadata: {name: `${name}-only`}}];
      return {
        visit(w: Workload) {
          if (fail === 'visit') throw new Error('bad object');
          if (fail === 'cluster') throw new ClusterError('error: cannot reach the cluster');
          a.seen.push(`${w.kind}/${w.name}`);
        },
        finish() {
          if (fail === 'finish') throw new Error('cannot finish');
          const findings: Finding[] = a.seen.map((s) => finding(CHECK_OF[name] ?? 'nodes/not-ready', {message: s}));
          return makeReport(`${name}Report`, snapshot.source, a.seen, findings, [{check: `${name}/x`, reason: 'offline'}]);
        },
      };
    },
  };
  return a;
}

const entries = (...as: Analysis<string, unknown>[]): DoctorEntry[] => as.map((analysis) => ({analysis, options: () => ({})}) as unknown as DoctorEntry);

describe('analyses/doctor', () => {
  it('reads the union of the requests once, each kind once', () => {
    assert.deepEqual(unionRequest([{kinds: ['nodes', 'limitranges'], pods: true}, {kinds: ['nodes', 'namespaces'], workloads: true}, {kinds: []}]), {
      kinds: ['nodes', 'limitranges', 'namespaces'],
      pods: true,
      workloads: true,
    });
  });

  it('streams the workloads once and gives each analysis only what it asked for', async () => {
    const src = fakeSource([pod('p1'), tmpl('d1'), pod('p2')]);
    const podsOnly = recorder('qos', {kinds: ['nodes'], pods: true});
    const both = recorder('lint', {kinds: ['namespaces'], pods: true, workloads: true});
    const templatesOnly = recorder('psp', {workloads: true});
    const report = await runDoctor(src, entries(podsOnly, both, templatesOnly), () => ({}));
    assert.equal(src.requests.length, 1);
    assert.equal(src.passes, 1);
    assert.deepEqual(src.requests[0], {kinds: ['nodes', 'namespaces'], pods: true, workloads: true});
    assert.deepEqual(podsOnly.seen, ['Pod/p1', 'Pod/p2']);
    assert.deepEqual(both.seen, ['Pod/p1', 'Deployment/d1', 'Pod/p2']);
    assert.deepEqual(templatesOnly.seen, ['Deployment/d1']);
    assert.equal(report.kind, 'DoctorReport');
    assert.deepEqual(
      report.items.map((i) => [i.analysis, i.status, i.items, i.summary.warning]),
      [
        ['qos', 'ran', 2, 2],
        ['lint', 'ran', 3, 3],
        ['psp', 'ran', 1, 1],
      ],
    );
    assert.equal(report.findings.length, 6);
    assert.deepEqual(report.summary, {error: 0, warning: 6, info: 0});
    // skipped merged, each once, with the snapshot's own
    assert.deepEqual(report.skipped.map((s) => s.check).sort(), ['lint/x', 'psp/x', 'qos/x', 'read/roles']);
  });

  it('an analysis whose primary read failed is incomplete; one that only needed it for detail still ran', async () => {
    const src = fakeSource([tmpl('d1')]);
    const original = src.snapshot.bind(src);
    src.snapshot = async (req) => {
      const snap = await original(req);
      snap.namespace = 'a';
      snap.skipped.push({check: 'read/pods', reason: 'partial: the list ended before its last page'});
      return snap;
    };
    const perPod = recorder('lint', {pods: true, workloads: true});
    const nodeCounts = {...recorder('nodes', {kinds: ['nodes'], pods: true}), primary: () => ['nodes' as const]};
    const report = await runDoctor(src, entries(perPod, nodeCounts), () => ({}));
    assert.deepEqual(
      report.items.map((i) => [i.analysis, i.status, i.unread]),
      [
        ['lint', 'incomplete', ['pods']],
        ['nodes', 'ran', undefined],
      ],
    );
    const pods = report.reads.find((r) => r.resource === 'pods')!;
    assert.deepEqual(pods, {
      resource: 'pods',
      namespace: 'a',
      primary: true,
      complete: false,
      reason: 'partial: the list ended before its last page',
      rule: 'list pods in namespace a',
    });
    assert.deepEqual(
      report.reads.find((r) => r.resource === 'deployments.apps'),
      {resource: 'deployments.apps', namespace: 'a', primary: true, complete: true, count: 1},
    );
    assert.deepEqual(
      report.reads.find((r) => r.resource === 'nodes'),
      {resource: 'nodes', primary: true, complete: true, count: 0},
    );
    const text = renderText(doctorView(report, false), false);
    assert.match(text, /^lint\s+incomplete \(1 not read\)/m);
    assert.match(text, /^NOT CHECKED pods in namespace a: partial: the list ended before its last page; needs RBAC: list pods in namespace a$/m);
    assert.match(text, /^INCOMPLETE: 2 analyses checked: /m);
  });

  it("keeps one analysis's changes to the snapshot out of the others' view", async () => {
    const src = fakeSource([]);
    const seenNodes: string[][] = [];
    const spy = {
      name: 'spy',
      reportKind: 'SpyReport',
      request: () => ({kinds: ['nodes' as const]}),
      primary: () => [],
      begin(s: Snapshot) {
        seenNodes.push((s.objects.nodes ?? []).map((n) => n.metadata!.name!));
        return {visit() {}, finish: () => makeReport('SpyReport', s.source, [], [])};
      },
    };
    await runDoctor(src, entries(recorder('a', {kinds: ['nodes']}), spy as never), () => ({}));
    assert.deepEqual(seenNodes, [[]]);
  });

  it('counts the items an analysis hands over during the pass with those it reports at the end, and keeps none', async () => {
    const pods = Array.from({length: 150}, (_, i) => pod(`p${i}`));
    let held = 0;
    let maxHeld = 0;
    const handing = {
      name: 'handing',
      reportKind: 'HandingReport',
      request: () => ({pods: true}),
      primary: () => [],
      begin(s: Snapshot) {
        return {
          visit() {
            maxHeld = Math.max(maxHeld, ++held);
          },
          takeItems() {
            const taken = Array.from({length: held}, () => 'item');
            held = 0;
            return taken;
          },
          finish: () =>
            makeReport(
              'HandingReport',
              s.source,
              Array.from({length: held}, () => 'item'),
              [],
            ),
        };
      },
    };
    for (const run of [runDoctor, async (...a: Parameters<typeof runDoctor>) => (await runDoctorDigest(...a))!.report]) {
      held = maxHeld = 0;
      const report = await run(fakeSource(pods), entries(handing as never), () => ({}));
      assert.equal(report.items.find((i) => i.analysis === 'handing')!.items, 150);
      // Taken every 64 visits: never all 150 at once.
      assert.equal(maxHeld, 64);
    }
  });

  for (const where of ['begin', 'visit', 'finish'] as const) {
    it(`degrades when an analysis fails in ${where}: skipped with the reason, the others run`, async () => {
      const good = recorder('good', {pods: true});
      const bad = recorder('bad', {pods: true}, where);
      const report = await runDoctor(fakeSource([pod('p1')]), entries(bad, good), () => ({}));
      assert.deepEqual(good.seen, ['Pod/p1']);
      const item = report.items.find((i) => i.analysis === 'bad')!;
      assert.equal(item.status, 'failed');
      assert.match(item.error!, where === 'visit' ? /bad object \(at Pod a\/p1\)/ : /cannot (begin|finish)/);
      assert.ok(report.skipped.some((s) => s.check === 'bad' && /the bad analysis failed/.test(s.reason)));
      assert.equal(report.items.find((i) => i.analysis === 'good')!.status, 'ran');
      assert.equal(report.summary.warning, 1);
    });
  }

  it("attributes a snapshot's read/<kind> skips only to the analyses that asked for that kind", async () => {
    // A source that could not read podsecuritypolicies nor roles up front, and fails on pods while streaming.
    const skipped = [
      {check: 'read/podsecuritypolicies', reason: 'API not served: podsecuritypolicies'},
      {check: 'read/roles', reason: 'forbidden: cannot list roles'},
      {check: 'offline', reason: 'no cluster'},
    ];
    const src: DoctorSource = {
      capabilities: () => ({mode: 'manifests' as const}),
      async snapshot() {
        const snap: Snapshot = {
          source: {type: 'manifests', files: ['x.yaml']},
          objects: {},
          skipped: [...skipped],
          async *workloads() {
            yield tmpl('d1');
            snap.skipped.push({check: 'read/pods', reason: 'forbidden: cannot list pods'});
          },
        };
        return snap;
      },
    };
    // Like the real analyses: the report carries the snapshot's skipped list as it is at finish.
    const echo = (name: string, req: SnapshotRequest) => ({
      name,
      reportKind: `${name}Report`,
      request: () => req,
      primary: () => streamedKinds(req),
      begin: (s: Snapshot) => ({visit() {}, finish: () => makeReport(`${name}Report`, s.source, [], [], [...s.skipped])}),
    });
    const report = await runDoctor(
      src,
      entries(
        echo('psp', {kinds: ['podsecuritypolicies', 'namespaces'], pods: true}) as never,
        echo('gmsa', {kinds: ['roles'], workloads: true}) as never,
        echo('nodes', {kinds: ['nodes']}) as never,
        echo('qos', {pods: true}) as never,
        echo('lint', {workloads: true, kinds: ['deployments']}) as never,
      ),
      () => ({}),
    );
    const of = (name: string) => report.items.find((i) => i.analysis === name)!.skipped.map((s) => s.check);
    // (failed reads first, by check: makeReport's stable order)
    assert.deepEqual(of('psp'), ['read/pods', 'read/podsecuritypolicies', 'offline']);
    assert.deepEqual(of('gmsa'), ['read/roles', 'offline']);
    assert.deepEqual(of('nodes'), ['offline']);
    assert.deepEqual(of('qos'), ['read/pods', 'offline']);
    assert.deepEqual(of('lint'), ['offline']);
    // The top-level list stays complete, each entry once.
    assert.deepEqual(report.skipped.map((s) => s.check).sort(), ['offline', 'read/pods', 'read/podsecuritypolicies', 'read/roles']);
    // and the text view no longer shows a skip on every analysis
    assert.match(renderText(doctorView(report, false), false), /^nodes\s+ran\s+0\s+0\s+0\s+0\s+1$/m);
  });

  it('concerns: read/<kind> by the request, workload kinds through the template stream', () => {
    assert.equal(concerns({kinds: ['nodes']}, {check: 'read/nodes', reason: ''}), true);
    assert.equal(concerns({kinds: ['nodes']}, {check: 'read/podsecuritypolicies', reason: ''}), false);
    assert.equal(concerns({workloads: true}, {check: 'read/cronjobs', reason: ''}), true);
    assert.equal(concerns({pods: true}, {check: 'read/cronjobs', reason: ''}), false);
    assert.equal(concerns({pods: true}, {check: 'read/pods', reason: ''}), true);
    assert.equal(concerns({workloads: true}, {check: 'read/pods', reason: ''}), false);
    assert.equal(concerns({}, {check: 'gmsa/webhook', reason: ''}), true);
  });

  it('stops on a cluster error (exit 3), not a skip', async () => {
    await assert.rejects(
      runDoctor(fakeSource([pod('p')]), entries(recorder('x', {pods: true}, 'cluster')), () => ({})),
      ClusterError,
    );
  });

  it('groups findings by severity and check, most severe and frequent first', () => {
    const f = (id: CheckId): Finding => finding(id, {message: id});
    const groups = groupFindings([f('lint/host-network'), f('lint/undecodable'), f('lint/privileged'), f('lint/privileged'), f('psp/can-tighten')]);
    assert.deepEqual(
      groups.map((g) => [g.severity, g.id, g.count]),
      [
        ['error', 'lint/undecodable', 1],
        ['warning', 'lint/privileged', 2],
        ['warning', 'lint/host-network', 1],
        ['info', 'psp/can-tighten', 1],
      ],
    );
  });

  it('registers every read-only analysis once', () => {
    assert.deepEqual(DOCTOR_ANALYSES.map((e) => e.analysis.name).sort(), ['gmsa', 'lint', 'nodes', 'psp', 'qos', 'why']);
  });

  it('on the examples, finds exactly what each analysis finds on its own, a rule two analyses share once', async function () {
    this.timeout(30_000);
    const files = [join(ROOT, 'examples')];
    const ctx: DoctorContext = {offline: true};
    const doctor = await runDoctor(new ManifestSource({filenames: files, recursive: true, allNamespaces: true}), DOCTOR_ANALYSES, (e) => e.options(ctx));
    const key = (f: Finding) => `${f.id}|${f.object?.kind}|${f.object?.namespace}|${f.object?.name}|${f.field}|${f.message}`;
    const expected: string[] = [];
    const aloneByAnalysis = new Map<string, Finding[]>();
    for (const e of DOCTOR_ANALYSES) {
      const source = new ManifestSource({filenames: files, recursive: true, allNamespaces: true});
      const options = e.options(ctx);
      const snapshot = await source.snapshot(e.analysis.request(options));
      const alone = await runAnalysis(e.analysis, snapshot, options, source.capabilities());
      expected.push(...alone.findings.map(key));
      aloneByAnalysis.set(e.analysis.name, alone.findings);
      const item = doctor.items.find((i) => i.analysis === e.analysis.name)!;
      assert.equal(item.status, 'ran', item.error);
      assert.equal(item.items, alone.itemCount ?? alone.items.length, e.analysis.name);
    }
    assert.ok(expected.length > 20, `the examples should produce findings (${expected.length})`);
    // Less the second of each pair that reports one rule on one field or object (SAME_RULE).
    const place = (k: string, on: 'field' | 'object') =>
      k
        .split('|')
        .slice(1, on === 'field' ? 5 : 4)
        .join('|');
    const repeats = expected.filter((k) =>
      SAME_RULE.some(([kept, dropped, on]) => k.startsWith(`${dropped}|`) && expected.some((o) => o.startsWith(`${kept}|`) && place(o, on) === place(k, on))),
    );
    assert.ok(repeats.length > 0, 'the examples should have a finding that two analyses both report');
    assert.deepEqual(doctor.findings.map(key).sort(), expected.filter((k) => !repeats.includes(k)).sort());
    // Each row counts its analysis's findings as the report lists them (less the repeats), so the rows add up to the summary.
    for (const [name, alone] of aloneByAnalysis) {
      const item = doctor.items.find((i) => i.analysis === name)!;
      assert.deepEqual(item.summary, summarize(alone.filter((f) => !repeats.includes(key(f)))), name);
    }
    const total = doctor.items.reduce((t, i) => ({error: t.error + i.summary.error, warning: t.warning + i.summary.warning, info: t.info + i.summary.info}), {
      error: 0,
      warning: 0,
      info: 0,
    });
    assert.deepEqual(total, doctor.summary);
    const text = renderText(doctorView(doctor, false), false);
    assert.match(text, /^Findings by severity and check/m);
    assert.match(text, /^ANALYSIS\s+STATUS\s+OBJECTS/m);
    assert.match(text, /6 analyses checked: \d+ errors?, \d+ warnings?, \d+ info/);
  });
});

describe('runDoctorDigest (the text summary without every finding)', () => {
  const ctx: DoctorContext = {offline: true};
  const examples = () => new ManifestSource({filenames: [join(ROOT, 'examples')], recursive: true, allNamespaces: true});

  it('on the examples, prints what the full report prints, byte for byte, and counts what it counts', async function () {
    this.timeout(30_000);
    const full = await runDoctor(examples(), DOCTOR_ANALYSES, (e) => e.options(ctx));
    const run = await runDoctorDigest(examples(), DOCTOR_ANALYSES, (e) => e.options(ctx));
    assert.ok(run, 'the examples carry no ignore annotation');
    assert.ok(full.findings.length > 20, 'the examples should have findings');
    assert.equal(run.report.findings.length, 0);
    assert.equal(run.digest.findings, full.findings.length);
    assert.deepEqual(run.report.summary, full.summary);
    assert.deepEqual(run.report.items, full.items);
    assert.equal(renderText(doctorView(run.report, false, run.digest), false), renderText(doctorView(full, false), false));
  });

  it('gives way to the full run when an object it read has an ignore annotation (suppressions judge every finding)', async () => {
    const annotated = podWorkload({name: 'p', namespace: 'a', metadata: {annotations: {'kubectl-win.io/ignore': 'lint/*'}}, spec: {containers: []}});
    assert.equal(await runDoctorDigest(fakeSource([annotated]), DOCTOR_ANALYSES, (e) => e.options(ctx)), undefined);
    assert.ok(await runDoctorDigest(fakeSource([pod('q')]), DOCTOR_ANALYSES, (e) => e.options(ctx)));
  });
});
