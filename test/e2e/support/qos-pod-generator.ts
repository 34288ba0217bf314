// Seeded generator of pods for the QoS differential suite: cpu/memory requests and limits in many
// notations (equal values written differently, values that only become equal after milli rounding,
// zeros, limits-only, requests-only), init containers, sidecars, hugepages, ephemeral-storage and
// extended resources, pod-level spec.resources on Linux pods (including pod requests only, over
// containers that all set limits: the v1.37 defaulting), and Windows pods (spec.os.name windows).
import {Quantity} from '../../../src/k8s/quantity.js';
import type {KubeObject} from '../../../src/k8s/object.js';
import {Gen} from '../../support/random.js';

type V = string | number;

/** Groups of notations with the same value (the last groups differ only below a milli). */
const CPU_GROUPS: V[][] = [
  ['1', '1000m', '1e0', '1.0', 1, '0.9991', '999.5m'],
  ['500m', '0.5', '.5', 0.5, '5e-1'],
  ['100m', '0.1', '1e-1', 0.1],
  ['250m', '0.25', 0.25, '250000u'],
  ['2', '2000m', 2, '2e0'],
  ['1.5', '1500m', 1.5],
  ['1m', '0.001', '0.0001', '1000u'],
  ['4', '4000m'],
];
const MEMORY_GROUPS: V[][] = [
  ['1Gi', '1073741824', '1024Mi', '1048576Ki', '1.0Gi'],
  ['1.5Gi', '1536Mi', '1610612736'],
  ['129e6', '129M', '129000000', '129000k'],
  ['1k', '1000', '1e3', 1000],
  ['512Mi', '0.5Gi', '536870912', '.5Gi'],
  ['128Mi', '134217728'],
  ['1G', '1000M', '1e9'],
  ['2Gi', '2048Mi', 2147483648],
];

/** The shared seeded draws (test/support/random.ts) plus pod-shaped ones. */
export class QosGen extends Gen {
  /** A request/limit pair for one resource, usually request <= limit. */
  pair(groups: V[][]): {request?: V; limit?: V} {
    const mode = this.int(10);
    if (mode === 0) return {};
    if (mode === 1) return {limit: this.pick(this.pick(groups))};
    if (mode === 2) return {request: this.pick(this.pick(groups))};
    if (mode === 3) return {request: '0', limit: this.chance(0.5) ? '0' : this.pick(this.pick(groups))};
    if (mode <= 6) {
      const g = this.pick(groups);
      return {request: this.pick(g), limit: this.pick(g)};
    }
    // two groups: the smaller is the request (occasionally the other way round: rejected)
    let a = this.pick(this.pick(groups));
    let b = this.pick(this.pick(groups));
    const qa = Quantity.fromJSON(a);
    const qb = Quantity.fromJSON(b);
    if (qa.cmp(qb) > 0 && !this.chance(0.03)) [a, b] = [b, a];
    return {request: a, limit: b};
  }

  /** cpu and memory both set with request == limit (in any notations of one value). */
  guaranteed(): Record<string, Record<string, V>> {
    const cpu = this.pick(CPU_GROUPS);
    const mem = this.pick(MEMORY_GROUPS);
    if (this.chance(0.4)) return {limits: {cpu: this.pick(cpu), memory: this.pick(mem)}};
    return {requests: {cpu: this.pick(cpu), memory: this.pick(mem)}, limits: {cpu: this.pick(cpu), memory: this.pick(mem)}};
  }

  /** Nothing that counts: no resources, zeros, or only other resources. */
  bestEffort(): Record<string, Record<string, V>> | undefined {
    return this.pick<Record<string, Record<string, V>> | undefined>([
      undefined,
      {},
      {requests: {}, limits: {}},
      {limits: {cpu: '0', memory: '0'}},
      {requests: {cpu: '0'}},
      {requests: {'ephemeral-storage': '1Gi'}},
      {limits: {'example.com/widget': '1'}},
    ]);
  }

  resources(opts: {hugepages: boolean; guaranteed?: boolean; bestEffort?: boolean}): Record<string, Record<string, V>> | undefined {
    if (opts.guaranteed) return this.guaranteed();
    if (opts.bestEffort) return this.bestEffort();
    if (this.chance(0.12)) return undefined;
    const requests: Record<string, V> = {};
    const limits: Record<string, V> = {};
    for (const [name, groups] of [
      ['cpu', CPU_GROUPS],
      ['memory', MEMORY_GROUPS],
    ] as const) {
      const p = this.pair(groups);
      if (p.request !== undefined) requests[name] = p.request;
      if (p.limit !== undefined) limits[name] = p.limit;
    }
    if (this.chance(0.15)) {
      const v = this.pick(['1Gi', '500Mi', '2G']);
      if (this.chance(0.5)) requests['ephemeral-storage'] = v;
      else limits['ephemeral-storage'] = v;
    }
    if (this.chance(0.1)) {
      const n = this.pick(['1', '2']);
      limits['example.com/widget'] = n;
      if (this.chance(0.5)) requests['example.com/widget'] = n;
    }
    // hugepages need a cpu or memory request/limit beside them (Linux only)
    if (
      opts.hugepages &&
      this.chance(0.08) &&
      (requests.cpu !== undefined || requests.memory !== undefined || limits.cpu !== undefined || limits.memory !== undefined)
    ) {
      limits['hugepages-2Mi'] = this.pick(['4Mi', '2Mi']);
    }
    const out: Record<string, Record<string, V>> = {};
    if (Object.keys(requests).length > 0 || this.chance(0.1)) out.requests = requests;
    if (Object.keys(limits).length > 0 || this.chance(0.1)) out.limits = limits;
    return out;
  }

  container(name: string, opts: {hugepages: boolean; sidecar?: boolean; guaranteed?: boolean; bestEffort?: boolean}): KubeObject {
    const c: KubeObject = {name, image: 'registry.k8s.io/pause:3.10'};
    const r = this.resources(opts);
    if (r) c.resources = r;
    if (opts.sidecar) c.restartPolicy = 'Always';
    return c;
  }

  podLevel(): Record<string, Record<string, V>> {
    if (this.chance(0.2)) return this.pick<Record<string, Record<string, V>>>([{}, {requests: {}}, {limits: {}}]);
    const out: Record<string, Record<string, V>> = {};
    const p = {cpu: this.pair(CPU_GROUPS.slice(3)), memory: this.pair(MEMORY_GROUPS.slice(6))};
    for (const [k, v] of Object.entries(p)) {
      if (v.request !== undefined) (out.requests ??= {})[k] = v.request;
      if (v.limit !== undefined) (out.limits ??= {})[k] = v.limit;
    }
    return out;
  }

  pod(name: string, namespace: string): KubeObject {
    const windows = this.chance(0.3);
    const spec: KubeObject = {containers: []};
    // a quarter of the pods aim at Guaranteed (one container in five may still break it)
    const aim = this.pick(['guaranteed', 'guaranteed', 'besteffort', 'mixed', 'mixed', 'mixed', 'mixed', 'mixed']);
    const guaranteed = () => aim === 'guaranteed' && !this.chance(0.05);
    const bestEffort = () => aim === 'besteffort' && !this.chance(0.05);
    const nApps = 1 + this.int(3);
    for (let i = 0; i < nApps; i++) spec.containers.push(this.container(`app-${i}`, {hugepages: !windows, guaranteed: guaranteed(), bestEffort: bestEffort()}));
    const nInit = this.chance(0.5) ? 1 + this.int(3) : 0;
    if (nInit > 0) {
      spec.initContainers = [];
      for (let i = 0; i < nInit; i++) {
        const sidecar = this.chance(0.4);
        spec.initContainers.push(
          this.container(`${sidecar ? 'sidecar' : 'init'}-${i}`, {hugepages: !windows, sidecar, guaranteed: guaranteed(), bestEffort: bestEffort()}),
        );
      }
    }
    if (windows) {
      spec.os = {name: 'windows'};
      spec.nodeSelector = {'kubernetes.io/os': 'windows'};
      spec.tolerations = [{key: 'os', operator: 'Equal', value: 'windows', effect: 'NoSchedule'}];
    } else {
      if (this.chance(0.3)) spec.os = {name: 'linux'};
      if (this.chance(0.2)) spec.resources = this.podLevel();
      // Pod requests above any container total (valid at every minor): from v1.37 the pod limits
      // default from them and the containers' limits (PodLevelResourcesFixDefaulting), so a pod
      // whose containers all set limits turns Guaranteed there and stays Burstable before.
      else if (aim === 'guaranteed' && this.chance(0.4)) spec.resources = {requests: {cpu: this.pick(['64', '100']), memory: this.pick(['256Gi', '1Ti'])}};
    }
    return {apiVersion: 'v1', kind: 'Pod', metadata: {name, namespace}, spec};
  }
}
