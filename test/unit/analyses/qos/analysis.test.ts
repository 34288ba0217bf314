import assert from 'node:assert/strict';
import {evaluate, qosAnalysis, type EvaluateContext, type QosItem} from '../../../../src/analyses/qos/analysis.js';
import {nestAt, patchTarget} from '../../../../src/analyses/qos/patches.js';
import {resizeInfo} from '../../../../src/analyses/qos/resize.js';
import {cpuMaximum} from '../../../../src/analyses/qos/windows.js';
import {qosView} from '../../../../src/analyses/qos/view.js';
import {runAnalysis} from '../../../../src/analyses/types.js';
import {Quantity} from '../../../../src/k8s/quantity.js';
import {renderText} from '../../../../src/render/text.js';
import type {KubeObject} from '../../../../src/k8s/object.js';
import type {Snapshot} from '../../../../src/k8s/snapshot.js';
import {toWorkload} from '../../../../src/source/workloads.js';
import {QosGen} from '../../../e2e/support/qos-pod-generator.js';
import {prng} from '../../../support/random.js';
import {podObject} from '../../../support/pod.js';

const winNode: KubeObject = {metadata: {name: 'win-0', labels: {'kubernetes.io/os': 'windows'}}, status: {capacity: {cpu: '4'}}};
const ctx = (over: Partial<EvaluateContext> = {}): EvaluateContext => ({
  minor: 34,
  serverMinor: 34,
  nodes: new Map([['win-0', winNode]]),
  limitRanges: new Map(),
  ...over,
});
const podObj = (spec: Record<string, unknown>, extra: Record<string, unknown> = {}): KubeObject => podObject({namespace: 'ns', metadata: extra, spec});
// decode as for manifests (the objects here were not written by an apiserver)
const run = (obj: KubeObject, c = ctx()) => evaluate(toWorkload(obj, 'ns', undefined, true)!, c);
const ids = (r: ReturnType<typeof run>) => r.findings.map((f) => f.id).sort();
const win = {os: {name: 'windows'}, nodeName: 'win-0'};
const emptyReport = () => ({
  apiVersion: 'kubectl-win/v1' as const,
  kind: 'QoSReport',
  source: {type: 'manifests' as const, files: []},
  items: [] as QosItem[],
  findings: [],
  skipped: [],
  reads: [],
  summary: {error: 0, warning: 0, info: 0},
});

describe('qos analysis: Windows pods', () => {
  it('BestEffort on Windows: warning, notes, resize impossible, burstable patch', () => {
    const r = run(podObj({...win, containers: [{name: 'shell', image: 'x'}]}));
    assert.equal(r.item?.qosClass, 'BestEffort');
    assert.equal(r.item?.windows, true);
    assert.deepEqual(ids(r), ['qos/windows-besteffort']);
    assert.equal(r.item?.resize.supported, false);
    assert.equal(r.item?.resize.reason, 'windows pods cannot be resized');
    assert.ok(r.item?.notes.some((n) => n.startsWith('BestEffort on Windows')));
    assert.equal(r.item?.notes.length, 1);
    const text = renderText(qosView({...emptyReport(), items: [r.item!]}, false, true), false);
    assert.match(text, /windows: Windows has no OOM score ordering/);
    assert.match(text, /windows: only limits reach the runtime/);
    // A memory limit too, so qos/windows-no-memory-limit does not flag the result.
    assert.deepEqual(r.item?.whatWouldChange.burstable?.patch, {
      spec: {containers: [{name: 'shell', resources: {requests: {cpu: '100m', memory: '128Mi'}, limits: {memory: '128Mi'}}}]},
    });
  });

  it('Burstable on Windows: no memory limit warns, request below limit informs, cpu above the node informs', () => {
    const r = run(
      podObj({
        ...win,
        containers: [
          {name: 'a', resources: {requests: {cpu: '1', memory: '1Gi'}}},
          {name: 'b', resources: {requests: {memory: '512Mi'}, limits: {memory: '1Gi', cpu: '6'}}},
        ],
      }),
    );
    assert.equal(r.item?.qosClass, 'Burstable');
    assert.deepEqual(ids(r), ['qos/windows-cpu-limit-above-node', 'qos/windows-memory-request-below-limit', 'qos/windows-no-memory-limit']);
    const noLimit = r.findings.find((f) => f.id === 'qos/windows-no-memory-limit')!;
    assert.equal(noLimit.field, 'spec.containers[0].resources.limits.memory');
    assert.equal(r.item?.containers[1].cpuMaximum, 10000);
    assert.equal(Number(cpuMaximum(Quantity.parse('500m'), 4n)), 1250);
    assert.equal(Number(cpuMaximum(Quantity.parse('1m'), 64n)), 1);
  });

  it('pod-level resources on a Windows pod are an error from 1.34 with the apiserver message', () => {
    const obj = podObj({...win, resources: {limits: {cpu: '1', memory: '1Gi'}}, containers: [{name: 'a'}]});
    const f = run(obj).findings.find((x) => x.id === 'qos/windows-pod-level-resources');
    assert.equal(f?.message, 'may not be set for a windows pod');
    assert.equal(f?.field, 'spec.resources');
    assert.equal(
      run(obj, ctx({minor: 33})).findings.some((x) => x.id === 'qos/windows-pod-level-resources'),
      false,
    );
  });

  it('resizePolicy on a Windows pod is reported with the apiserver message', () => {
    const r = run(
      podObj({
        ...win,
        containers: [{name: 'a', resources: {limits: {cpu: '1', memory: '1Gi'}}, resizePolicy: [{resourceName: 'memory', restartPolicy: 'RestartContainer'}]}],
      }),
    );
    const f = r.findings.find((x) => x.id === 'qos/windows-resize-unsupported');
    assert.equal(f?.message, 'windows pods cannot be resized');
    assert.equal(f?.field, 'spec.containers[0].resizePolicy');
    assert.deepEqual(r.item?.containers[0].resizePolicy, {memory: 'RestartContainer'});
  });

  it('a Linux pod gets no Windows notes or findings', () => {
    const r = run(podObj({containers: [{name: 'a'}]}));
    assert.equal(r.item?.windows, false);
    assert.deepEqual(r.item?.notes, []);
    assert.deepEqual(r.findings, []);
  });
});

describe('qos analysis: status, templates, LimitRanges', () => {
  const live = (spec: Record<string, unknown>, qosClass: string, annotations?: Record<string, string>) => ({
    ...podObj(spec, {uid: 'u', ...(annotations ? {annotations} : {})}),
    status: {qosClass},
  });

  it('no finding when status.qosClass agrees', () => {
    assert.deepEqual(run(live({containers: [{name: 'a', resources: {requests: {cpu: '1'}, limits: {cpu: '1', memory: '1Gi'}}}]}, 'Guaranteed')).findings, []);
  });

  it('a mismatch at the server version is called a kubectl-win bug (or an upgrade)', () => {
    const r = run(live({containers: [{name: 'a'}]}, 'Guaranteed'));
    const f = r.findings.find((x) => x.id === 'qos/status-mismatch')!;
    assert.equal(f.severity, 'warning');
    assert.match(
      f.message,
      /^status\.qosClass is Guaranteed but the computed class is BestEffort: computed with the rules of v1\.34, the server's own version: a kubectl-win bug/,
    );
  });

  it('a mismatch explained by --k8s-version is called a version difference', () => {
    const r = run(
      live({resources: {}, containers: [{name: 'a', resources: {limits: {cpu: '1', memory: '1Gi'}}}]}, 'BestEffort'),
      ctx({minor: 37, serverMinor: 34}),
    );
    assert.match(
      r.findings[0].message,
      /a version difference: the rules of v1\.37 \(--k8s-version\) give Guaranteed; the apiserver's own \(v1\.34\) give BestEffort, as recorded/,
    );
  });

  it('a Deployment template is defaulted, gets its namespace LimitRanges, and uses template field paths', () => {
    const dep: KubeObject = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: {name: 'web', namespace: 'ns'},
      spec: {template: {spec: {...win, nodeName: undefined, containers: [{name: 'iis', resources: {limits: {cpu: '1'}}}]}}},
    };
    const limitRanges = new Map([['ns', [{metadata: {name: 'lr', namespace: 'ns'}, spec: {limits: [{type: 'Container', default: {memory: '1Gi'}}]}}]]]);
    const r = run(dep, ctx({limitRanges}));
    assert.equal(r.item?.qosClass, 'Guaranteed');
    assert.equal(r.item?.limitRange?.source, 'limitranges');
    assert.equal(r.item?.limitRange?.annotation, 'LimitRanger plugin set: memory request for container iis; memory limit for container iis');
    assert.deepEqual(r.item?.containers[0].defaulted, ['requests for cpu defaulted from limits']);
    const bad = run({...dep, spec: {template: {spec: {containers: [{name: 'iis', resources: {limits: {cpu: 'one'}}}]}}}});
    assert.equal(bad.item, undefined);
    assert.equal(bad.findings[0].field, 'spec.template.spec.containers[0].resources.limits.cpu');
    assert.equal(
      bad.findings[0].message,
      `Deployment in version "v1" cannot be handled as a Deployment: quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'`,
    );
  });

  it('a live pod is not mutated again: LimitRange attribution comes from its annotation', () => {
    const ann = {'kubernetes.io/limit-ranger': 'LimitRanger plugin set: cpu request for container a'};
    const limitRanges = new Map([['ns', [{metadata: {name: 'lr', namespace: 'ns'}, spec: {limits: [{type: 'Container', default: {memory: '1Gi'}}]}}]]]);
    const r = run(live({containers: [{name: 'a', resources: {requests: {cpu: '100m'}}}]}, 'Burstable', ann), ctx({limitRanges}));
    assert.equal(r.item?.limitRange?.source, 'annotation');
    assert.deepEqual(r.item?.containers[0].limitRange, {requests: ['cpu'], limits: []});
    assert.deepEqual(r.item?.containers[0].limits, {});
  });
});

describe('qos analysis: resize state', () => {
  it('reads conditions (1.33+) and status.resize (1.27-1.32)', () => {
    const cond = (type: string, reason?: string) => ({conditions: [{type, status: 'True', reason, message: 'm'}]});
    assert.equal(resizeInfo({}, cond('PodResizePending', 'Infeasible')).state, 'infeasible');
    assert.equal(resizeInfo({}, cond('PodResizePending', 'Deferred')).state, 'deferred');
    assert.equal(resizeInfo({}, cond('PodResizeInProgress')).state, 'in-progress');
    assert.equal(resizeInfo({}, cond('PodResizeInProgress', 'Error')).state, 'error');
    assert.equal(resizeInfo({}, {resize: 'Proposed'}).state, 'proposed');
    assert.equal(resizeInfo({}, {conditions: [{type: 'PodResizePending', status: 'False'}]}).state, 'none');
    const r = run({...podObj({containers: [{name: 'a'}]}, {uid: 'u'}), status: {qosClass: 'BestEffort', ...cond('PodResizePending', 'Infeasible')}});
    assert.deepEqual(ids(r), ['qos/resize-infeasible']);
    assert.equal(r.findings[0].message, 'the requested resize cannot be granted by the node: m');
  });
});

// A small strategic-merge of `containers`/`initContainers` by name, enough to apply our patches.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a strategic-merge patch is any JSON
function applyPatch(obj: KubeObject, patch: Record<string, any>): KubeObject {
  const out = structuredClone(obj);
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- merges any JSON
  const merge = (target: any, p: any): any => {
    if (Array.isArray(p)) {
      const list = Array.isArray(target) ? target : [];
      for (const item of p) {
        const existing = list.find((x: {name?: string}) => x.name === item.name);
        if (existing) merge(existing, item);
        else list.push(structuredClone(item));
      }
      return list;
    }
    if (p && typeof p === 'object') {
      const t = target && typeof target === 'object' ? target : {};
      for (const [k, v] of Object.entries(p)) t[k] = merge(t[k], v);
      return t;
    }
    return p;
  };
  merge(out, patch);
  return out;
}

describe('qos analysis: whatWouldChange patches (property)', () => {
  // seeded LCG
  let seed = 20240611;
  const rnd = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  const pick = <T>(xs: T[]) => xs[Math.floor(rnd() * xs.length)];
  const res = () => {
    const r: Record<string, Record<string, string>> = {};
    for (const [k, vals] of [
      ['cpu', ['100m', '1', '0', '2']],
      ['memory', ['64Mi', '1Gi', '0']],
    ] as const) {
      const m = Math.floor(rnd() * 4);
      if (m === 1 || m === 3) (r.requests ??= {})[k] = pick([...vals]);
      if (m === 2 || m === 3) (r.limits ??= {})[k] = pick([...vals]);
      // a request above its limit is rejected by the apiserver (no class): keep the pods valid
      if (m === 3 && Quantity.parse(r.requests[k]).cmp(Quantity.parse(r.limits[k])) > 0) [r.requests[k], r.limits[k]] = [r.limits[k], r.requests[k]];
    }
    return r;
  };
  for (let n = 0; n < 60; n++) {
    const containers = Array.from({length: 1 + Math.floor(rnd() * 3)}, (_, i) => ({name: `c${i}`, resources: res()}));
    const initContainers = rnd() < 0.5 ? [{name: 'init', resources: res(), ...(rnd() < 0.5 ? {restartPolicy: 'Always'} : {})}] : undefined;
    const obj: KubeObject =
      rnd() < 0.5
        ? podObj({containers, initContainers})
        : {apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: {name: 's', namespace: 'ns'}, spec: {template: {spec: {containers, initContainers}}}};
    it(`#${n} ${obj.kind}: the Guaranteed (and Burstable) patch gives that class`, () => {
      const r = run(obj);
      const item = r.item as QosItem;
      const g = item.whatWouldChange.guaranteed;
      if (item.qosClass === 'Guaranteed') {
        assert.equal(g, undefined);
        return;
      }
      assert.ok(g);
      assert.equal(run(applyPatch(obj, g.patch)).item?.qosClass, 'Guaranteed', JSON.stringify(g.patch));
      if (item.qosClass === 'BestEffort') {
        assert.equal(run(applyPatch(obj, item.whatWouldChange.burstable!.patch)).item?.qosClass, 'Burstable');
      } else {
        assert.equal(item.whatWouldChange.burstable, undefined);
      }
    });
  }

  it('targets the owning Deployment of a ReplicaSet pod', () => {
    const w = toWorkload(
      podObj(
        {containers: []},
        {labels: {'pod-template-hash': '5d8f'}, ownerReferences: [{kind: 'ReplicaSet', name: 'web-5d8f', controller: true, apiVersion: 'apps/v1', uid: 'u'}]},
      ),
      'ns',
    )!;
    assert.deepEqual({...patchTarget(w), note: undefined}, {kind: 'Deployment', namespace: 'ns', name: 'web', specPath: 'spec.template.spec', note: undefined});
    assert.deepEqual(nestAt('spec.jobTemplate.spec.template.spec', {x: 1}), {spec: {jobTemplate: {spec: {template: {spec: {x: 1}}}}}});
  });
});

describe('qos analysis: plug-in and view', () => {
  const snapshot = (objs: KubeObject[], type: 'cluster' | 'manifests'): Snapshot => ({
    source: type === 'cluster' ? {type, context: 'c', server: 'https://x', serverVersion: 'v1.33.2'} : {type, files: ['f.yaml']},
    serverVersion: type === 'cluster' ? {gitVersion: 'v1.33.2', major: 1, minor: 33} : undefined,
    objects: {nodes: [winNode], limitranges: []},
    skipped: [{check: 'read/limitranges', reason: 'forbidden'}],
    async *workloads() {
      for (const o of objs) yield toWorkload(o, 'ns')!;
    },
  });

  it('asks for nodes and LimitRanges, streams pods, templates only when asked', () => {
    assert.deepEqual(qosAnalysis.request({}), {
      kinds: ['limitranges', 'nodes', 'runtimeclasses'],
      pods: true,
      workloads: false,
      names: undefined,
      ownerAnnotations: true,
    });
    assert.equal(qosAnalysis.request({templates: true}).workloads, true);
  });

  it('uses the server version live and the latest offline, unless --k8s-version says otherwise', async () => {
    const objs = [podObj({containers: [{name: 'a'}]})];
    assert.equal((await runAnalysis(qosAnalysis, snapshot(objs, 'cluster'), {}, {mode: 'cluster'})).items[0].version, 'v1.33');
    assert.equal((await runAnalysis(qosAnalysis, snapshot(objs, 'manifests'), {}, {mode: 'manifests'})).items[0].version, 'v1.37');
    const r = await runAnalysis(qosAnalysis, snapshot(objs, 'cluster'), {minor: 37}, {mode: 'cluster'});
    assert.deepEqual([r.items[0].version, r.items[0].algorithm], ['v1.37', 'per-container']);
    assert.deepEqual(r.skipped, [{check: 'read/limitranges', reason: 'forbidden'}]);
    assert.equal(r.kind, 'QoSReport');
  });

  it('countItemsOnly (doctor) keeps the count, the findings and the summary, but no items', async () => {
    const objs = [
      podObj({...win, containers: [{name: 'a'}]}),
      {...podObj({...win, containers: [{name: 'b', resources: {requests: {memory: '1Gi'}, limits: {memory: '2Gi'}}}]}), metadata: {name: 'q', namespace: 'ns'}},
    ];
    const full = await runAnalysis(qosAnalysis, snapshot(objs, 'cluster'), {}, {mode: 'cluster'});
    const counted = await runAnalysis(qosAnalysis, snapshot(objs, 'cluster'), {countItemsOnly: true}, {mode: 'cluster'});
    assert.equal(full.items.length, 2);
    assert.equal(counted.itemCount, full.items.length);
    assert.equal(counted.items.length, 0);
    assert.equal(full.itemCount, undefined);
    assert.ok(full.findings.length > 0);
    assert.deepEqual(counted.findings, full.findings);
    assert.deepEqual(counted.summary, full.summary);
  });

  it('countItemsOnly and tableOnly find exactly what the full evaluation finds, over 400 generated pods; tableOnly renders the same table', async () => {
    // Seeded pods in many notations, with statuses (some disagreeing), resize policies and conditions,
    // nodes and LimitRanges: the lean path must leave out only explanations, never a finding.
    const gen = new QosGen(prng(7));
    const objs: KubeObject[] = [];
    for (let i = 0; i < 400; i++) {
      const o = gen.pod(`p${i}`, 'ns');
      if (gen.chance(0.5)) o.spec.nodeName = 'win-0';
      if (gen.chance(0.3)) o.spec.containers[0].resizePolicy = [{resourceName: 'memory', restartPolicy: 'RestartContainer'}];
      if (gen.chance(0.6)) {
        o.metadata!.uid = `u${i}`;
        o.status = {qosClass: gen.pick(['Guaranteed', 'Burstable', 'BestEffort'])};
        if (gen.chance(0.2))
          o.status.conditions = [
            {type: gen.pick(['PodResizePending', 'PodResizeInProgress']), status: 'True', reason: gen.pick(['Infeasible', 'Deferred', 'Error']), message: 'm'},
          ];
      }
      objs.push(o);
    }
    const limitranges = [
      {
        apiVersion: 'v1',
        kind: 'LimitRange',
        metadata: {name: 'lr', namespace: 'ns'},
        spec: {limits: [{type: 'Container', default: {cpu: '1', memory: '1Gi'}}]},
      },
    ];
    for (const mode of ['cluster', 'manifests'] as const) {
      const snap = () => ({...snapshot(objs, mode), objects: {nodes: [winNode], limitranges}, skipped: []});
      const full = await runAnalysis(qosAnalysis, snap(), {}, {mode});
      const counted = await runAnalysis(qosAnalysis, snap(), {countItemsOnly: true}, {mode});
      assert.ok(new Set(full.findings.map((f) => f.id)).size >= 4, [...new Set(full.findings.map((f) => f.id))].join(', '));
      assert.equal(counted.itemCount, full.items.length);
      assert.deepEqual(counted.findings, full.findings);
      const table = await runAnalysis(qosAnalysis, snap(), {tableOnly: true}, {mode});
      assert.deepEqual(table.findings, full.findings);
      assert.equal(table.items.length, full.items.length);
      assert.ok(!('whatWouldChange' in table.items[0]), 'the table-only item works out no corrected manifest');
      const rendered = (r: typeof full) => renderText(qosView(r, false, false), false, 200);
      assert.ok(rendered(full).split('\n').length > 400);
      assert.equal(rendered(table), rendered(full));
    }
  });

  it('renders the kubectl-like table, STATUS-QOS only live, and details on request', async () => {
    const objs = [
      {
        ...podObj(
          {...win, containers: [{name: 'iis', resources: {limits: {cpu: '1', memory: '1Gi'}}}], initContainers: [{name: 'side', restartPolicy: 'Always'}]},
          {uid: 'u'},
        ),
        status: {qosClass: 'Burstable'},
      },
    ];
    const liveReport = await runAnalysis(qosAnalysis, snapshot(objs, 'cluster'), {}, {mode: 'cluster'});
    const text = renderText(qosView(liveReport, false), false);
    const [header, row] = text.split('\n');
    assert.match(header, /^NAMESPACE\s+NAME\s+QOS\s+STATUS-QOS\s+CONTAINERS\s+NODE-OS$/);
    assert.match(row, /^ns\s+p\s+Burstable\s+Burstable\s+side\(sidecar\):BE iis:G\s+windows$/);
    assert.doesNotMatch(text, /reason:/);
    const detail = renderText(qosView(liveReport, false, true), false);
    assert.match(detail, /Pod ns\/p: Burstable \(rules of v1\.33, summed algorithm\)/);
    assert.match(detail, /reason: sidecar side: no cpu or memory requests or limits/);
    assert.match(detail, /to make it Guaranteed \(pod\/p\): sidecar side: cpu request and limit -> 500m \(placeholder: size it\)/);
    const wide = renderText(qosView(liveReport, true), false);
    assert.match(wide.split('\n')[0], /NODE\s+RULES\s+LIMITRANGE\s+RESIZE\s+REASON$/);
    const offline = await runAnalysis(
      qosAnalysis,
      snapshot(
        objs.map(({status: _s, ...o}) => o),
        'manifests',
      ),
      {},
      {mode: 'manifests'},
    );
    assert.doesNotMatch(renderText(qosView(offline, false), false).split('\n')[0], /STATUS-QOS/);
  });
});

describe('qos analysis: status mismatch offline', () => {
  it('a saved pod with a status, read offline, asks for the cluster version', () => {
    const obj = {...podObj({containers: [{name: 'a'}]}), status: {qosClass: 'Burstable'}};
    const r = evaluate(toWorkload(obj, 'ns')!, {minor: 36, nodes: new Map(), limitRanges: new Map()});
    assert.match(
      r.findings[0].message,
      /status\.qosClass is Burstable but the computed class is BestEffort: the status was set by the apiserver that created the pod, and these are the rules of v1\.36: pass that cluster's --k8s-version/,
    );
  });
});

describe('qos analysis: resize gate and HostProcess', () => {
  it('resize does not exist before v1.27 and is alpha until v1.33', () => {
    assert.equal(resizeInfo({}, undefined, 26).supported, false);
    assert.equal(resizeInfo({}, undefined, 26).reason, 'in-place resize does not exist before v1.27');
    assert.match(resizeInfo({}, undefined, 30).gate ?? '', /alpha and off by default in v1\.30/);
    assert.equal(resizeInfo({}, undefined, 34).gate, undefined);
    assert.equal(resizeInfo({os: {name: 'windows'}}, undefined, 34).supported, false);
  });
  it('HostProcess Windows pods get the job-object note', () => {
    const r = run(podObj({...win, hostNetwork: true, securityContext: {windowsOptions: {hostProcess: true}}, containers: [{name: 'a'}]}));
    assert.ok(r.item?.notes.some((n) => n.startsWith('HostProcess containers run as processes on the host')));
  });
});

describe('qos analysis: every catalogue id is emitted with its catalogued severity', () => {
  it('covers QOS_CHECKS', async () => {
    const {QOS_CHECKS} = await import('../../../../src/analyses/qos/checks.js');
    const cond = (type: string, reason?: string) => ({conditions: [{type, status: 'True', reason}]});
    const objs: KubeObject[] = [
      podObj({containers: [{name: 'a', resources: {limits: {cpu: 'x'}}}]}),
      podObj({containers: 'a'}),
      podObj({containers: [{name: 'a', resources: {limits: {'hugepages-2Mi': '2Mi'}}}]}),
      {...podObj({containers: [{name: 'a'}]}, {uid: 'u'}), status: {qosClass: 'Guaranteed'}},
      podObj({...win, resources: {}, containers: [{name: 'a'}]}),
      podObj({
        ...win,
        containers: [
          {name: 'a', resources: {requests: {memory: '1Gi'}}},
          {name: 'b', resources: {requests: {memory: '1Gi'}, limits: {memory: '2Gi', cpu: '16'}}, resizePolicy: [{resourceName: 'cpu'}]},
        ],
      }),
      ...(['Infeasible', 'Deferred'] as const).map((r) => ({
        ...podObj({containers: [{name: 'a'}]}, {uid: 'u'}),
        status: {qosClass: 'BestEffort', ...cond('PodResizePending', r)},
      })),
      ...([undefined, 'Error'] as const).map((r) => ({
        ...podObj({containers: [{name: 'a'}]}, {uid: 'u'}),
        status: {qosClass: 'BestEffort', ...cond('PodResizeInProgress', r)},
      })),
    ];
    const seen = new Map<string, string>();
    for (const o of objs) for (const f of run(o).findings) seen.set(f.id, f.severity);
    const linuxNode = {
      apiVersion: 'v1',
      kind: 'Node',
      metadata: {name: 'linux-0', labels: {'kubernetes.io/os': 'linux'}},
      status: {nodeInfo: {operatingSystem: 'linux'}},
    };
    for (const f of run(podObj({os: {name: 'windows'}, nodeName: 'linux-0', containers: [{name: 'a'}]}), ctx({nodes: new Map([['linux-0', linuxNode]])}))
      .findings)
      seen.set(f.id, f.severity);
    const catalogue = new Map<string, string>(QOS_CHECKS.map((c) => [c.id, c.severity]));
    for (const [id, sev] of seen) assert.equal(catalogue.get(id), sev, id);
    assert.deepEqual([...seen.keys()].sort(), [...catalogue.keys()].sort());
  });
});
