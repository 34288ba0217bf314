// Seeded generator of the cases lint decides before and beside the Windows rules: container and
// pod-level resources (valid and not), manifests the apiserver cannot decode (a wrong JSON type at a
// random place, an unparseable quantity, an IntOrString that is neither), and unknown fields (the
// commonest Windows misplacements, wrong case, typos). Built on the lint pod generator, so the
// Windows rules stay in play.
import {Gen} from '../../support/random.js';
import {podSpec} from './lint-pod-generator.js';

type Obj = Record<string, unknown>;

const CPU = ['100m', '250m', '0.5', '1', '1.5', '2', '0', '1001m', '0.0001', '-1', '3e-3'];
const MEMORY = ['64Mi', '128Mi', '1Gi', '1G', '2Gi', '1073741824', '0', '-1Mi', '0.5Gi'];
const HUGE = ['2Mi', '4Mi', '3Mi', '1Gi', '0', '1Mi'];
const EXTENDED = ['1', '2', '0', '500m', '1.5', '-1'];
const NAMES = [
  'cpu',
  'memory',
  'ephemeral-storage',
  'hugepages-2Mi',
  'hugepages-1Gi',
  'example.com/gpu',
  'nvidia.com/gpu',
  'kubernetes.io/x',
  'gpu',
  'pods',
  'requests.cpu',
  'example.com/a/b',
  'example.com/',
  'Example.com/gpu',
  'hugepages-3x',
];

function valueFor(g: Gen, name: string): string {
  if (name === 'cpu') return g.pick(CPU);
  if (name === 'memory' || name === 'ephemeral-storage') return g.pick(MEMORY);
  if (name.startsWith('hugepages-')) return g.pick(HUGE);
  return g.pick(EXTENDED);
}

function resourceList(g: Gen, names: string[]): Obj {
  const out: Obj = {};
  for (const n of names) out[n] = valueFor(g, n);
  return out;
}

/** Container resources: mostly plausible, sometimes broken in one of the ways validation checks. */
export function resources(g: Gen): Obj | undefined {
  if (g.chance(0.3)) return undefined;
  const r: Obj = {};
  // one list at most with several keys, so the apiserver's Go-map order matters little
  const pool = g.chance(0.7) ? ['cpu', 'memory', 'hugepages-2Mi', 'example.com/gpu'] : NAMES;
  const names = g.some(pool, 1, 2);
  const shape = g.int(4);
  if (shape !== 1) r.limits = resourceList(g, names);
  if (shape !== 0) r.requests = resourceList(g, shape === 3 ? names : g.some(pool, 1, 2));
  if (shape === 3 && g.chance(0.5)) {
    // request = limit, as Windows guidance and non-overcommitable resources want
    for (const n of names) (r.requests as Obj)[n] = (r.limits as Obj)[n];
  }
  return r;
}

/** A pod spec from the lint generator with container (and sometimes pod-level) resources. */
export function resourcePodSpec(g: Gen): Obj {
  const spec = podSpec(g);
  for (const list of ['containers', 'initContainers'] as const) {
    for (const c of (spec[list] as Obj[] | undefined) ?? []) {
      const r = resources(g);
      if (r) c.resources = r;
    }
  }
  if (g.chance(0.15)) {
    spec.resources = {
      requests: {cpu: g.pick(['100m', '1', '4'])},
      ...(g.chance(0.5) ? {limits: {memory: g.pick(['1Gi', '8Gi']), ...(g.chance(0.3) ? {'hugepages-2Mi': '2Mi'} : {})}} : {}),
    };
  } else if (spec.resources !== undefined && g.chance(0.5)) {
    delete spec.resources;
  }
  return spec;
}

const BAD_QUANTITIES: unknown[] = ['lots', '1Zi', '2 GB', '1e', '', ' 1Gi ', '1mi', '1KiB', '+-1', '.', '1.2.3', true, {}, [], 1.5, '1ee3', '0x10'];
const PORTS: unknown[] = [80, 'http', 1.5, {}, true, [], 2 ** 31, ['x']];

// Values of every JSON type but the one a field takes (a value of the right type could break a
// validation rule lint does not model, e.g. restartPolicy: "abc").
const WRONG_FOR = {
  string: [1, 0, 1.5, -3, true, false, {}, {a: 'b'}, [], ['x']],
  int: ['abc', '', '10', 1.5, 2 ** 63, true, {}, ['x'], []],
  bool: ['true', 'yes', 1, 0, {}, [], [true]],
  object: ['abc', '', 1, true, [], ['x'], [{}]],
  list: ['abc', '', 1, 1.5, true, {}, {name: 'a'}, ['x'], [1]],
} as const;
type FieldKind = keyof typeof WRONG_FOR;

const SPEC_FIELDS: Array<[string, FieldKind]> = [
  ['containers', 'list'],
  ['initContainers', 'list'],
  ['tolerations', 'list'],
  ['volumes', 'list'],
  ['imagePullSecrets', 'list'],
  ['hostAliases', 'list'],
  ['restartPolicy', 'string'],
  ['dnsPolicy', 'string'],
  ['serviceAccountName', 'string'],
  ['nodeName', 'string'],
  ['hostname', 'string'],
  ['terminationGracePeriodSeconds', 'int'],
  ['activeDeadlineSeconds', 'int'],
  ['hostNetwork', 'bool'],
  ['hostPID', 'bool'],
  ['automountServiceAccountToken', 'bool'],
  ['enableServiceLinks', 'bool'],
  ['nodeSelector', 'object'],
  ['os', 'object'],
  ['securityContext', 'object'],
  ['affinity', 'object'],
  ['dnsConfig', 'object'],
];
const CONTAINER_FIELDS: Array<[string, FieldKind]> = [
  ['name', 'string'],
  ['image', 'string'],
  ['imagePullPolicy', 'string'],
  ['workingDir', 'string'],
  ['command', 'list'],
  ['args', 'list'],
  ['env', 'list'],
  ['ports', 'list'],
  ['resources', 'object'],
  ['securityContext', 'object'],
  ['stdin', 'bool'],
];
const WINDOWS_OPTION_FIELDS: Array<[string, FieldKind]> = [
  ['runAsUserName', 'string'],
  ['gmsaCredentialSpecName', 'string'],
  ['hostProcess', 'bool'],
];

function wrong(g: Gen, [field, kind]: [string, FieldKind]): [string, unknown] {
  const values = WRONG_FOR[kind].filter((v) => !(field === 'containers' && Array.isArray(v) && v.length === 0));
  return [field, g.pick(values)];
}

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The first container, when an earlier mutation left one (else a detached object). */
function firstContainer(spec: Obj): Obj {
  const list = spec.containers;
  return Array.isArray(list) && isObj(list[0]) ? list[0] : {};
}

/** Sets a random field of the spec (or its first container) to a value of the wrong type. */
function mutate(g: Gen, spec: Obj): void {
  const c0 = firstContainer(spec);
  const sc = (isObj(c0.securityContext) ? c0.securityContext : (c0.securityContext = {})) as Obj;
  switch (g.int(10)) {
    case 0:
    case 1: {
      const [f, v] = wrong(g, g.pick(SPEC_FIELDS));
      spec[f] = v;
      break;
    }
    case 2:
      spec.nodeSelector = {'kubernetes.io/os': g.pick(WRONG_FOR.string)};
      break;
    case 3: {
      const [f, v] = wrong(g, g.pick(CONTAINER_FIELDS));
      c0[f] = v;
      break;
    }
    case 4: {
      const [f, v] = wrong(g, g.pick(WINDOWS_OPTION_FIELDS));
      sc.windowsOptions = g.chance(0.3) ? g.pick(WRONG_FOR.object) : {[f]: v};
      break;
    }
    case 5:
    case 6:
      c0.resources = {[g.pick(['limits', 'requests'])]: {[g.pick(['cpu', 'memory', 'example.com/gpu'])]: g.pick(BAD_QUANTITIES)}};
      break;
    case 7:
      c0.resources = {limits: g.pick(WRONG_FOR.object)};
      break;
    case 8:
      c0.ports = [{containerPort: g.pick(WRONG_FOR.int)}];
      break;
    default:
      c0.livenessProbe = {[g.pick(['tcpSocket', 'httpGet'])]: {port: g.pick(PORTS)}};
      break;
  }
  if (c0.securityContext === sc && Object.keys(sc).length === 0) delete c0.securityContext;
}

const UNKNOWN_AT_SPEC = ['windowsOptions', 'runAsUserName', 'hostProcess', 'Containers', 'nodeselector', 'securityContex'];
const UNKNOWN_AT_CONTAINER = ['runAsUserName', 'windowsOptions', 'gmsaCredentialSpecName', 'limits', 'Image'];
const UNKNOWN_AT_SC = ['runAsUserName', 'gmsaCredentialSpecName', 'hostProcess', 'windowsoptions'];

/** Adds fields the apiserver does not know where people put them by mistake. */
function addUnknown(g: Gen, spec: Obj): void {
  const c0 = Array.isArray(spec.containers) && isObj(spec.containers[0]) ? spec.containers[0] : undefined;
  switch (g.int(4)) {
    case 0:
      spec[g.pick(UNKNOWN_AT_SPEC)] = g.pick(['x', {runAsUserName: 'ContainerUser'}, true]);
      break;
    case 1:
      if (c0) c0[g.pick(UNKNOWN_AT_CONTAINER)] = g.pick(['ContainerUser', {hostProcess: true}]);
      break;
    case 2:
      spec.securityContext = {...((spec.securityContext as Obj | undefined) ?? {}), [g.pick(UNKNOWN_AT_SC)]: 'ContainerUser'};
      break;
    default:
      if (c0) c0.securityContext = {...((c0.securityContext as Obj | undefined) ?? {}), windowsOptions: {runAsUsername: 'ContainerUser'}};
  }
}

/** A pod spec that may not decode, may carry unknown fields, and may break resource rules. */
export function decodePodSpec(g: Gen): Obj {
  const spec = resourcePodSpec(g);
  const mutations = g.chance(0.45) ? 1 + g.int(2) : 0;
  for (let i = 0; i < mutations; i++) mutate(g, spec);
  const unknown = g.chance(0.4) ? 1 + g.int(2) : 0;
  for (let i = 0; i < unknown; i++) addUnknown(g, spec);
  return spec;
}
