import assert from 'node:assert/strict';
import {pspReadinessAnalysis} from '../../../../src/analyses/psp/analysis.js';
import {pspReadinessView} from '../../../../src/analyses/psp/view.js';
import {runAnalysis} from '../../../../src/analyses/types.js';
import {renderText} from '../../../../src/render/text.js';
import type {KubeObject, Snapshot} from '../../../../src/source/types.js';
import {toWorkload} from '../../../../src/source/workloads.js';

describe('psp readiness view', () => {
  it('shows one row per namespace, the commands, and -o wide rows per pod', async () => {
    const objects: KubeObject[] = [
      {apiVersion: 'v1', kind: 'Namespace', metadata: {name: 'web', labels: {'pod-security.kubernetes.io/enforce': 'privileged'}}},
      {apiVersion: 'v1', kind: 'Pod', metadata: {name: 'p', namespace: 'web'}, spec: {containers: [{name: 'c', image: 'x'}]}},
    ];
    const snap: Snapshot = {
      source: {type: 'manifests', files: ['x.yaml']}, objects: {namespaces: [objects[0]]}, skipped: [],
      async *workloads() {
        yield toWorkload(objects[1], 'default')!;
      },
    };
    const report = await runAnalysis(pspReadinessAnalysis, snap, {}, {mode: 'manifests'});
    const text = renderText(pspReadinessView(report, false), false);
    assert.match(text, /web\s+privileged:latest\s+.*\s+baseline\s+0\/1\/0/);
    assert.match(text, /kubectl label --overwrite ns web pod-security\.kubernetes\.io\/enforce=baseline pod-security\.kubernetes\.io\/enforce-version=v1\.37/);
    const wide = renderText(pspReadinessView(report, true), false);
    assert.match(wide, /Pod\/p\s+baseline/);
  });
});
