import assert from 'node:assert/strict';
import {lintAnalysis, resolveLintMinor, type LintItem} from '../../../../src/analyses/lint/analysis.js';
import {lintView} from '../../../../src/analyses/lint/view.js';
import {runAnalysis} from '../../../../src/analyses/types.js';
import type {KubeObject} from '../../../../src/k8s/object.js';
import type {Snapshot, Workload} from '../../../../src/k8s/snapshot.js';
import {toWorkload} from '../../../../src/source/workloads.js';
import {renderText} from '../../../../src/render/text.js';
import {deployment, NODES, pod, winSpec} from './helpers.js';

function snapshot(ws: Workload[], nodes?: unknown[]): Snapshot {
  return {
    source: {type: 'manifests', files: ['x.yaml']},
    objects: nodes ? {nodes: nodes as never} : {},
    skipped: [],
    async *workloads() {
      yield* ws;
    },
  };
}

describe('lintAnalysis', () => {
  it('asks for pods (without their status), workloads and nodes (unless given --nodes)', () => {
    assert.deepEqual(lintAnalysis.request({}), {kinds: ['nodes', 'runtimeclasses'], pods: true, workloads: true, names: undefined, podStatusUnread: true});
    assert.deepEqual(lintAnalysis.request({nodes: [], names: ['p']}).kinds, ['runtimeclasses']);
  });

  it('offline without --nodes: node checks are skipped, not passed', async () => {
    const spec = winSpec();
    delete spec.tolerations;
    const r = await runAnalysis(lintAnalysis, snapshot([pod(spec)]), {}, {mode: 'manifests'});
    assert.deepEqual(r.skipped.map((s) => s.check).sort(), [
      'lint/hostprocess-node-unsupported',
      'lint/image-os-version-mismatch',
      'lint/linux-workload-on-windows-nodes',
      'lint/windows-toleration-missing',
    ]);
    assert.match(r.skipped[0].reason, /--nodes/);
    assert.equal(r.findings.length, 0);
  });

  it('with --nodes: node checks run; items carry the contract fields', async () => {
    const bad = winSpec({securityContext: {windowsOptions: {runAsUserName: ''}}});
    const spec = winSpec();
    delete spec.tolerations;
    // offline with no --k8s-version: the newest minor's rules
    const r = await runAnalysis(lintAnalysis, snapshot([pod(bad, 'bad'), pod(spec, 'untolerated')]), {nodes: NODES}, {mode: 'manifests'});
    assert.equal(r.kind, 'LintReport');
    assert.deepEqual(r.skipped, []);
    assert.deepEqual(r.items, [
      {kind: 'Pod', namespace: 'ns', name: 'bad', valid: false, os: 'windows', errors: 1, warnings: 0, version: 'v1.37'},
      {kind: 'Pod', namespace: 'ns', name: 'untolerated', valid: true, os: 'windows', errors: 0, warnings: 1, version: 'v1.37'},
    ] satisfies LintItem[]);
    assert.deepEqual(r.summary, {error: 1, warning: 1, info: 0});
  });

  it('offline: Node manifests among the -f files count as the inventory', async () => {
    const spec = winSpec();
    delete spec.tolerations;
    const r = await runAnalysis(lintAnalysis, snapshot([pod(spec)], NODES), {}, {mode: 'manifests'});
    assert.deepEqual(r.skipped, []);
    assert.deepEqual(
      r.findings.map((f) => f.id),
      ['lint/windows-toleration-missing'],
    );
  });

  it('live: reads nodes from the snapshot', async () => {
    const spec = winSpec();
    delete spec.tolerations;
    const r = await runAnalysis(lintAnalysis, snapshot([pod(spec)], NODES), {}, {mode: 'cluster'});
    assert.deepEqual(
      r.findings.map((f) => f.id),
      ['lint/windows-toleration-missing'],
    );
  });

  it("live with the server's own rules, a gated field an object still has was kept there: not said to be dropped", async () => {
    // lifecycle.stopSignal: the ContainerStopSignals gate, alpha and off by default at every minor.
    const spec = winSpec({}, {lifecycle: {stopSignal: 'SIGTERM'}});
    const fromFile = toWorkload({apiVersion: 'v1', kind: 'Pod', metadata: {name: 'f', namespace: 'ns'}, spec} as KubeObject, 'ns', {file: 'f.yaml', line: 1})!;
    const dropped = async (w: Workload, mode: 'cluster' | 'manifests', minor?: number) => {
      const live = {...snapshot([w], NODES), serverVersion: {gitVersion: 'v1.34.3', major: 1, minor: 34}};
      const r = await runAnalysis(lintAnalysis, live, {minor}, {mode});
      return r.findings.filter((f) => f.id === 'lint/field-dropped').map((f) => f.field);
    };
    const field = 'spec.containers[0].lifecycle.stopSignal';
    assert.deepEqual(await dropped(pod(spec), 'cluster'), []);
    assert.deepEqual(await dropped(pod(spec), 'cluster', 34), []);
    assert.deepEqual(await dropped(deployment(spec), 'cluster'), []);
    // Another minor's rules: what that minor would do with it.
    assert.deepEqual(await dropped(pod(spec), 'cluster', 35), [field]);
    // A manifest: the apiserver it is sent to drops it, its gate off by default.
    assert.deepEqual(await dropped(fromFile, 'manifests'), [field]);
    assert.deepEqual(await dropped(fromFile, 'manifests', 34), [field]);
  });

  it('view: a table row per item and the findings', async () => {
    const r = await runAnalysis(lintAnalysis, snapshot([pod(winSpec({os: {name: 'Windows'}}))]), {nodes: NODES}, {mode: 'manifests'});
    const text = renderText(lintView(r, false), false);
    assert.match(text, /KIND\s+NAMESPACE\s+NAME\s+OS\s+VALID\s+ERRORS\s+WARNINGS/);
    assert.match(text, /Pod\s+ns\s+p\s+windows\s+no\s+1\s+0/);
    assert.match(text, /spec\.os: Unsupported value: "Windows": supported values: "linux", "windows"/);
  });

  it("the minor: --k8s-version, else the server's (nearest known), else the newest offline", () => {
    assert.equal(resolveLintMinor(undefined, undefined), 37);
    assert.equal(resolveLintMinor(34, undefined), 34);
    assert.equal(resolveLintMinor(undefined, 35), 35);
    assert.equal(resolveLintMinor(36, 37), 36);
    assert.equal(resolveLintMinor(undefined, 30), 34);
    assert.equal(resolveLintMinor(undefined, 40), 37);
  });

  it('--k8s-version changes the errors: one "Limit must be set" per resources block from v1.37, one per request before', async () => {
    const spec = winSpec({}, {resources: {requests: {'example.com/gpu': '1', 'hugepages-2Mi': '2Mi', memory: '1Gi'}}});
    const limitErrors = async (minor?: number) => {
      // read from a file, not from the apiserver: the resource rules are checked (src/source/workloads.ts)
      const w = toWorkload({apiVersion: 'v1', kind: 'Pod', metadata: {name: 'p', namespace: 'ns'}, spec} as KubeObject, 'ns', {file: 'p.yaml', line: 1})!;
      const r = await runAnalysis(lintAnalysis, snapshot([w]), {nodes: NODES, minor}, {mode: 'manifests'});
      return {version: r.items[0].version, n: r.findings.filter((f) => f.message.includes('Limit must be set')).length};
    };
    assert.deepEqual(await limitErrors(), {version: 'v1.37', n: 1});
    assert.deepEqual(await limitErrors(36), {version: 'v1.36', n: 2});
    assert.deepEqual(await limitErrors(34), {version: 'v1.34', n: 2});
  });
});
