// Fields a minor decodes and then drops on create because the gate that owns them is off by default
// there (alpha, or beta and off), and no supported minor turns it on (kubernetes/kubernetes
// pkg/api/pod/util.go dropDisabledFields at that tag; pkg/features/kube_features.go). Before the
// minor that adds the field it is an unknown field (lint/unknown-field); where it is decoded the
// apiserver drops it without a word, so lint says so (lint/field-dropped).
import type {V1PodSpec} from '@kubernetes/client-node';

interface OffGateField {
  gate: string;
  /** The minors that decode the field and drop it. */
  minors: readonly number[];
  /** Where the spec sets it. */
  find(spec: Obj, specPath: string): string[];
}

type Obj = Record<string, unknown>;
const isSet = (v: unknown): boolean => v !== undefined && v !== null;
const asList = (v: unknown): Obj[] => (Array.isArray(v) ? (v as Obj[]) : []);
const at = (o: unknown, key: string): Obj | undefined => (isSet(o) && typeof o === 'object' ? ((o as Obj)[key] as Obj | undefined) : undefined);
const KINDS = ['initContainers', 'containers', 'ephemeralContainers'] as const;
const PROBES = ['livenessProbe', 'readinessProbe', 'startupProbe'] as const;

// Read-only answers of `pick` (never pushed to).
const NONE: readonly string[] = [];
const STOP_SIGNAL: readonly string[] = ['lifecycle.stopSignal'];

const specField = (name: string) => (spec: Obj, specPath: string) => (isSet(spec[name]) ? [`${specPath}.${name}`] : []);

/**
 * `pick(container)` gives the sub-paths set in one container; each is prefixed with that container's
 * path. Loops, not lists of lists: it runs for every container of every pod, and finds nothing.
 */
function inContainers(pick: (c: Obj) => readonly string[]) {
  return (spec: Obj, specPath: string): string[] => {
    const out: string[] = [];
    for (const kind of KINDS) {
      const list = asList(spec[kind]);
      for (let i = 0; i < list.length; i++) for (const p of pick(list[i])) out.push(`${specPath}.${kind}[${i}].${p}`);
    }
    return out;
  };
}

const FIELDS: readonly OffGateField[] = [
  // dropDisabledWorkloadRef (v1.35.4 util.go:1836): GenericWorkload alpha; v1.36 no longer has the field.
  {gate: 'GenericWorkload', minors: [35], find: specField('workloadRef')},
  // dropDisabledSchedulingGroup (v1.37.2): GenericWorkload alpha in v1.36, beta and off in v1.37.
  {gate: 'GenericWorkload', minors: [36, 37], find: specField('schedulingGroup')},
  // dropDisabledEvictionResponders (v1.37.2): EvictionRequestAPI alpha.
  {gate: 'EvictionRequestAPI', minors: [37], find: specField('evictionResponders')},
  // dropHTTPProbeProtocol (v1.37.2): H2CContainerProbe alpha; probes and lifecycle handlers.
  {
    gate: 'H2CContainerProbe',
    minors: [37],
    find: inContainers((c) => [
      ...PROBES.filter((p) => isSet(at(at(c, p), 'httpGet')?.protocol)).map((p) => `${p}.httpGet.protocol`),
      ...(['postStart', 'preStop'] as const)
        .filter((h) => isSet(at(at(at(c, 'lifecycle'), h), 'httpGet')?.protocol))
        .map((h) => `lifecycle.${h}.httpGet.protocol`),
    ]),
  },
  // dropDisabledGRPCContainerProbeTLS (v1.37.2): GRPCContainerProbeTLS alpha.
  {
    gate: 'GRPCContainerProbeTLS',
    minors: [37],
    find: inContainers((c) => PROBES.filter((p) => isSet(at(at(c, p), 'grpc')?.mode)).map((p) => `${p}.grpc.mode`)),
  },
  // EmptyDirVolumeMode alpha (v1.37.2 dropDisabledFields).
  {
    gate: 'EmptyDirVolumeMode',
    minors: [37],
    find: (spec, specPath) => asList(spec.volumes).flatMap((v, i) => (isSet(at(v, 'emptyDir')?.mode) ? [`${specPath}.volumes[${i}].emptyDir.mode`] : [])),
  },
  // VolumeBindMountOptions alpha (v1.37.2 dropDisabledFields).
  {
    gate: 'VolumeBindMountOptions',
    minors: [37],
    find: inContainers((c) => asList(c.volumeMounts).flatMap((m, j) => (isSet(m.bindMountOptions) ? [`volumeMounts[${j}].bindMountOptions`] : []))),
  },
  // dropContainerStopSignals (v1.34.3 to v1.37.2): ContainerStopSignals alpha since v1.33.
  {
    gate: 'ContainerStopSignals',
    minors: [34, 35, 36, 37],
    find: inContainers((c) => (isSet(at(c, 'lifecycle')?.stopSignal) ? STOP_SIGNAL : NONE)),
  },
];

/** The fields of this spec that the apiserver of `minor` decodes and drops, with the gate that is off. */
export function offGateFields(spec: V1PodSpec, specPath: string, minor: number): Array<{field: string; gate: string}> {
  const out: Array<{field: string; gate: string}> = [];
  for (const f of FIELDS) {
    if (!f.minors.includes(minor)) continue;
    for (const field of f.find(spec as unknown as Obj, specPath)) out.push({field, gate: f.gate});
  }
  return out;
}
