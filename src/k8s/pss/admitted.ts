// A pod (or a template's pod) as Pod Security Admission sees it: after the defaulting and the
// create-time mutations that run before validating admission. Evaluating the raw manifest would
// miss what these add. As of kube-apiserver v1.34.3:
// - kubernetes/kubernetes pkg/apis/core/v1/defaults.go SetDefaults_Pod: with hostNetwork, every
//   container and init container port with hostPort 0 gets hostPort = containerPort.
// - SetDefaults_Volume: a volume with no source becomes an emptyDir (restrictedVolumes handles it).
// - pkg/registry/core/pod/strategy.go applyAppArmorVersionSkew (PrepareForCreate): for non-Windows
//   pods, a container AppArmor annotation without a container field is copied into the field
//   (pkg/api/pod/util.go ApparmorFieldForAnnotation), unless it equals the pod-level profile.
// Idempotent: a pod read back from the apiserver comes out unchanged.
import type {ContainerLike, PodMeta, PodSpecLike} from './types.js';

const APPARMOR_PREFIX = 'container.apparmor.security.beta.kubernetes.io/';

type Profile = {type?: string; localhostProfile?: string};

function fieldForAnnotation(annotation: string): Profile | null {
  if (annotation === 'unconfined') return {type: 'Unconfined'};
  if (annotation === 'runtime/default') return {type: 'RuntimeDefault'};
  if (annotation.startsWith('localhost/')) {
    const name = annotation.slice('localhost/'.length);
    // ValidateAppArmorProfileField: not padded with whitespace, not empty, at most 4095 bytes.
    if (name !== '' && name.trim() === name && Buffer.byteLength(name) <= 4095) return {type: 'Localhost', localhostProfile: name};
  }
  return null;
}

function sameProfile(a: Profile, b: Profile | null | undefined): boolean {
  return b != null && (a.type ?? '') === (b.type ?? '') && (a.localhostProfile ?? null) === (b.localhostProfile ?? null);
}

export function admittedPod(meta: PodMeta | undefined, spec: PodSpecLike): {meta: PodMeta; spec: PodSpecLike} {
  const m: PodMeta = meta ?? {};
  let out = spec;
  const clone = () => {
    if (out === spec) out = structuredClone(spec);
    return out;
  };
  if (spec.hostNetwork === true) {
    for (const list of ['containers', 'initContainers'] as const) {
      (spec[list] ?? []).forEach((c, i) => {
        (c.ports ?? []).forEach((p, j) => {
          if ((p.hostPort ?? 0) === 0 && p.containerPort !== undefined && p.containerPort !== 0) clone()[list]![i].ports![j].hostPort = p.containerPort;
        });
      });
    }
  }
  if (spec.os?.name !== 'windows') {
    const annotations = m.annotations ?? {};
    const podProfile = spec.securityContext?.appArmorProfile;
    for (const list of ['initContainers', 'containers', 'ephemeralContainers'] as const) {
      (spec[list] ?? []).forEach((c: ContainerLike, i) => {
        const key = APPARMOR_PREFIX + c.name;
        if (!Object.hasOwn(annotations, key) || c.securityContext?.appArmorProfile != null) return;
        const field = fieldForAnnotation(String(annotations[key]));
        if (!field || sameProfile(field, podProfile)) return;
        const target = clone()[list]![i];
        target.securityContext = {...(target.securityContext ?? {}), appArmorProfile: field};
      });
    }
  }
  return {meta: m, spec: out};
}
