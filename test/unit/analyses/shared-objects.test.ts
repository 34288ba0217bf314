// The pods of a workload share their decoded tolerations, token volume, resources, security contexts,
// ports, probes and owner references: the protobuf decoder hands one frozen object per distinct
// sub-message (src/source/protobuf/decode.ts, SHARED), and checks remember by identity what they
// found clean (src/util/clean-memo.ts, src/analyses/qos/shared-class.ts). Every analysis must answer
// for pods that share those objects exactly as for pods that each have their own copy.
import assert from 'node:assert/strict';
import {gmsaAnalysis} from '../../../src/analyses/gmsa/analysis.js';
import {lintAnalysis} from '../../../src/analyses/lint/analysis.js';
import {nodesAnalysis} from '../../../src/analyses/nodes/analysis.js';
import {pspReadinessAnalysis} from '../../../src/analyses/psp/analysis.js';
import {qosAnalysis} from '../../../src/analyses/qos/analysis.js';
import {runAnalysis, type Analysis} from '../../../src/analyses/types.js';
import type {KubeObject} from '../../../src/k8s/object.js';
import {Gen, prng} from '../../support/random.js';
import {frozenDeep} from '../../../src/util/frozen.js';
import {copied, pod, snapshotOf, type Obj} from './generated-pods.js';

/** A deep copy in which each sub-object the decoder shares is one frozen object per distinct content. */
function sharedCopy(pods: KubeObject[]): KubeObject[] {
  const canon = new Map<string, unknown>();
  const share = (v: unknown): unknown => {
    if (v === undefined || v === null) return v;
    const key = JSON.stringify(v);
    if (!canon.has(key)) canon.set(key, frozenDeep(copied(v)));
    return canon.get(key);
  };
  const shareList = (l: unknown) => (Array.isArray(l) ? l.map(share) : l);
  return copied(pods).map((p) => {
    const s = p.spec as Obj;
    for (const kind of ['containers', 'initContainers'] as const) {
      for (const c of (s[kind] ?? []) as Obj[]) {
        for (const k of ['resources', 'securityContext', 'readinessProbe'] as const) if (k in c) c[k] = share(c[k]);
        if (c.ports) c.ports = shareList(c.ports);
      }
    }
    if (s.securityContext) s.securityContext = share(s.securityContext);
    if (s.tolerations) s.tolerations = shareList(s.tolerations);
    for (const v of (s.volumes ?? []) as Obj[]) v.projected = share(v.projected);
    p.metadata!.ownerReferences = shareList(p.metadata!.ownerReferences) as never;
    return p;
  });
}

describe('pods that share their decoded sub-objects', () => {
  const pods = Array.from({length: 600}, (_, i) => pod(new Gen(prng(20261207 + i)), i));
  const analyses: Array<[string, Analysis<unknown, unknown>, Obj]> = [
    ['qos', qosAnalysis as Analysis<unknown, unknown>, {}],
    ['qos (table only)', qosAnalysis as Analysis<unknown, unknown>, {tableOnly: true}],
    ['lint', lintAnalysis as Analysis<unknown, unknown>, {}],
    ['psp readiness', pspReadinessAnalysis as Analysis<unknown, unknown>, {}],
    ['gmsa check', gmsaAnalysis as Analysis<unknown, unknown>, {}],
    ['nodes', nodesAnalysis as Analysis<unknown, unknown>, {}],
  ];
  for (const [name, analysis, options] of analyses) {
    it(`${name}: the same report as for pods with their own copies, and again once its checks remember them`, async () => {
      const report = await runAnalysis(analysis, snapshotOf(copied(pods)), options, {mode: 'cluster'});
      const own = JSON.stringify(report);
      if (name.startsWith('qos') || name === 'lint') assert.equal(report.items.length, pods.length);
      const shared = sharedCopy(pods);
      assert.ok(Object.isFrozen((shared[0].spec as {containers: Obj[]}).containers[0].resources));
      for (let round = 0; round < 2; round++)
        assert.equal(JSON.stringify(await runAnalysis(analysis, snapshotOf(shared), options, {mode: 'cluster'})), own, `round ${round}`);
    });
  }

  it('the generated pods carry findings of every shared kind', async () => {
    const lint = await runAnalysis(lintAnalysis as Analysis<unknown, unknown>, snapshotOf(sharedCopy(pods)), {}, {mode: 'cluster'});
    const ids = new Set<string>(lint.findings.map((f) => f.id));
    for (const id of [
      'lint/toleration-invalid',
      'lint/projected-sources-invalid',
      'lint/volume-default-mode',
      'lint/run-as-username-invalid',
      'lint/hugepages',
    ])
      assert.ok(ids.has(id), `${id} among ${[...ids].join(', ')}`);
  });
});
