// Differential test: a real kube-apiserver at each minor under test (KUBECTL_WIN_MINORS, default the
// oldest and newest: harness/minors.ts) is the judge of the QoS class. Each generated pod is dry-run
// created (POST /api/v1/namespaces/NS/pods?dryRun=All); the returned status.qosClass must equal the
// class kubectl-win computes from the submitted, undefaulted pod with the rules of THAT minor.
// Every minor gets the same seeded pods, so a pod whose class changes between minors is judged on
// both sides of the change. Pods the apiserver rejects as invalid are counted and printed; most must
// be accepted. Reproduce a run with QOS_SEED=<seed> (printed at the start and on failure).
import assert from 'node:assert/strict';
import {apiserverAt, minorsUnderTest, type Apiserver} from '../../harness/index.js';
import {QosGen} from './support/qos-pod-generator.js';
import {prng} from '../support/random.js';
import {evaluate, type EvaluateContext} from '../../src/analyses/qos/analysis.js';
import {applyLimitRanges, containerDefaults} from '../../src/k8s/limit-range.js';
import {applyPodDefaults, readPodResources} from '../../src/k8s/pod-defaults.js';
import {FIX_KUBELET_QOS_CLASS_MINOR, PER_CONTAINER_QOS_MINOR} from '../../src/k8s/qos.js';
import {POD_LEVEL_DEFAULTING_FIX_MINOR} from '../../src/k8s/pod-defaults.js';
import {toWorkload} from '../../src/source/workloads.js';
import type {KubeObject} from '../../src/k8s/object.js';
import {pool} from '../../src/util/pool.js';

// A fixed seed keeps CI reproducible; set QOS_SEED to explore others (each run prints its seed).
const SEED = Number(process.env.QOS_SEED ?? 1);
const COUNT = Number(process.env.QOS_COUNT ?? 600);
const NS = `qos-diff-${SEED}`;
const LR_NS = `qos-lr-${SEED}`;
const CONCURRENCY = 8;
/** The first minor whose QoS rules differ from v1.34's (pod-level defaulting, {} no longer decides, per-container). */
const QOS_RULES_CHANGE = Math.min(PER_CONTAINER_QOS_MINOR, FIX_KUBELET_QOS_CLASS_MINOR, POD_LEVEL_DEFAULTING_FIX_MINOR);

function ctx(minor: number, limitRanges: KubeObject[] = []): EvaluateContext {
  return {minor, serverMinor: minor, nodes: new Map(), limitRanges: new Map(limitRanges.length ? [[limitRanges[0].metadata!.namespace!, limitRanges]] : [])};
}

/** Our class for a submitted pod with the rules of `minor`. */
function ours(pod: KubeObject, ns: string, minor: number): string {
  return evaluate(toWorkload(structuredClone(pod), ns)!, ctx(minor)).item?.qosClass ?? 'invalid';
}

interface Verdict {
  status: number;
  qosClass?: string;
  annotations?: Record<string, string>;
  message?: string;
  /** A 422's Status causes as `field: message`. */
  causes?: string[];
}

async function dryRun(cp: Apiserver, ns: string, pod: KubeObject): Promise<Verdict> {
  const r = await cp.api<{
    status?: {qosClass?: string};
    metadata?: {annotations?: Record<string, string>};
    message?: string;
    details?: {causes?: {field?: string; message?: string}[]};
  }>('POST', `/api/v1/namespaces/${ns}/pods`, pod, {
    query: {dryRun: 'All'},
  });
  const causes = r.body?.details?.causes?.map((c) => `${c.field ?? ''}: ${c.message ?? ''}`);
  return {status: r.status, qosClass: r.body?.status?.qosClass, annotations: r.body?.metadata?.annotations, message: r.body?.message, causes};
}

for (const MINOR of minorsUnderTest())
  describe(`qos differential: generated pods vs kube-apiserver v1.${MINOR}`, function () {
    this.timeout(600_000);
    let cp: Apiserver;

    before(async function () {
      this.timeout(0); // a cold cache builds this release first (minutes)
      cp = await apiserverAt(MINOR);
      await cp.createNamespace(NS);
      console.log(`      qos differential at ${cp.version}, seed: ${SEED} (QOS_SEED=${SEED} to reproduce), ${COUNT} pods`);
    });

    it(`computes the apiserver's status.qosClass for ${COUNT} generated pods`, async () => {
      const g = new QosGen(prng(SEED));
      const pods = Array.from({length: COUNT}, (_, i) => g.pod(`p-${i}`, NS));
      const verdicts = await pool(pods, CONCURRENCY, (p) => dryRun(cp, NS, p));
      const rejected: string[] = [];
      const mismatches: string[] = [];
      const changed: string[] = [];
      const byClass: Record<string, number> = {};
      let windows = 0;
      let podLevel = 0;
      const rejectedDiffer: string[] = [];
      verdicts.forEach((v, i) => {
        const pod = pods[i];
        if (v.status !== 201 && v.status !== 200) {
          rejected.push(`${pod.metadata!.name} (${v.status}): ${v.message?.slice(0, 160)}`);
          // No class for a pod the apiserver rejects: the errors instead, the apiserver's own (as a
          // set: it walks each ResourceList in Go's random map order).
          const r = evaluate(toWorkload(structuredClone(pod), NS, {file: 'generated', line: 1})!, ctx(MINOR));
          const ours = r.findings
            .filter((f) => f.severity === 'error')
            .map((f) => `${f.field}: ${f.message}`)
            .sort();
          if (r.item || JSON.stringify(ours) !== JSON.stringify([...(v.causes ?? [])].sort()))
            rejectedDiffer.push(
              `${pod.metadata!.name}: class ${r.item?.qosClass}\n  apiserver ${JSON.stringify(v.causes)}\n  ours      ${JSON.stringify(ours)}`,
            );
          return;
        }
        const mine = ours(pod, NS, MINOR);
        byClass[v.qosClass!] = (byClass[v.qosClass!] ?? 0) + 1;
        if (pod.spec.os?.name === 'windows') windows++;
        if (pod.spec.resources) podLevel++;
        if (mine !== v.qosClass) mismatches.push(`${pod.metadata!.name}: apiserver ${v.qosClass}, ours ${mine}: ${JSON.stringify(pod.spec)}`);
        // Pods whose class the rule changes move: judged here, and by the v1.34 apiserver on the other side.
        if (ours(pod, NS, 34) !== mine) changed.push(pod.metadata!.name!);
      });
      const accepted = COUNT - rejected.length;
      console.log(
        `      accepted ${accepted}/${COUNT} (${JSON.stringify(byClass)}; ${windows} Windows, ${podLevel} with pod-level resources; ${changed.length} classed differently at v1.34); rejected ${rejected.length}`,
      );
      for (const r of rejected.slice(0, 8)) console.log(`        rejected ${r}`);
      assert.deepEqual(mismatches.slice(0, 5), [], `seed ${SEED}: ${mismatches.length} mismatches`);
      assert.deepEqual(rejectedDiffer.slice(0, 5), [], `seed ${SEED}: ${rejectedDiffer.length} rejected pods where qos differs`);
      assert.ok(rejected.length > 10, `seed ${SEED}: the generator should make some pods the apiserver rejects (${rejected.length})`);
      if (MINOR >= QOS_RULES_CHANGE)
        assert.ok(
          changed.length >= 5,
          `seed ${SEED}: only ${changed.length} pods change class between v1.34 and v1.${MINOR}: the generator must cover the rule changes`,
        );
      else assert.deepEqual(changed.slice(0, 5), [], `seed ${SEED}: no QoS rule changes before v1.${QOS_RULES_CHANGE}`);
      assert.ok(accepted >= 500, `seed ${SEED}: only ${accepted} of ${COUNT} pods accepted`);
      assert.ok(accepted >= COUNT * 0.8, `seed ${SEED}: only ${accepted} of ${COUNT} pods accepted`);
      for (const cls of ['Guaranteed', 'Burstable', 'BestEffort'])
        assert.ok((byClass[cls] ?? 0) >= 20, `seed ${SEED}: too few ${cls} pods (${byClass[cls] ?? 0})`);
      assert.ok(windows >= 50 && podLevel >= 10, `seed ${SEED}: generator coverage (windows ${windows}, pod-level ${podLevel})`);
    });

    it('agrees on the reference table and the pod-level edge cases', async () => {
      const G = {limits: {cpu: '1', memory: '1Gi'}};
      // [name, spec, class] or [name, spec, [class before QOS_RULES_CHANGE, class from it]]
      const cases: [string, KubeObject, string | [string, string]][] = [
        ['limits-only', {containers: [{name: 'a', image: 'x', resources: G}]}, 'Guaranteed'],
        ['init-without-resources', {containers: [{name: 'a', image: 'x', resources: G}], initContainers: [{name: 'i', image: 'x'}]}, 'Burstable'],
        [
          'sidecar-guaranteed',
          {containers: [{name: 'a', image: 'x', resources: G}], initContainers: [{name: 's', image: 'x', restartPolicy: 'Always', resources: G}]},
          'Guaranteed',
        ],
        ['only-ephemeral-storage', {containers: [{name: 'a', image: 'x', resources: {limits: {'ephemeral-storage': '1Gi'}}}]}, 'BestEffort'],
        ['only-extended', {containers: [{name: 'a', image: 'x', resources: {limits: {'example.com/gpu': '1'}}}]}, 'BestEffort'],
        [
          'guaranteed-plus-ephemeral-only-app',
          {
            containers: [
              {name: 'a', image: 'x', resources: G},
              {name: 'b', image: 'x', resources: {limits: {'ephemeral-storage': '1Gi'}}},
            ],
          },
          'Burstable',
        ],
        // PodLevelResourcesFixKubeletQOSClass (v1.37): an empty spec.resources no longer decides
        ['pod-level-empty-object', {containers: [{name: 'a', image: 'x', resources: G}], resources: {}}, ['BestEffort', 'Guaranteed']],
        ['pod-level-empty-requests', {containers: [{name: 'a', image: 'x', resources: G}], resources: {requests: {}}}, ['BestEffort', 'Guaranteed']],
        ['pod-level-guaranteed', {containers: [{name: 'a', image: 'x'}], resources: {limits: {cpu: '2', memory: '2Gi'}}}, 'Guaranteed'],
        [
          'pod-level-limits-container-requests',
          {containers: [{name: 'a', image: 'x', resources: {requests: {cpu: '500m'}}}], resources: {limits: {cpu: '2', memory: '2Gi'}}},
          'Burstable',
        ],
        // PodLevelResourcesFixDefaulting (v1.37): pod limits default to max(pod request, containers' limits)
        // when every container sets that limit; before, pod requests without pod limits stay Burstable
        [
          'pod-level-requests-container-limits',
          {containers: [{name: 'a', image: 'x', resources: {limits: {cpu: '500m', memory: '512Mi'}}}], resources: {requests: {cpu: '500m', memory: '512Mi'}}},
          ['Burstable', 'Guaranteed'],
        ],
        [
          'pod-level-requests-above-container-limits',
          {containers: [{name: 'a', image: 'x', resources: {limits: {cpu: '500m', memory: '512Mi'}}}], resources: {requests: {cpu: '1', memory: '1Gi'}}},
          ['Burstable', 'Guaranteed'],
        ],
        [
          'pod-level-cpu-request-container-limits',
          {
            containers: [
              {name: 'a', image: 'x', resources: G},
              {name: 'b', image: 'x', resources: G},
            ],
            resources: {requests: {cpu: '2'}},
          },
          ['Burstable', 'Guaranteed'],
        ],
        [
          'pod-level-requests-one-container-no-memory-limit',
          {
            containers: [
              {name: 'a', image: 'x', resources: G},
              {name: 'b', image: 'x', resources: {limits: {cpu: '1'}}},
            ],
            resources: {requests: {cpu: '2', memory: '1Gi'}},
          },
          'Burstable',
        ],
        // the containers' limits aggregate as requests do: an init container adds the sidecars before it
        [
          'pod-level-requests-sidecar-and-init-limits',
          {
            containers: [{name: 'a', image: 'x', resources: G}],
            initContainers: [
              {name: 's', image: 'x', restartPolicy: 'Always', resources: G},
              {name: 'i', image: 'x', resources: {limits: {cpu: '2', memory: '1Gi'}}},
            ],
            resources: {requests: {cpu: '3', memory: '2Gi'}},
          },
          ['Burstable', 'Guaranteed'],
        ],
        [
          'milli-rounding-equal',
          {containers: [{name: 'a', image: 'x', resources: {requests: {cpu: '0.9991', memory: '1Gi'}, limits: {cpu: '999.5m', memory: '1Gi'}}}]},
          'Guaranteed',
        ],
        ['zero-limits', {containers: [{name: 'a', image: 'x', resources: {limits: {cpu: '0', memory: '0'}}}]}, 'BestEffort'],
      ];
      for (const [name, spec, classes] of cases) {
        const expected = typeof classes === 'string' ? classes : classes[MINOR < QOS_RULES_CHANGE ? 0 : 1];
        const pod = {apiVersion: 'v1', kind: 'Pod', metadata: {name, namespace: NS}, spec};
        const v = await dryRun(cp, NS, pod);
        assert.equal(v.status, 201, `${name}: ${v.message}`);
        assert.equal(v.qosClass, expected, `${name}: the apiserver v1.${MINOR} (the reference table is wrong?)`);
        assert.equal(ours(pod, NS, MINOR), v.qosClass, `${name}: ours`);
      }
    });

    it('rejects an unparseable quantity with the message kubectl-win reports', async () => {
      for (const bad of ['1Gb', '1K', 'abc', '1e']) {
        const pod = {
          apiVersion: 'v1',
          kind: 'Pod',
          metadata: {name: 'bad', namespace: NS},
          spec: {containers: [{name: 'c', image: 'x', resources: {limits: {memory: bad}}}]},
        };
        const v = await dryRun(cp, NS, pod);
        assert.equal(v.status, 400, `${bad}: ${v.status} ${v.message}`);
        const r = evaluate(toWorkload(pod, NS)!, ctx(MINOR));
        assert.equal(r.item, undefined);
        const f = r.findings.find((x) => x.id === 'qos/invalid-quantity');
        assert.ok(f, bad);
        assert.equal(f.message, v.message, bad);
      }
    });

    it('attributes LimitRange defaults exactly as the kubernetes.io/limit-ranger annotation says', async () => {
      await cp.createNamespace(LR_NS);
      const limitRanges: KubeObject[] = [
        {
          apiVersion: 'v1',
          kind: 'LimitRange',
          metadata: {name: 'defaults', namespace: LR_NS},
          spec: {
            limits: [
              // SetDefaults_LimitRangeItem: default <- max (ephemeral-storage), then defaultRequest <- default (memory, ephemeral-storage), then <- min (nothing left)
              {
                type: 'Container',
                default: {memory: '512Mi', cpu: '500m'},
                defaultRequest: {cpu: '250m'},
                max: {'ephemeral-storage': '4Gi', cpu: '8'},
                min: {memory: '64Mi', 'ephemeral-storage': '1Mi'},
              },
              {type: 'Pod', max: {memory: '64Gi'}},
            ],
          },
        },
      ];
      for (const lr of limitRanges) {
        const r = await cp.api('POST', `/api/v1/namespaces/${LR_NS}/limitranges`, lr);
        assert.ok(r.status < 300, JSON.stringify(r.body));
      }
      // The LimitRanger plugin reads LimitRanges from an informer: wait until it applies this one.
      const probe = {apiVersion: 'v1', kind: 'Pod', metadata: {name: 'probe', namespace: LR_NS}, spec: {containers: [{name: 'c', image: 'x'}]}};
      const deadline = Date.now() + 20_000;
      while (!(await dryRun(cp, LR_NS, probe)).annotations?.['kubernetes.io/limit-ranger']) {
        assert.ok(Date.now() < deadline, 'LimitRanger never applied the LimitRange');
        await new Promise((r) => setTimeout(r, 200));
      }
      const g = new QosGen(prng(SEED + 1));
      const pods = Array.from({length: 120}, (_, i) => {
        const p = g.pod(`lr-${i}`, LR_NS);
        delete p.spec.resources; // pod-level resources are not LimitRanger's
        return p;
      });
      // a few fixed shapes: nothing set, limits only, init + sidecar
      pods.push(
        {
          apiVersion: 'v1',
          kind: 'Pod',
          metadata: {name: 'lr-empty', namespace: LR_NS},
          spec: {
            containers: [{name: 'app', image: 'x'}],
            initContainers: [
              {name: 'init', image: 'x'},
              {name: 'side', image: 'x', restartPolicy: 'Always'},
            ],
          },
        },
        {
          apiVersion: 'v1',
          kind: 'Pod',
          metadata: {name: 'lr-cpu-limit', namespace: LR_NS},
          spec: {containers: [{name: 'iis', image: 'x', resources: {limits: {cpu: '1'}}}]},
        },
        // v1.37 defaults pod limits after LimitRanger has set the container limits: Guaranteed there, Burstable before
        {
          apiVersion: 'v1',
          kind: 'Pod',
          metadata: {name: 'lr-pod-requests', namespace: LR_NS},
          spec: {containers: [{name: 'app', image: 'x'}], resources: {requests: {cpu: '2', memory: '2Gi'}}},
        },
      );
      const verdicts = await pool(pods, CONCURRENCY, (p) => dryRun(cp, LR_NS, p));
      let compared = 0;
      let annotated = 0;
      const problems: string[] = [];
      const rejected: string[] = [];
      verdicts.forEach((v, i) => {
        if (v.status !== 201) {
          rejected.push(`${pods[i].metadata!.name} (${v.status}): ${v.message?.slice(0, 160)}`);
          return;
        }
        compared++;
        const pod = pods[i];
        const r = evaluate(toWorkload(structuredClone(pod), LR_NS)!, ctx(MINOR, limitRanges));
        const want = v.annotations?.['kubernetes.io/limit-ranger'];
        if (want) annotated++;
        if (r.item?.qosClass !== v.qosClass) problems.push(`${pod.metadata!.name}: class apiserver ${v.qosClass}, ours ${r.item?.qosClass}`);
        if (r.item?.limitRange?.annotation !== want)
          problems.push(`${pod.metadata!.name}: annotation\n  apiserver ${want}\n  ours      ${r.item?.limitRange?.annotation}`);
        // applyLimitRanges directly agrees too
        const direct = applyLimitRanges(applyPodDefaults(readPodResources(pod.spec), MINOR).resources, limitRanges);
        if (direct.annotation !== want) problems.push(`${pod.metadata!.name}: applyLimitRanges annotation differs`);
      });
      console.log(`      LimitRange: compared ${compared} accepted pods, ${annotated} annotated; rejected ${rejected.length}`);
      const podLevel = verdicts[pods.findIndex((p) => p.metadata!.name === 'lr-pod-requests')];
      assert.equal(podLevel.qosClass, MINOR < QOS_RULES_CHANGE ? 'Burstable' : 'Guaranteed', `lr-pod-requests: ${podLevel.status} ${podLevel.message ?? ''}`);
      for (const r of rejected.slice(0, 4)) console.log(`        rejected ${r}`);
      assert.deepEqual(problems.slice(0, 5), []);
      assert.ok(compared >= 50 && annotated >= 30, `compared ${compared}, annotated ${annotated}`);
      // SetDefaults_LimitRangeItem: the stored object has default <- max and defaultRequest <- default/min
      const stored = await cp.api<KubeObject>('GET', `/api/v1/namespaces/${LR_NS}/limitranges/defaults`);
      const d = containerDefaults(limitRanges[0]);
      const items = stored.body.spec.limits as {default?: Record<string, string>; defaultRequest?: Record<string, string>}[];
      const served = {
        limits: Object.assign({}, ...items.map((x) => x.default ?? {})),
        requests: Object.assign({}, ...items.map((x) => x.defaultRequest ?? {})),
      };
      assert.deepEqual(Object.fromEntries([...d.limits].map(([k, v]) => [k, v.toString()])), served.limits);
      assert.deepEqual(Object.fromEntries([...d.requests].map(([k, v]) => [k, v.toString()])), served.requests);
    });
  });
