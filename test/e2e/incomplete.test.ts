// Issues 15 and 16 on the real control plane: a read the checks need that is refused makes the run
// incomplete (exit 4, the status and the RBAC rule named), never a green (none); a secondary read
// stays a skipped check unless --strict; a complete but empty live scope says kubectl's
// "No resources found"; and every -o json envelope validates against docs/schema/kubectl-win-v1.json.
import assert from 'node:assert/strict';
import {join} from 'node:path';
import {controlPlane, type ControlPlane} from '../../harness/index.js';
import {runCli, type CliResult} from './cli.js';
import type {DoctorItem} from '../../src/analyses/doctor/run.js';
import type {ReadStatus, Report} from '../../src/report/types.js';
import {envelopeErrors} from '../support/envelope-schema.js';

const NS = `incomplete-e2e-${Date.now() % 100000}`;
const EMPTY = `${NS}-empty`;
const EXAMPLES = join(process.cwd(), 'examples');

/** Every command that reads the cluster's objects, with the kind whose refusal makes it incomplete. */
const COMMANDS: ReadonlyArray<{args: string[]; needs: string}> = [
  {args: ['doctor'], needs: 'pods'},
  {args: ['qos', '-A'], needs: 'pods'},
  {args: ['lint', '-A'], needs: 'pods'},
  {args: ['psp', 'readiness', '-A'], needs: 'pods'},
  {args: ['gmsa', 'check', '-A'], needs: 'pods'},
  {args: ['nodes'], needs: 'nodes'},
];

function validJson(r: CliResult): Report {
  const report = r.json<Report>();
  assert.deepEqual(envelopeErrors(report), [], `schema violations of ${report.kind}`);
  return report;
}

const missing = (report: Report): ReadStatus[] => report.reads.filter((r) => r.primary && !r.complete);

describe('incomplete is not a pass (exit 4), read completeness, --strict, empty scopes (live)', function () {
  this.timeout(300_000);
  let cp: ControlPlane;
  let nobody: string;

  before(async function () {
    this.timeout(600_000);
    cp = await controlPlane();
    nobody = await cp.kubeconfigFor('e2e-incomplete-nobody');
    await cp.createNamespace(NS);
    await cp.createNamespace(EMPTY);
    await cp.apply(`apiVersion: v1
kind: Pod
metadata: {name: no-os, namespace: ${NS}}
spec:
  nodeName: ${cp.nodes.win2022}
  nodeSelector: {kubernetes.io/os: windows}
  tolerations: [{key: os, operator: Equal, value: windows, effect: NoSchedule}]
  containers: [{name: iis, image: mcr.microsoft.com/windows/servercore/iis, resources: {limits: {cpu: "64", memory: 1Gi}}}]
`);
  });

  for (const {args, needs} of COMMANDS) {
    it(`${args.join(' ')} as a user who may read nothing: exit 4, not checked, the rule named`, async () => {
      const text = await runCli([...args, '--fail-on', 'none'], {kubeconfig: nobody});
      assert.equal(text.code, 4, `exit ${text.code}\n${text.stdout}\n${text.stderr}`);
      assert.match(text.stdout, new RegExp(`^NOT CHECKED ${needs}: forbidden.*; needs RBAC: list ${needs} at cluster scope$`, 'm'));
      assert.match(text.stdout, /^INCOMPLETE: /m, 'the summary line says so');
      const json = await runCli([...args, '-o', 'json', '--fail-on', 'none'], {kubeconfig: nobody});
      assert.equal(json.code, 4, json.stderr);
      const report = validJson(json);
      assert.equal(report.findings.length, 0);
      const read = missing(report).find((r) => r.resource === needs);
      assert.ok(read, `${needs} is a missing primary read: ${JSON.stringify(report.reads)}`);
      assert.equal(read.rule, `list ${needs} at cluster scope`);
      assert.match(read.reason ?? '', /forbidden/);
      assert.match(json.stderr, new RegExp(`^incomplete: ${needs} not read \\(forbidden.*\\); needs RBAC: list ${needs} at cluster scope$`, 'm'));
      if (report.kind === 'DoctorReport') {
        for (const item of report.items as DoctorItem[]) {
          assert.equal(item.status, 'incomplete', `${item.analysis}: ${item.status}`);
          assert.ok((item.unread ?? []).length > 0);
        }
        assert.match(text.stdout, /^qos\s+incomplete \(\d+ not read\)/m);
      }
    });
  }

  it('in one namespace the rule is the namespaced one', async () => {
    const r = await runCli(['qos', '-n', NS], {kubeconfig: nobody});
    assert.equal(r.code, 4, r.stderr);
    assert.match(r.stdout, new RegExp(`^NOT CHECKED pods in namespace ${NS}: forbidden.*; needs RBAC: list pods in namespace ${NS}$`, 'm'));
    assert.doesNotMatch(r.stderr, /No resources found/, 'not read is not empty');
  });

  it('e2e-limited (no nodes): nodes exits 4; lint and qos still pass their pods but say the node checks did not run', async () => {
    const limited = cp.users.limited.kubeconfig;
    const nodes = await runCli(['nodes', '-o', 'json'], {kubeconfig: limited});
    assert.equal(nodes.code, 4, nodes.stderr);
    assert.deepEqual(
      missing(validJson(nodes)).map((r) => [r.resource, r.rule]),
      [['nodes', 'list nodes at cluster scope']],
    );

    const lint = await runCli(['lint', '-A', '-o', 'json', '--fail-on', 'none'], {kubeconfig: limited});
    assert.equal(lint.code, 0, lint.stderr);
    const lintReport = validJson(lint);
    assert.deepEqual(missing(lintReport), []);
    assert.deepEqual(
      lintReport.reads.find((r) => r.resource === 'nodes'),
      {
        resource: 'nodes',
        primary: false,
        complete: false,
        reason: lintReport.reads.find((r) => r.resource === 'nodes')!.reason,
        rule: 'list nodes at cluster scope',
      },
    );
    for (const check of ['lint/windows-toleration-missing', 'lint/image-os-version-mismatch', 'lint/hostprocess-node-unsupported']) {
      assert.ok(
        lintReport.skipped.some((s) => s.check === check && /nodes could not be read/.test(s.reason)),
        `${check} not listed as not checked`,
      );
      assert.ok(!lintReport.findings.some((f) => f.id === check), `${check} reported as if there were no nodes`);
    }

    const qos = await runCli(['qos', '-A', '-o', 'json', '--fail-on', 'none'], {kubeconfig: limited});
    assert.equal(qos.code, 0, qos.stderr);
    const qosReport = validJson(qos);
    assert.ok(
      qosReport.skipped.some((s) => s.check === 'qos/windows-cpu-limit-above-node' && /nodes could not be read/.test(s.reason)),
      JSON.stringify(qosReport.skipped),
    );
    assert.ok(!qosReport.findings.some((f) => f.id === 'qos/windows-cpu-limit-above-node'));
    // The admin sees the node, and the 64-CPU limit above its CPUs.
    const admin = validJson(await runCli(['qos', '-n', NS, '-o', 'json', '--fail-on', 'none'], {kubeconfig: cp.kubeconfig}));
    assert.ok(
      admin.findings.some((f) => f.id === 'qos/windows-cpu-limit-above-node'),
      'the check the limited user could not run finds something for the admin',
    );
  });

  it('--strict turns a skipped secondary read into exit 4; with nothing skipped it stays green', async () => {
    const limited = await runCli(['lint', '-A', '--strict', '--fail-on', 'none'], {kubeconfig: cp.users.limited.kubeconfig});
    assert.equal(limited.code, 4, limited.stderr);
    assert.match(limited.stdout, /^SKIPPED lint\/windows-toleration-missing: nodes could not be read/m);
    assert.match(limited.stderr, /^incomplete \(--strict\): \d+ checks were skipped: .*lint\/windows-toleration-missing/m);
    const admin = await runCli(['lint', '-n', NS, '--strict', '--fail-on', 'none', '-o', 'json'], {kubeconfig: cp.kubeconfig});
    assert.deepEqual(validJson(admin).skipped, []);
    assert.equal(admin.code, 0, admin.stderr);
    // PodSecurityPolicy is not served by v1.34: nothing of it can exist, so nothing went unchecked.
    const psp = await runCli(['psp', 'readiness', '-n', NS, '--strict', '--fail-on', 'none', '-o', 'json'], {kubeconfig: cp.kubeconfig});
    assert.ok(validJson(psp).skipped.some((k) => k.check === 'psp/policies' && /^API not served/.test(k.reason)));
    assert.equal(psp.code, 0, psp.stderr);
  });

  it('--strict counts offline skips too (no node inventory)', async () => {
    const plain = await runCli(['lint', '-f', join(EXAMPLES, 'lint'), '-R', '--fail-on', 'none']);
    assert.equal(plain.code, 0, plain.stderr);
    const strict = await runCli(['lint', '-f', join(EXAMPLES, 'lint'), '-R', '--fail-on', 'none', '--strict']);
    assert.equal(strict.code, 4, strict.stderr);
    assert.match(strict.stdout, /offline: no node inventory/);
  });

  it("a complete live scope with nothing in it: kubectl's No resources found on stderr, exit 0", async () => {
    for (const args of [['qos'], ['lint'], ['psp', 'readiness'], ['gmsa', 'check'], ['doctor']]) {
      const r = await runCli([...args, '-n', EMPTY], {kubeconfig: cp.kubeconfig});
      assert.equal(r.code, 0, `${args.join(' ')}: ${r.stderr}`);
      assert.equal(r.stderr, `No resources found in ${EMPTY} namespace.\n`, args.join(' '));
    }
    const json = await runCli(['qos', '-n', EMPTY, '-o', 'json'], {kubeconfig: cp.kubeconfig});
    assert.deepEqual(validJson(json).items, []);
    assert.equal(json.stderr, `No resources found in ${EMPTY} namespace.\n`);
    const text = await runCli(['qos', '-n', EMPTY], {kubeconfig: cp.kubeconfig});
    assert.match(text.stdout, /^\(none\)$/m);
    const some = await runCli(['qos', '-n', NS], {kubeconfig: cp.kubeconfig});
    assert.doesNotMatch(some.stderr, /No resources found/);
  });

  it('every command -o json validates against the schema, live and offline', async () => {
    for (const args of [['doctor'], ['qos'], ['lint'], ['gmsa', 'check'], ['psp', 'readiness'], ['nodes', '--all']]) {
      const live = await runCli([...args, '-n', NS, '-o', 'json', '--fail-on', 'none'], {kubeconfig: cp.kubeconfig});
      assert.equal(live.code, 0, `${args.join(' ')}: ${live.stderr}`);
      const report = validJson(live);
      assert.deepEqual(missing(report), [], args.join(' '));
      assert.ok(report.reads.length > 0 && report.reads.every((r) => r.complete || !r.primary));
      const offline = await runCli([...args, '-f', EXAMPLES, '-R', '-o', 'json', '--fail-on', 'none']);
      assert.equal(offline.code, 0, `${args.join(' ')} -f: ${offline.stderr}`);
      validJson(offline);
    }
    const rbac = await runCli(['rbac', '-o', 'json']);
    assert.equal(rbac.code, 0, rbac.stderr);
    assert.equal(validJson(rbac).kind, 'RBACReport');
  });
});
