// Issue 22, the two last pieces, on the real control plane and offline:
// - live `qos` reads pods only, yet a Deployment's ignore annotation suppresses its pods' findings:
//   the owners' metadata is read with metadata-only lists, one per owner kind the pods name; a user
//   who may list pods but not Deployments gets exit 4 when, and only when, a finding depends on it;
// - doctor's per-analysis rows count what the report lists (suppressed apart) and add up to its summary.
import assert from 'node:assert/strict';
import {mkdtempSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {controlPlane, type ControlPlane} from '../../harness/index.js';
import {runCli, type CliResult} from './cli.js';
import {waitForPods} from './live.js';
import type {Report, Summary} from '../../src/report/types.js';
import type {DoctorItem} from '../../src/analyses/doctor/run.js';
import {envelopeErrors} from '../support/envelope-schema.js';

const NS = `suppress-owners-${Date.now() % 100000}`;
const IGNORE = {'kubectl-win.io/ignore': 'qos/*,lint/*', 'kubectl-win.io/ignore-reason': 'batch pool, sized later'};

/** A Windows pod spec with no resources: BestEffort, qos/windows-besteffort. */
const podSpec = () => ({
  os: {name: 'windows'},
  nodeSelector: {'kubernetes.io/os': 'windows'},
  tolerations: [{key: 'os', operator: 'Equal', value: 'windows', effect: 'NoSchedule'}],
  containers: [{name: 'app', image: 'mcr.microsoft.com/windows/nanoserver:ltsc2022'}],
});
const deployment = (ns: string) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: {name: 'batch', namespace: ns, annotations: IGNORE},
  spec: {replicas: 2, selector: {matchLabels: {app: 'batch'}}, template: {metadata: {labels: {app: 'batch'}}, spec: podSpec()}},
});
const barePod = (ns: string, name: string) => ({apiVersion: 'v1', kind: 'Pod', metadata: {name, namespace: ns}, spec: podSpec()});

function report<T = unknown>(r: CliResult): Report<T> {
  const out = r.json<Report<T>>();
  assert.deepEqual(envelopeErrors(out), [], 'the envelope follows the schema');
  return out;
}

const on = (fs: Array<{id: string; object?: {kind: string; name: string}}>, id: string) =>
  fs
    .filter((f) => f.id === id)
    .map((f) => `${f.object?.kind}/${f.object?.name.replace(/-[a-z0-9]{5,10}-[a-z0-9]{5}$/, '-*')}`)
    .sort();

/** The reads the run needed and did not get (nodes, cluster-scoped, are only detail for qos). */
const missing = (r: Report) => r.reads.filter((x) => x.primary && !x.complete).map((x) => x.resource);

const add = (a: Summary, b: Summary): Summary => ({error: a.error + b.error, warning: a.warning + b.warning, info: a.info + b.info});
const zero: Summary = {error: 0, warning: 0, info: 0};

/** doctor's rows add up to its summary, and their suppressed counts to its suppressed list. */
function assertRowsAgree(out: Report<DoctorItem>): void {
  assert.deepEqual(out.items.map((i) => i.summary).reduce(add, zero), out.summary, 'the rows add up to the summary');
  const bySuppressed = out.items.reduce((n, i) => n + (i.suppressed ?? 0), 0);
  assert.equal(bySuppressed, out.suppressed?.length ?? 0, 'the rows count the suppressed apart');
  for (const i of out.items) {
    const mine = out.findings.filter((f) => f.id.startsWith(`${i.analysis}/`));
    assert.equal(i.summary.warning, mine.filter((f) => f.severity === 'warning').length, `${i.analysis}: warnings as listed`);
    assert.equal(i.summary.error, mine.filter((f) => f.severity === 'error').length, `${i.analysis}: errors as listed`);
  }
}

/** A user with exactly these namespaced list rights in `ns` (a Role and its RoleBinding). */
async function userWith(cp: ControlPlane, ns: string, user: string, rules: string): Promise<string> {
  const kubeconfig = await cp.kubeconfigFor(user);
  await cp.apply(`apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: ${user}, namespace: ${ns}}
rules: ${rules}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: ${user}, namespace: ${ns}}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: ${user}}
subjects: [{apiGroup: rbac.authorization.k8s.io, kind: User, name: ${user}}]
`);
  await cp.rbacSynced(ns);
  return kubeconfig;
}

const POD_READS = `{apiGroups: [''], resources: [pods, limitranges], verbs: [get, list]}`;

describe('suppressions by the top owner, live qos, and doctor rows (e2e)', function () {
  this.timeout(300_000);

  describe('offline', () => {
    it("doctor's per-analysis rows count only what is listed, suppressed apart, in json and text", async () => {
      const dir = mkdtempSync(join(tmpdir(), 'suppress-owners-'));
      writeFileSync(join(dir, 'all.json'), JSON.stringify({apiVersion: 'v1', kind: 'List', items: [deployment('win'), barePod('win', 'bare')]}));
      const r = await runCli(['doctor', '-f', dir, '-o', 'json', '--fail-on', 'warning'], {});
      assert.equal(r.code, 1, `the bare pod still fails: ${r.stderr}`);
      const out = report<DoctorItem>(r);
      assertRowsAgree(out);
      const qos = out.items.find((i) => i.analysis === 'qos')!;
      assert.equal(qos.summary.warning, 1, 'qos: the bare pod only');
      assert.equal(qos.suppressed, 1, "qos: the Deployment's template, suppressed");

      const text = await runCli(['doctor', '-f', dir, '--fail-on', 'warning'], {});
      const header = text.stdout.split('\n').find((l) => /^analysis\s+status\s+objects/i.test(l));
      assert.match(header ?? '', /\bsuppressed\s+skipped$/i, text.stdout);
      const row = text.stdout.split('\n').find((l) => /^qos\s+ran\b/.test(l));
      // analysis, status, objects, errors, warnings, info, suppressed, skipped
      assert.deepEqual(row?.trim().split(/\s+/).slice(3), [String(qos.summary.error), '1', String(qos.summary.info), '1', String(qos.skipped.length)]);
    });
  });

  describe('live', () => {
    let cp: ControlPlane;

    before(async function () {
      this.timeout(600_000);
      cp = await controlPlane();
      await cp.createNamespace(NS);
      assert.ok((await cp.api('POST', `/apis/apps/v1/namespaces/${NS}/deployments`, deployment(NS))).status < 300);
      assert.ok((await cp.api('POST', `/api/v1/namespaces/${NS}/pods`, barePod(NS, 'bare'))).status < 300);
      await waitForPods(cp, NS, 3);
    });

    it("qos: the Deployment's annotation suppresses its pods' findings, read as metadata only, one list per owner kind", async () => {
      const r = await runCli(['qos', '-n', NS, '-o', 'json', '--fail-on', 'warning', '-v', '7'], {kubeconfig: cp.kubeconfig});
      assert.equal(r.code, 1, `the bare pod still fails: ${r.stderr}`);
      const out = report(r);
      assert.deepEqual(on(out.findings, 'qos/windows-besteffort'), ['Pod/bare']);
      const suppressed = (out.suppressed ?? []).filter((f) => f.id === 'qos/windows-besteffort');
      assert.deepEqual(on(suppressed, 'qos/windows-besteffort'), ['Pod/batch-*', 'Pod/batch-*']);
      for (const f of suppressed) assert.deepEqual(f.suppression, {by: 'annotation', reason: 'batch pool, sized later', where: `Deployment/${NS}/batch`});
      assert.ok(out.reads.every((x) => x.complete));

      // The trace (-v 7: each request line, then its headers): the owners' lists, metadata only.
      const lines = r.stderr.split('\n');
      const lists = lines
        .map((l, i) => ({l, i}))
        .filter(({l}) => / GET https:\/\/\S+\/(deployments|replicasets|jobs|statefulsets|daemonsets|cronjobs)\?/.test(l));
      const kinds = lists.map(({l}) => /\/([a-z]+)\?/.exec(l)![1]).sort();
      assert.deepEqual(kinds, ['deployments', 'jobs', 'replicasets'], 'the chain (ReplicaSets, Jobs) and the one owner kind the pods name, once each');
      for (const {l, i} of lists) {
        assert.match(l, new RegExp(`/namespaces/${NS}/`), 'namespace-scoped like the run');
        const accept = lines.slice(i + 1, i + 12).find((h) => /round_trippers\.go\] +Accept: /.test(h));
        assert.match(accept ?? '', /Accept: application\/json;as=PartialObjectMetadataList;g=meta\.k8s\.io;v=v1/, l);
      }
    });

    it('qos POD: a named pod is suppressed by its top owner too', async () => {
      const pods = await cp.api<{items: Array<{metadata: {name: string}}>}>('GET', `/api/v1/namespaces/${NS}/pods?labelSelector=app%3Dbatch`);
      const name = pods.body.items[0].metadata.name;
      const r = await runCli(['qos', name, '-n', NS, '-o', 'json', '--fail-on', 'warning'], {kubeconfig: cp.kubeconfig});
      assert.equal(r.code, 0, `suppressed, so the run passes: ${r.stdout}`);
      const out = report(r);
      assert.deepEqual(out.findings, []);
      assert.equal(out.suppressed?.[0]?.suppression.where, `Deployment/${NS}/batch`);
      const text = await runCli(['qos', name, '-n', NS, '--fail-on', 'warning'], {kubeconfig: cp.kubeconfig});
      assert.equal(text.code, 0);
      assert.match(text.stdout, /^1 suppressed \(1 by annotation\), not counted; -o wide lists them$/m);
    });

    it('a user who may list pods but not Deployments: exit 4 naming the read, only when a finding depends on it', async () => {
      const kc = await userWith(
        cp,
        NS,
        'suppress-owners-no-deployments',
        `[${POD_READS}, {apiGroups: [apps], resources: [replicasets], verbs: [list]}, {apiGroups: [batch], resources: [jobs], verbs: [list]}]`,
      );
      const r = await runCli(['qos', '-n', NS, '-o', 'json', '--fail-on', 'warning'], {kubeconfig: kc});
      assert.equal(r.code, 4, `the Deployment's pods may be suppressed, or not: ${r.stderr}`);
      const out = report(r);
      assert.deepEqual(on(out.findings, 'qos/windows-besteffort'), ['Pod/bare', 'Pod/batch-*', 'Pod/batch-*'], 'not called suppressed');
      const read = out.reads.find((x) => x.resource === 'deployments.apps');
      assert.equal(read?.primary, true);
      assert.equal(read?.complete, false);
      assert.equal(read?.rule, `list deployments.apps in namespace ${NS}`);
      assert.match(read?.reason ?? '', /^forbidden: .*; 2 finding\(s\) on pods of a Deployment may be suppressed by its ignore annotation$/);
      assert.match(r.stderr, new RegExp(`deployments\\.apps in namespace ${NS} not read \\(forbidden`));

      const bare = await runCli(['qos', 'bare', '-n', NS, '-o', 'json', '--fail-on', 'warning'], {kubeconfig: kc});
      assert.equal(bare.code, 1, `a bare pod's finding depends on no owner: ${bare.stderr}`);
      assert.deepEqual(missing(report(bare)), []);

      const config = join(mkdtempSync(join(tmpdir(), 'suppress-owners-')), 'ci.yaml');
      writeFileSync(config, 'apiVersion: kubectl-win.io/v1\nkind: Config\nignore:\n  - checks: ["qos/*"]\n    reason: sized later\n');
      const all = await runCli(['qos', '-n', NS, '-o', 'json', '--fail-on', 'warning', '--config', config], {kubeconfig: kc});
      assert.equal(all.code, 0, `every finding is suppressed by the config whatever the owners say: ${all.stderr}`);
      assert.deepEqual(missing(report(all)), [], 'no read it needed is missing');

      const sarif = await runCli(['qos', '-n', NS, '-o', 'sarif', '--fail-on', 'warning'], {kubeconfig: kc});
      assert.equal(sarif.code, 4, 'in every output format');
    });

    it('a user who may list pods and Deployments but not ReplicaSets: the pod-template-hash name finds the Deployment', async () => {
      const kc = await userWith(cp, NS, 'suppress-owners-no-replicasets', `[${POD_READS}, {apiGroups: [apps], resources: [deployments], verbs: [list]}]`);
      const r = await runCli(['qos', '-n', NS, '-o', 'json', '--fail-on', 'warning'], {kubeconfig: kc});
      assert.equal(r.code, 1, r.stderr);
      const out = report(r);
      assert.deepEqual(on(out.findings, 'qos/windows-besteffort'), ['Pod/bare']);
      assert.deepEqual(on(out.suppressed ?? [], 'qos/windows-besteffort'), ['Pod/batch-*', 'Pod/batch-*']);
    });

    it('doctor and lint with a pod field selector (no templates read): the owners are read as metadata, the same suppressions', async () => {
      for (const cmd of [['doctor', '--analyses', 'qos'], ['lint']]) {
        const r = await runCli([...cmd, '-n', NS, '--field-selector', 'spec.restartPolicy=Always', '-o', 'json', '--fail-on', 'info'], {
          kubeconfig: cp.kubeconfig,
        });
        const out = report(r);
        assert.ok(!out.findings.some((f) => f.object?.kind !== 'Pod'), `${cmd[0]}: pods only, no templates`);
        assert.ok(!out.findings.some((f) => f.object?.name.startsWith('batch-')), `${cmd[0]}: nothing left on the Deployment's pods`);
        assert.ok(
          (out.suppressed ?? []).filter((f) => f.object?.name.startsWith('batch-')).every((f) => f.suppression.where === `Deployment/${NS}/batch`),
          cmd[0],
        );
      }
      const qos = report(
        await runCli(['doctor', '--analyses', 'qos', '-n', NS, '--field-selector', 'spec.restartPolicy=Always', '-o', 'json'], {kubeconfig: cp.kubeconfig}),
      );
      assert.deepEqual(on(qos.suppressed ?? [], 'qos/windows-besteffort'), ['Pod/batch-*', 'Pod/batch-*']);
    });

    it("doctor's rows agree with its summary live, in json and sarif", async () => {
      const r = await runCli(['doctor', '-n', NS, '-o', 'json', '--fail-on', 'warning'], {kubeconfig: cp.kubeconfig});
      const out = report<DoctorItem>(r);
      assertRowsAgree(out);
      assert.ok((out.items.find((i) => i.analysis === 'qos')?.suppressed ?? 0) >= 2, "qos: the Deployment's pods");
      const sarif = JSON.parse((await runCli(['doctor', '-n', NS, '-o', 'sarif', '--fail-on', 'warning'], {kubeconfig: cp.kubeconfig})).stdout);
      const results = sarif.runs[0].results as Array<{level: string; suppressions?: unknown[]}>;
      const counted = results.filter((x) => !x.suppressions);
      assert.equal(counted.filter((x) => x.level === 'warning').length, out.summary.warning, 'SARIF counts what the summary counts');
      assert.equal(results.length - counted.length, out.suppressed?.length ?? 0, 'and lists the suppressed apart');
      assert.deepEqual(sarif.runs[0].properties.summary, out.summary);
    });
  });
});
