import assert from 'node:assert/strict';
import {
  aggregateContainers,
  applyPodDefaults,
  defaultPodLevelResources,
  InvalidQuantityError,
  listToJSON,
  readPodResources,
} from '../../../src/k8s/pod-defaults.js';
import {applyLimitRanges, containerDefaults, parseLimitRangerAnnotation} from '../../../src/k8s/limit-range.js';

const pod = (spec: Record<string, unknown>) => readPodResources(spec);

describe('pod defaults (SetDefaults_Pod, SetDefaults_ResourceList)', () => {
  it('lists a ResourceList in the order localeCompare gives its names, each quantity canonical', () => {
    const names = ['nvidia.com/gpu', 'memory', 'hugepages-2Mi', 'cpu', 'example.com/Foo_bar', 'example.com/foo-bar', 'ephemeral-storage', '_x', 'B'];
    const requests = Object.fromEntries(names.map((n) => [n, '1000m']));
    const list = pod({containers: [{name: 'a', resources: {requests}}]}).containers[0].requests;
    const json = listToJSON(list);
    assert.deepEqual(
      Object.keys(json),
      [...names].sort((a, b) => a.localeCompare(b)),
    );
    assert.ok(Object.values(json).every((v) => v === '1'));
    assert.deepEqual(listToJSON(undefined), {});
  });

  it('copies limits to missing requests for containers and init containers, not ephemeral ones', () => {
    const p = pod({
      containers: [{name: 'a', resources: {limits: {cpu: '1', memory: '1Gi'}, requests: {cpu: '500m'}}}],
      initContainers: [{name: 'i', resources: {limits: {memory: '64Mi'}}}],
      ephemeralContainers: [{name: 'e', resources: {limits: {cpu: '1'}}}],
    });
    const d = applyPodDefaults(p, 34);
    assert.deepEqual(listToJSON(d.resources.containers[1].requests), {cpu: '500m', memory: '1Gi'});
    assert.deepEqual(listToJSON(d.resources.containers[0].requests), {memory: '64Mi'});
    assert.equal(d.resources.containers[2].requests, undefined);
    assert.deepEqual(d.notes, [
      {container: 'i', text: 'requests for memory defaulted from limits'},
      {container: 'a', text: 'requests for memory defaulted from limits'},
    ]);
    // the input is not mutated
    assert.equal(p.containers[1].requests?.has('memory'), false);
  });

  it('rounds every quantity up to milli after copying', () => {
    const d = applyPodDefaults(pod({containers: [{name: 'a', resources: {limits: {cpu: '0.0001', memory: '1.5Gi'}}}]}), 34);
    assert.deepEqual(listToJSON(d.resources.containers[0].requests), {cpu: '1m', memory: '1536Mi'});
    assert.deepEqual(listToJSON(d.resources.containers[0].limits), {cpu: '1m', memory: '1536Mi'});
  });

  it('aggregates container requests like AggregateContainerRequests (sidecars add up, init containers take the max)', () => {
    const p = pod({
      initContainers: [
        {name: 'i1', resources: {requests: {cpu: '2'}}},
        {name: 's1', restartPolicy: 'Always', resources: {requests: {cpu: '500m'}}},
        {name: 'i2', resources: {requests: {cpu: '1800m'}}},
      ],
      containers: [{name: 'a', resources: {requests: {cpu: '1'}}}],
    });
    // apps + sidecars = 1.5; init i1 alone = 2; i2 + s1 = 2.3 -> 2.3
    assert.equal(aggregateContainers(p, 'requests').get('cpu')?.toString(), '2300m');
  });

  it('defaults pod-level requests from container requests, else pod limits (gate on from 1.34)', () => {
    const spec = {resources: {limits: {cpu: '2', memory: '2Gi'}}, containers: [{name: 'a', resources: {requests: {cpu: '500m'}}}]};
    const on = applyPodDefaults(pod(spec), 34).resources.pod!;
    assert.deepEqual(listToJSON(on.requests), {cpu: '500m', memory: '2Gi'});
    const off = applyPodDefaults(pod(spec), 33).resources.pod!;
    assert.equal(off.requests, undefined);
    // no pod limits: nothing is defaulted
    assert.equal(applyPodDefaults(pod({resources: {requests: {cpu: '1'}}, containers: [{name: 'a'}]}), 34).resources.pod?.requests?.has('memory'), false);
  });

  it('reports an invalid quantity with its field path', () => {
    assert.throws(
      () => readPodResources({containers: [{name: 'a', resources: {limits: {memory: '1Gb'}}}]}, 'spec.template.spec'),
      (e: unknown) => e instanceof InvalidQuantityError && e.field === 'spec.template.spec.containers[0].resources.limits.memory',
    );
  });
});

describe('LimitRange defaulting and the kubernetes.io/limit-ranger annotation', () => {
  const lr = (name: string, item: Record<string, unknown>) => ({metadata: {name, namespace: 'ns'}, spec: {limits: [{type: 'Container', ...item}]}});

  it('SetDefaults_LimitRangeItem: default <- max, defaultRequest <- default, then <- min', () => {
    const d = containerDefaults(lr('x', {max: {cpu: '2', memory: '1Gi'}, default: {memory: '512Mi'}, min: {cpu: '100m', 'ephemeral-storage': '1Gi'}}));
    assert.deepEqual(listToJSON(d.limits), {cpu: '2', memory: '512Mi'});
    assert.deepEqual(listToJSON(d.requests), {cpu: '2', 'ephemeral-storage': '1Gi', memory: '512Mi'});
  });

  it('only max for cpu and memory makes unspecified containers Guaranteed', () => {
    const r = applyLimitRanges(applyPodDefaults(pod({containers: [{name: 'app'}]}), 34).resources, [lr('max', {max: {cpu: '1', memory: '1Gi'}})]);
    assert.deepEqual(listToJSON(r.resources.containers[0].requests), listToJSON(r.resources.containers[0].limits));
    assert.equal(r.annotation, 'LimitRanger plugin set: cpu, memory request for container app; cpu, memory limit for container app');
  });

  it('writes request then limit entries, app containers before init containers, skipping what is set', () => {
    const p = applyPodDefaults(
      pod({initContainers: [{name: 'init'}], containers: [{name: 'app', resources: {limits: {cpu: '1'}}}], ephemeralContainers: [{name: 'dbg'}]}),
      34,
    ).resources;
    const r = applyLimitRanges(p, [lr('d', {default: {cpu: '500m', memory: '256Mi'}, defaultRequest: {cpu: '100m'}})]);
    assert.equal(
      r.annotation,
      'LimitRanger plugin set: memory request for container app; memory limit for container app; cpu, memory request for init container init; cpu, memory limit for init container init',
    );
    assert.equal(r.resources.containers[2].limits, undefined, 'ephemeral containers are untouched');
    assert.equal(
      applyLimitRanges(p, [lr('none', {max: {'example.com/x': '1'}})]).annotation,
      'LimitRanger plugin set: example.com/x request for container app; example.com/x limit for container app; example.com/x request for init container init; example.com/x limit for init container init',
    );
    assert.equal(applyLimitRanges(p, []).annotation, undefined);
  });

  it('parses the annotation back into per-container sets', () => {
    const sets = parseLimitRangerAnnotation(
      'LimitRanger plugin set: cpu, memory request for container app; memory limit for container app; cpu request for init container setup',
    );
    assert.deepEqual(sets, [
      {container: 'app', containerKind: 'container', requests: ['cpu', 'memory'], limits: ['memory']},
      {container: 'setup', containerKind: 'init container', requests: ['cpu'], limits: []},
    ]);
    assert.equal(parseLimitRangerAnnotation('something else'), undefined);
    assert.equal(parseLimitRangerAnnotation(undefined), undefined);
  });
});

describe('pod-level defaulting at create (v1.37 DefaultPodLevelResources)', () => {
  const atCreate = (spec: Record<string, unknown>, minor: number) => defaultPodLevelResources(applyPodDefaults(pod(spec), minor).resources, minor);
  const limited = (cpu: string, memory: string) => ({resources: {limits: {cpu, memory}}});

  it("pod limits default to max(pod request, the containers' aggregate limits), requests from the containers", () => {
    const d = atCreate(
      {
        containers: [
          {name: 'a', ...limited('500m', '512Mi')},
          {name: 'b', ...limited('1', '256Mi')},
        ],
        resources: {requests: {cpu: '1'}},
      },
      37,
    );
    assert.deepEqual(listToJSON(d.resources.pod!.requests), {cpu: '1', memory: '768Mi'});
    assert.deepEqual(listToJSON(d.resources.pod!.limits), {cpu: '1500m', memory: '768Mi'});
    assert.deepEqual(
      d.notes.map((n) => n.text),
      [
        'pod-level requests for memory defaulted at create (PodLevelResourcesFixDefaulting, v1.37)',
        'pod-level limits for cpu, memory defaulted at create (PodLevelResourcesFixDefaulting, v1.37)',
      ],
    );
    const above = atCreate({containers: [{name: 'a', ...limited('500m', '512Mi')}], resources: {requests: {cpu: '2', memory: '1Gi'}}}, 37);
    assert.deepEqual(listToJSON(above.resources.pod!.limits), {cpu: '2', memory: '1Gi'});
  });

  it('no pod limit for a resource one container leaves unlimited, and an explicit pod limit stays', () => {
    const d = atCreate(
      {
        containers: [
          {name: 'a', ...limited('1', '1Gi')},
          {name: 'b', resources: {limits: {cpu: '1'}}},
        ],
        resources: {requests: {cpu: '2', memory: '2Gi'}, limits: {cpu: '3'}},
      },
      37,
    );
    assert.deepEqual(listToJSON(d.resources.pod!.limits), {cpu: '3'});
  });

  it('an init container counts with the sidecars before it, as for requests', () => {
    const d = atCreate(
      {
        initContainers: [
          {name: 's', restartPolicy: 'Always', ...limited('1', '1Gi')},
          {name: 'i', ...limited('2', '1Gi')},
        ],
        containers: [{name: 'a', ...limited('1', '1Gi')}],
        resources: {requests: {cpu: '1'}},
      },
      37,
    );
    assert.deepEqual(listToJSON(d.resources.pod!.limits), {cpu: '3', memory: '2Gi'});
  });

  it('does nothing before v1.37, nor for an empty or absent spec.resources', () => {
    const spec = {containers: [{name: 'a', ...limited('1', '1Gi')}], resources: {requests: {cpu: '1'}}};
    assert.equal(atCreate(spec, 36).resources.pod!.limits, undefined);
    for (const resources of [undefined, {}, {requests: {}, limits: {}}]) {
      const d = atCreate({...spec, resources}, 37);
      assert.deepEqual(d.notes, []);
      assert.equal(d.resources.pod?.limits?.size ?? 0, 0);
    }
  });

  it('from v1.37 decoding no longer defaults pod-level requests (PrepareForCreate does)', () => {
    const spec = {containers: [{name: 'a', resources: {requests: {cpu: '500m'}}}], resources: {limits: {cpu: '1', memory: '1Gi'}}};
    assert.deepEqual(listToJSON(applyPodDefaults(pod(spec), 36).resources.pod!.requests), {cpu: '500m', memory: '1Gi'});
    assert.equal(applyPodDefaults(pod(spec), 37).resources.pod!.requests, undefined);
    assert.deepEqual(listToJSON(atCreate(spec, 37).resources.pod!.requests), {cpu: '500m', memory: '1Gi'});
  });
});
