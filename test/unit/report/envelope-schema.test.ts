// The versioned JSON Schema of the envelope (docs/schema/kubectl-win-v1.json): every analysis's
// report over the offline examples validates, and the validator itself rejects what it must.
import {upgradeAnalysis} from '../../../src/analyses/upgrade/analysis.js';
import assert from 'node:assert/strict';
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {dirname, join} from 'node:path';
import {DOCTOR_ANALYSES, type DoctorContext} from '../../../src/analyses/doctor/registry.js';
import {runDoctor} from '../../../src/analyses/doctor/run.js';
import {probe} from '../../../src/analyses/nltest/probe.js';
import {nltestReport} from '../../../src/analyses/nltest/report.js';
import {rbacReport} from '../../../src/analyses/rbac/role.js';
import {runAnalysis} from '../../../src/analyses/types.js';
import {makeReport} from '../../../src/report/build.js';
import {ManifestSource} from '../../../src/source/manifest-source.js';
import {envelopeErrors} from '../../support/envelope-schema.js';
import {SchemaValidator} from '../../support/json-schema.js';

const EXAMPLES = join(import.meta.dirname, '..', '..', '..', 'examples');
// The examples hold no Node: one Windows node (as kubectl get node -o yaml prints it) for NodesReport.
const NODE = `apiVersion: v1
kind: Node
metadata:
  name: akswin000000
  labels: {kubernetes.io/os: windows, node.kubernetes.io/windows-build: 10.0.20348}
spec:
  taints: [{key: os, value: windows, effect: NoSchedule}]
status:
  capacity: {cpu: "4", memory: 16Gi, pods: "30"}
  allocatable: {cpu: 3860m, memory: 12Gi, pods: "30"}
  conditions: [{type: Ready, status: "True"}]
  nodeInfo: {operatingSystem: windows, kernelVersion: 10.0.20348.2227, osImage: Windows Server 2022 Datacenter, kubeletVersion: v1.34.3, containerRuntimeVersion: containerd://1.7.20, architecture: amd64}
---
# The examples hold no pod that fails either: one, with its Warning event, for WhyReport.
apiVersion: v1
kind: Pod
metadata: {name: iis-crash, namespace: web}
spec:
  os: {name: windows}
  nodeSelector: {kubernetes.io/os: windows}
  nodeName: akswin000000
  containers: [{name: iis, image: mcr.microsoft.com/windows/servercore/iis:windowsservercore-ltsc2022}]
status:
  phase: Running
  conditions: [{type: Ready, status: "False"}]
  containerStatuses: [{name: iis, ready: false, restartCount: 4, image: iis, imageID: "", state: {waiting: {reason: CrashLoopBackOff}}, lastState: {terminated: {exitCode: -1073741515, reason: Error}}}]
---
apiVersion: v1
kind: Event
metadata: {name: iis-crash.1, namespace: web}
involvedObject: {kind: Pod, namespace: web, name: iis-crash}
type: Warning
reason: BackOff
message: Back-off restarting failed container iis in pod iis-crash_web
count: 9
`;
let nodeFile = '';
const offline = () => new ManifestSource({filenames: [EXAMPLES, nodeFile], recursive: true, allNamespaces: true});
const ctx: DoctorContext = {offline: true};
const asJson = (v: unknown) => JSON.parse(JSON.stringify(v));

describe('report/envelope schema (kubectl-win/v1)', () => {
  before(() => {
    nodeFile = join(mkdtempSync(join(tmpdir(), 'kubectl-win-schema-')), 'nodes.yaml');
    writeFileSync(nodeFile, NODE);
  });
  after(() => rmSync(dirname(nodeFile), {recursive: true, force: true}));

  for (const entry of DOCTOR_ANALYSES) {
    it(`${entry.analysis.reportKind} over the examples validates`, async () => {
      const source = offline();
      // The command's options: every item kept (doctor only counts QoS items).
      const options = {...(entry.options(ctx) as object), countItemsOnly: false};
      const snapshot = await source.snapshot(entry.analysis.request(options));
      const report = asJson(await runAnalysis(entry.analysis, snapshot, options, source.capabilities()));
      assert.ok(report.items.length > 0, 'the examples give items to validate');
      assert.deepEqual(envelopeErrors(report), []);
    });
  }

  it('DoctorReport over the examples validates', async () => {
    const report = asJson(await runDoctor(offline(), DOCTOR_ANALYSES, (e) => e.options(ctx)));
    assert.deepEqual(envelopeErrors(report), []);
  });

  it('UpgradePlanReport over the examples validates', async () => {
    const source = offline();
    const options = {target: 26100};
    const report = asJson(await runAnalysis(upgradeAnalysis, await source.snapshot(upgradeAnalysis.request(options)), options, source.capabilities()));
    assert.ok(report.items.some((i: {type: string}) => i.type === 'pool') && report.items.some((i: {type: string}) => i.type === 'workload'));
    assert.ok(report.findings.some((f: {id: string}) => f.id === 'upgrade/image-incompatible'));
    assert.deepEqual(envelopeErrors(report), []);
  });

  it('NltestReport validates', async () => {
    const exec = async () => ({stdout: 'contoso.com. (1)\r\nThe command completed successfully\r\n', stderr: '', exitCode: 0, timedOut: false});
    const item = await probe(
      {namespace: 'web', name: 'iis-0', container: 'iis', credentialSpec: 'cs', inlined: true, domain: 'contoso.com', domainSource: 'inlined'},
      exec,
      {reset: false, timeoutMs: 1000},
    );
    const report = asJson(nltestReport({type: 'cluster', context: 'c', server: 'https://127.0.0.1:6443'}, [item]));
    assert.deepEqual(envelopeErrors(report), []);
  });

  it('NodeLogsReport validates, every status', async () => {
    const {logsReport} = await import('../../../src/analyses/logs/report.js');
    const statuses = [
      'ok',
      'no-entries',
      'forbidden',
      'handler-disabled',
      'query-disabled',
      'no-answer',
      'query-refused',
      'proxy-failed',
      'channel-unreachable',
      'file-with-options',
      'log-not-found',
    ] as const;
    const items = statuses.map((status, i) => ({
      node: `win-${i}`,
      status,
      lines: status === 'ok' ? ['a line'] : [],
      ...(status === 'ok' ? {} : {message: status}),
    }));
    const report = asJson(logsReport({type: 'cluster', context: 'c', server: 'https://127.0.0.1:6443'}, items, {kubeletVersions: new Map()}));
    assert.deepEqual(envelopeErrors(report), []);
    assert.ok(envelopeErrors({...(report as object), items: [{node: 'n', status: 'fine', lines: []}]}).length > 0, 'an unknown status is refused');
  });

  it('RBACReport (kubectl win rbac, no source) validates', () => {
    for (const optional of [false, true]) assert.deepEqual(envelopeErrors(asJson(rbacReport({optional}))), []);
  });

  it('rejects an envelope without reads, an item without its required fields, a renamed field, a bad severity', () => {
    const base = asJson(
      makeReport(
        'LintReport',
        {type: 'manifests', files: ['a.yaml']},
        [{kind: 'Pod', namespace: 'a', name: 'p', valid: true}],
        [{id: 'lint/windows-forbidden-field', severity: 'error', message: 'm'}],
      ),
    );
    assert.deepEqual(envelopeErrors(base), []);
    const {reads: _r, ...noReads} = base;
    assert.match(envelopeErrors(noReads).join('\n'), /missing required field "reads"/);
    assert.match(envelopeErrors({...base, items: [{kind: 'Pod', namespace: 'a', name: 'p'}]}).join('\n'), /\$\.items\[0\]: missing required field "valid"/);
    assert.match(envelopeErrors({...base, summary: {errors: 0, warning: 0, info: 0}}).join('\n'), /summary\.errors: not allowed/);
    assert.match(envelopeErrors({...base, findings: [{id: 'lint/x', severity: 'fatal', message: 'm'}]}).join('\n'), /severity: "fatal" is not one of/);
    assert.match(envelopeErrors({...base, kind: 'QoSReport'}).join('\n'), /missing required field "qosClass"/, 'items are checked by the report kind');
  });

  it('the validator refuses a keyword it does not implement', () => {
    assert.throws(() => new SchemaValidator({type: 'string', maxLength: 3}).validate('abcd'), /unsupported keyword maxLength/);
    const v = new SchemaValidator({oneOf: [{type: 'string'}, {type: ['integer', 'null']}]});
    assert.deepEqual(v.validate(null), []);
    assert.equal(v.validate(1.5).length, 1);
  });
});
