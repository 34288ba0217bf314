import assert from 'node:assert/strict';
import {applyPodDefaults, defaultPodLevelResources, readPodResources} from '../../../src/k8s/pod-defaults.js';
import {algorithmFor, computeQos, explainRequirements, PER_CONTAINER_QOS_MINOR, requirementsQOS, type QosClass} from '../../../src/k8s/qos.js';
import {Quantity} from '../../../src/k8s/quantity.js';

type RL = Record<string, string | number>;
interface C {
  name?: string;
  resources?: {requests?: RL; limits?: RL};
  restartPolicy?: string;
}
const c = (requests?: RL, limits?: RL, extra: Partial<C> = {}): C => ({resources: {...(requests ? {requests} : {}), ...(limits ? {limits} : {})}, ...extra});
const G = (cpu: string | number = '1', memory: string | number = '1Gi'): C => c(undefined, {cpu, memory});

interface Spec {
  containers?: C[];
  initContainers?: C[];
  ephemeralContainers?: C[];
  resources?: {requests?: RL; limits?: RL};
}
const named = (list: C[] | undefined, prefix: string) => list?.map((x, i) => ({name: x.name ?? `${prefix}${i}`, ...x}));
function spec(s: Spec) {
  return {
    containers: named(s.containers, 'app'),
    initContainers: named(s.initContainers, 'init'),
    ephemeralContainers: named(s.ephemeralContainers, 'debug'),
    resources: s.resources,
  };
}
function qos(s: Spec, minor: number): QosClass {
  // as the apiserver: SetDefaults_Pod on decode, then (from v1.37) pod-level defaulting at create
  const defaulted = defaultPodLevelResources(applyPodDefaults(readPodResources(spec(s)), minor).resources, minor);
  return computeQos(defaulted.resources, minor).qosClass;
}

// [name, spec, class with the summed algorithm (v1.34), class with the per-container one]
// The per-container column equals the summed one unless noted: upstream says they agree on valid pods.
const CASES: [string, Spec, QosClass, QosClass?][] = [
  ['no containers resources', {containers: [c()]}, 'BestEffort'],
  ['empty resources objects', {containers: [{resources: {requests: {}, limits: {}}}]}, 'BestEffort'],
  ['limits cpu=1 memory=1Gi only (requests defaulted)', {containers: [G()]}, 'Guaranteed'],
  ['requests == limits explicit', {containers: [c({cpu: '1', memory: '1Gi'}, {cpu: '1', memory: '1Gi'})]}, 'Guaranteed'],
  ['1 == 1000m across request and limit', {containers: [c({cpu: '1000m', memory: '1Gi'}, {cpu: '1', memory: '1073741824'})]}, 'Guaranteed'],
  ['0.5 == 500m', {containers: [c({cpu: '0.5', memory: '512Mi'}, {cpu: '500m', memory: '0.5Gi'})]}, 'Guaranteed'],
  ['129e6 == 129M memory', {containers: [c({cpu: '1', memory: '129e6'}, {cpu: '1', memory: '129M'})]}, 'Guaranteed'],
  ['1k == 1000 memory', {containers: [c({cpu: '1', memory: '1k'}, {cpu: '1', memory: '1000'})]}, 'Guaranteed'],
  ['JSON numbers', {containers: [c({cpu: 0.5, memory: 1024}, {cpu: '500m', memory: '1Ki'})]}, 'Guaranteed'],
  ['cpu request < limit', {containers: [c({cpu: '500m', memory: '1Gi'}, {cpu: '1', memory: '1Gi'})]}, 'Burstable'],
  ['memory request < limit', {containers: [c({cpu: '1', memory: '512Mi'}, {cpu: '1', memory: '1Gi'})]}, 'Burstable'],
  ['memory has no limit', {containers: [c({cpu: '1', memory: '1Gi'}, {cpu: '1'})]}, 'Burstable'],
  ['cpu has no limit', {containers: [c({cpu: '1', memory: '1Gi'}, {memory: '1Gi'})]}, 'Burstable'],
  ['requests only', {containers: [c({cpu: '100m', memory: '128Mi'})]}, 'Burstable'],
  ['cpu request only', {containers: [c({cpu: '100m'})]}, 'Burstable'],
  ['memory limit only', {containers: [c(undefined, {memory: '1Gi'})]}, 'Burstable'],
  ['cpu limit only', {containers: [c(undefined, {cpu: '1'})]}, 'Burstable'],
  ['only ephemeral-storage', {containers: [c({'ephemeral-storage': '1Gi'}, {'ephemeral-storage': '1Gi'})]}, 'BestEffort'],
  ['only nvidia.com/gpu', {containers: [c(undefined, {'nvidia.com/gpu': '1'})]}, 'BestEffort'],
  ['only hugepages', {containers: [c(undefined, {'hugepages-2Mi': '10Mi'})]}, 'BestEffort'],
  [
    'Guaranteed plus extended resources',
    {containers: [c(undefined, {cpu: '1', memory: '1Gi', 'nvidia.com/gpu': '1', 'ephemeral-storage': '2Gi'})]},
    'Guaranteed',
  ],
  ['Guaranteed plus hugepages', {containers: [c(undefined, {cpu: '1', memory: '1Gi', 'hugepages-2Mi': '10Mi'})]}, 'Guaranteed'],
  ['Guaranteed app + app with only ephemeral-storage', {containers: [G(), c(undefined, {'ephemeral-storage': '1Gi'})]}, 'Burstable'],
  ['Guaranteed app + init container without resources', {containers: [G()], initContainers: [c()]}, 'Burstable'],
  ['Guaranteed app + Guaranteed init', {containers: [G()], initContainers: [G('2', '2Gi')]}, 'Guaranteed'],
  ['Guaranteed app + sidecar without resources', {containers: [G()], initContainers: [c(undefined, undefined, {restartPolicy: 'Always'})]}, 'Burstable'],
  ['Guaranteed app + Guaranteed sidecar', {containers: [G()], initContainers: [{...G('100m', '64Mi'), restartPolicy: 'Always'}]}, 'Guaranteed'],
  ['BestEffort app + Burstable init', {containers: [c()], initContainers: [c({cpu: '100m'})]}, 'Burstable'],
  ['BestEffort app + Guaranteed init', {containers: [c()], initContainers: [G()]}, 'Burstable'],
  ['two Guaranteed apps', {containers: [G(), G('250m', '256Mi')]}, 'Guaranteed'],
  ['Guaranteed + Burstable apps', {containers: [G(), c({cpu: '100m'}, {cpu: '200m'})]}, 'Burstable'],
  ['Guaranteed + BestEffort apps', {containers: [G(), c()]}, 'Burstable'],
  ['two BestEffort apps', {containers: [c(), c()]}, 'BestEffort'],
  ['ephemeral container ignored (BestEffort pod)', {containers: [c()], ephemeralContainers: [c({cpu: '1'})]}, 'BestEffort'],
  ['ephemeral container ignored (Guaranteed pod)', {containers: [G()], ephemeralContainers: [c()]}, 'Guaranteed'],
  ['zero cpu and memory limits', {containers: [c(undefined, {cpu: '0', memory: '0'})]}, 'BestEffort'],
  ['zero requests, no limits', {containers: [c({cpu: '0', memory: '0'})]}, 'BestEffort'],
  ['zero cpu limit, memory Guaranteed', {containers: [c(undefined, {cpu: '0', memory: '1Gi'})]}, 'Burstable'],
  ['zero cpu request, cpu limit 1, memory equal', {containers: [c({cpu: '0', memory: '1Gi'}, {cpu: '1', memory: '1Gi'})]}, 'Burstable'],
  ['milli rounding makes request == limit', {containers: [c({cpu: '0.9991', memory: '1Gi'}, {cpu: '999.5m', memory: '1Gi'})]}, 'Guaranteed'],
  ['tiny request rounds up to 1m == limit 1m', {containers: [c({cpu: '0.0001', memory: '1Gi'}, {cpu: '1m', memory: '1Gi'})]}, 'Guaranteed'],
  ['1Gi vs 1G differ', {containers: [c({cpu: '1', memory: '1G'}, {cpu: '1', memory: '1Gi'})]}, 'Burstable'],
  ['empty requests map with limits (defaulted)', {containers: [{resources: {requests: {}, limits: {cpu: '1', memory: '1Gi'}}}]}, 'Guaranteed'],
  ['request for memory only with both limits', {containers: [c({memory: '1Gi'}, {cpu: '1', memory: '1Gi'})]}, 'Guaranteed'],
  ['request for memory lower with both limits', {containers: [c({memory: '512Mi'}, {cpu: '1', memory: '1Gi'})]}, 'Burstable'],
  ['init containers only Guaranteed', {containers: [G()], initContainers: [G(), G()]}, 'Guaranteed'],
  [
    'sidecar Burstable, apps Guaranteed',
    {containers: [G()], initContainers: [c({cpu: '100m'}, {cpu: '1', memory: '1Gi'}, {restartPolicy: 'Always'})]},
    'Burstable',
  ],
  ['exponent notation limits', {containers: [c(undefined, {cpu: '1e0', memory: '1e9'})]}, 'Guaranteed'],
  ['large values', {containers: [c(undefined, {cpu: '64', memory: '1Ti'})]}, 'Guaranteed'],
  ['Ki memory vs decimal memory equal', {containers: [c({cpu: 2, memory: '2048Ki'}, {cpu: '2000m', memory: '2097152'})]}, 'Guaranteed'],
  // Invalid pods (request > limit) where the two algorithms differ: sums can hide per-container differences.
  [
    'INVALID: sums equal but containers differ',
    {containers: [c({cpu: '1', memory: '1Gi'}, {cpu: '2', memory: '1Gi'}), c({cpu: '2', memory: '1Gi'}, {cpu: '1', memory: '1Gi'})]},
    'Guaranteed',
    'Burstable',
  ],
];

describe('QoS class: table (summed v1.34 and per-container)', () => {
  for (const [name, s, summed, perContainer] of CASES) {
    it(`${name}: ${summed}${perContainer && perContainer !== summed ? ` / ${perContainer}` : ''}`, () => {
      assert.equal(qos(s, 34), summed, 'summed (v1.34)');
      assert.equal(qos(s, PER_CONTAINER_QOS_MINOR), perContainer ?? summed, `per-container (v1.${PER_CONTAINER_QOS_MINOR})`);
    });
  }
});

// Pod-level spec.resources: gate PodLevelResources (beta, on, 1.34); at 1.37 PodLevelResourcesFixDefaulting
// (pod limits default to max(pod request, containers' limits) when every container limits the
// resource) and PodLevelResourcesFixKubeletQOSClass ({} and empty maps no longer decide), with the
// per-container algorithm. Checked against real apiservers by test/e2e/qos-differential.test.ts.
// [name, spec, v1.33, v1.34 to v1.36, v1.37]
const POD_LEVEL: [string, Spec, QosClass, QosClass, QosClass][] = [
  [
    'pod-level Guaranteed, containers without resources',
    {containers: [c()], resources: {limits: {cpu: '2', memory: '2Gi'}}},
    'BestEffort',
    'Guaranteed',
    'Guaranteed',
  ],
  ['pod-level requests only', {containers: [c()], resources: {requests: {cpu: '1', memory: '1Gi'}}}, 'BestEffort', 'Burstable', 'Burstable'],
  [
    'pod-level limits, container requests lower: pod requests default from containers',
    {containers: [c({cpu: '500m', memory: '1Gi'})], resources: {limits: {cpu: '2', memory: '2Gi'}}},
    'Burstable',
    'Burstable',
    'Burstable',
  ],
  [
    'pod-level limits, containers Guaranteed with equal sums',
    {containers: [G('1', '1Gi'), G('1', '1Gi')], resources: {limits: {cpu: '2', memory: '2Gi'}}},
    'Guaranteed',
    'Guaranteed',
    'Guaranteed',
  ],
  ['spec.resources {} + Guaranteed containers', {containers: [G()], resources: {}}, 'Guaranteed', 'BestEffort', 'Guaranteed'],
  ['spec.resources {requests: {}} + Guaranteed containers', {containers: [G()], resources: {requests: {}}}, 'Guaranteed', 'BestEffort', 'Guaranteed'],
  ['spec.resources {limits: {}} + Burstable containers', {containers: [c({cpu: '1'})], resources: {limits: {}}}, 'Burstable', 'BestEffort', 'Burstable'],
  ['pod-level cpu limit only', {containers: [c()], resources: {limits: {cpu: '1'}}}, 'BestEffort', 'Burstable', 'Burstable'],
  // pod requests default from the containers' cpu/memory requests; from 1.37 pod limits too (every container limits cpu and memory)
  [
    'pod-level hugepages only + Guaranteed containers',
    {containers: [c(undefined, {cpu: '1', memory: '1Gi', 'hugepages-2Mi': '4Mi'})], resources: {limits: {'hugepages-2Mi': '4Mi'}}},
    'Guaranteed',
    'Burstable',
    'Guaranteed',
  ],
  [
    'pod-level hugepages only, containers without cpu/memory',
    {containers: [c(undefined, {'hugepages-2Mi': '4Mi'})], resources: {limits: {'hugepages-2Mi': '4Mi'}}},
    'BestEffort',
    'BestEffort',
    'BestEffort',
  ],
  [
    'pod-level Guaranteed overrides BestEffort init container',
    {containers: [G()], initContainers: [c()], resources: {limits: {cpu: '1', memory: '1Gi'}}},
    'Burstable',
    'Guaranteed',
    'Guaranteed',
  ],
  [
    'pod-level requests, containers limit everything',
    {containers: [G('500m', '512Mi')], resources: {requests: {cpu: '500m', memory: '512Mi'}}},
    'Guaranteed',
    'Burstable',
    'Guaranteed',
  ],
  [
    "pod-level requests above the containers' limits: pod limits raised to the requests",
    {containers: [G('500m', '512Mi')], resources: {requests: {cpu: '1', memory: '1Gi'}}},
    'Guaranteed',
    'Burstable',
    'Guaranteed',
  ],
  [
    'pod-level requests, one container without a memory limit: no memory limit defaulted',
    {containers: [G('500m', '512Mi'), c(undefined, {cpu: '100m'})], resources: {requests: {cpu: '600m', memory: '512Mi'}}},
    'Burstable',
    'Burstable',
    'Burstable',
  ],
  [
    'pod-level cpu request only, containers limit both: memory request and both limits defaulted',
    {containers: [G('1', '1Gi')], resources: {requests: {cpu: '1'}}},
    'Guaranteed',
    'Burstable',
    'Guaranteed',
  ],
];

describe('QoS class: pod-level resources by version', () => {
  for (const [name, s, v33, v34, v37] of POD_LEVEL) {
    it(`${name}: 1.33 ${v33}, 1.34-1.36 ${v34}, 1.37 ${v37}`, () => {
      assert.equal(qos(s, 33), v33, 'v1.33 (gate off)');
      for (const minor of [34, 35, 36]) assert.equal(qos(s, minor), v34, `v1.${minor}`);
      assert.equal(qos(s, 37), v37, 'v1.37 (defaulting and QOS class fixes, per-container)');
    });
  }
});

describe('QoS class: reference table (kubernetes-rules.md 1.4)', () => {
  it('limits cpu=1, memory=1Gi, no requests -> Guaranteed', () => assert.equal(qos({containers: [G('1', '1Gi')]}, 34), 'Guaranteed'));
  it('Guaranteed app + init container without resources -> Burstable', () => assert.equal(qos({containers: [G()], initContainers: [c()]}, 34), 'Burstable'));
  it('only ephemeral-storage / nvidia.com/gpu -> BestEffort', () => {
    assert.equal(qos({containers: [c(undefined, {'ephemeral-storage': '1Gi'})]}, 34), 'BestEffort');
    assert.equal(qos({containers: [c(undefined, {'nvidia.com/gpu': '1'})]}, 37), 'BestEffort');
  });
  it('Guaranteed app + app with only ephemeral-storage -> Burstable', () =>
    assert.equal(qos({containers: [G(), c(undefined, {'ephemeral-storage': '1Gi'})]}, 34), 'Burstable'));
  it('spec.resources: {} + Guaranteed containers -> BestEffort before 1.37, Guaranteed from 1.37', () => {
    assert.equal(qos({containers: [G()], resources: {}}, 36), 'BestEffort');
    assert.equal(qos({containers: [G()], resources: {}}, 37), 'Guaranteed');
  });
});

describe('QoS: versions and algorithms', () => {
  it('selects the per-container algorithm from its first minor only', () => {
    assert.equal(algorithmFor(PER_CONTAINER_QOS_MINOR - 1), 'summed');
    assert.equal(algorithmFor(PER_CONTAINER_QOS_MINOR), 'per-container');
    assert.equal(algorithmFor(36), 'summed');
  });
});

describe('QoS: per-container class and reasons', () => {
  const rl = (o: Record<string, string>) => new Map(Object.entries(o).map(([k, v]) => [k, Quantity.parse(v)]));
  const cases: [Record<string, string>, Record<string, string>, QosClass, string][] = [
    [{}, {}, 'BestEffort', 'no cpu or memory requests or limits'],
    [{cpu: '1', memory: '1Gi'}, {cpu: '1', memory: '1Gi'}, 'Guaranteed', 'requests equal limits (cpu 1, memory 1Gi)'],
    [{cpu: '1', memory: '1Gi'}, {cpu: '1'}, 'Burstable', 'memory has no limit'],
    [{cpu: '100m', memory: '1Gi'}, {cpu: '200m', memory: '1Gi'}, 'Burstable', 'cpu request 100m != limit 200m'],
    [{cpu: '100m'}, {}, 'Burstable', 'cpu has no limit; memory has no request or limit'],
    [{'ephemeral-storage': '1Gi'}, {}, 'BestEffort', 'no cpu or memory requests or limits (ephemeral-storage does not count)'],
    [{cpu: '0', memory: '1Gi'}, {cpu: '1', memory: '1Gi'}, 'Burstable', 'cpu request is 0 != limit 1'],
    [{cpu: '1', memory: '1Gi'}, {cpu: '0', memory: '1Gi'}, 'Burstable', 'cpu limit is 0'],
  ];
  for (const [req, lim, cls, reason] of cases) {
    it(`${JSON.stringify(req)} / ${JSON.stringify(lim)}: ${cls}, "${reason}"`, () => {
      assert.equal(requirementsQOS(rl(req), rl(lim)), cls);
      assert.equal(explainRequirements(rl(req), rl(lim)), reason);
    });
  }

  it('types containers and explains the pod', () => {
    const r = computeQos(
      applyPodDefaults(readPodResources(spec({containers: [G()], initContainers: [c(), {...G(), restartPolicy: 'Always'}], ephemeralContainers: [c()]})), 34)
        .resources,
      34,
    );
    assert.deepEqual(
      r.containers.map((x) => [x.name, x.type, x.class, x.counts]),
      [
        ['init0', 'init', 'BestEffort', true],
        ['init1', 'sidecar', 'Guaranteed', true],
        ['app0', 'app', 'Guaranteed', true],
        ['debug0', 'ephemeral', 'BestEffort', false],
      ],
    );
    assert.equal(r.qosClass, 'Burstable');
    assert.equal(r.reason, 'init container init0: no cpu or memory requests or limits');
  });
});
