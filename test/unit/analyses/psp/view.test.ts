import assert from 'node:assert/strict';
import {join} from 'node:path';
import {pspReadinessAnalysis} from '../../../../src/analyses/psp/analysis.js';
import {pspReadinessView} from '../../../../src/analyses/psp/view.js';
import {runAnalysis} from '../../../../src/analyses/types.js';
import {renderText} from '../../../../src/render/text.js';
import {ManifestSource} from '../../../../src/source/manifest-source.js';
import type {KubeObject} from '../../../../src/k8s/object.js';
import type {Snapshot} from '../../../../src/k8s/snapshot.js';
import {toWorkload} from '../../../../src/source/workloads.js';

const ROOT = join(import.meta.dirname, '..', '..', '..', '..');

/** psp readiness on one namespace and one pod in it, as read from a manifest. */
function reportOn(namespace: KubeObject, pod: KubeObject) {
  const snap: Snapshot = {
    source: {type: 'manifests', files: ['x.yaml']},
    objects: {namespaces: [namespace]},
    skipped: [],
    async *workloads() {
      yield toWorkload(pod, 'default')!;
    },
  };
  return runAnalysis(pspReadinessAnalysis, snap, {}, {mode: 'manifests'});
}

describe('psp readiness view', () => {
  it('shows one row per namespace, the commands, and -o wide rows per pod', async () => {
    const report = await reportOn(
      {apiVersion: 'v1', kind: 'Namespace', metadata: {name: 'web', labels: {'pod-security.kubernetes.io/enforce': 'privileged'}}},
      {apiVersion: 'v1', kind: 'Pod', metadata: {name: 'p', namespace: 'web'}, spec: {containers: [{name: 'c', image: 'x'}]}},
    );
    const text = renderText(pspReadinessView(report, false), false);
    assert.match(text, /web\s+privileged:latest\s+.*\s+baseline\s+0\/1\/0/);
    assert.match(text, /kubectl label --overwrite ns web pod-security\.kubernetes\.io\/enforce=baseline pod-security\.kubernetes\.io\/enforce-version=v1\.37/);
    const wide = renderText(pspReadinessView(report, true), false);
    assert.match(wide, /Pod\/p\s+baseline/);
  });

  it('a system namespace shows the level it meets as not suggested, and gets no enforce command', async () => {
    const report = await reportOn(
      {apiVersion: 'v1', kind: 'Namespace', metadata: {name: 'kube-system'}},
      {apiVersion: 'v1', kind: 'Pod', metadata: {name: 'dns', namespace: 'kube-system'}, spec: {containers: [{name: 'c', image: 'x'}]}},
    );
    const text = renderText(pspReadinessView(report, false), false);
    assert.match(text, /kube-system\s+\S+\s+.*\s+baseline \(not suggested\)\s+0\/1\/0/);
    assert.doesNotMatch(text, /ns kube-system pod-security\.kubernetes\.io\/enforce=/);
  });

  it('says when the recommended level lowers the current enforce level, and only then', async () => {
    const source = new ManifestSource({filenames: [join(ROOT, 'examples', 'psp')], recursive: true, allNamespaces: true});
    const options = {serverDryRun: false};
    const report = await runAnalysis(
      pspReadinessAnalysis,
      await source.snapshot(pspReadinessAnalysis.request(options as never)),
      options as never,
      source.capabilities(),
    );
    const text = renderText(pspReadinessView(report as never, false), false);
    const rank = {privileged: 0, baseline: 1, restricted: 2} as const;
    let lowered = 0;
    for (const i of report.items) {
      const header = text.split('\n').find((l) => l.startsWith(`# ${i.namespace}: enforce `));
      if (!header) continue;
      const now = i.currentPolicy.enforce.split(':')[0] as keyof typeof rank;
      if (rank[now] > rank[i.recommendedLevel]) {
        lowered++;
        assert.equal(header, `# ${i.namespace}: enforce ${i.recommendedLevel} (lowers the current enforce ${now}; to keep ${now}, fix what blocks it instead)`);
      } else {
        assert.equal(header, `# ${i.namespace}: enforce ${i.recommendedLevel}`);
      }
    }
    assert.ok(lowered > 0, 'examples/psp has a namespace enforcing restricted with a template that violates it (psp-batch)');
  });
});
