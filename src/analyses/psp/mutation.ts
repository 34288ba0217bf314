// Pods a PodSecurityPolicy mutated: their security settings differ from their controller's template.
// Pod Security Admission never mutates, so such a pod loses those settings once PSPs are gone.
import {finding} from '../../report/finding.js';
import type {Finding} from '../../report/types.js';
import type {Workload} from '../../k8s/snapshot.js';
import type {PodEvaluation} from './evaluate.js';

/** Canonical values by a key that matches pod to template (containers by name), and each key's field path in this object. */
export type SecuritySettings = {values: Record<string, string>; paths: Record<string, string>};

/** Stable JSON with empty objects and nulls dropped, so defaulted and unset compare equal. */
function canonical(v: unknown): string | undefined {
  if (v === null || v === undefined) return undefined;
  if (Array.isArray(v)) return `[${v.map((x) => canonical(x) ?? 'null').join(',')}]`;
  if (typeof v === 'object') {
    const parts = Object.keys(v as object)
      .sort()
      .flatMap((k) => {
        const c = canonical((v as Record<string, unknown>)[k]);
        return c === undefined ? [] : [`${JSON.stringify(k)}:${c}`];
      });
    return parts.length === 0 ? undefined : `{${parts.join(',')}}`;
  }
  return JSON.stringify(v);
}

const PROFILE_ANNOTATIONS = [
  'seccomp.security.alpha.kubernetes.io/',
  'container.seccomp.security.alpha.kubernetes.io/',
  'container.apparmor.security.beta.kubernetes.io/',
];

/** The fields a PodSecurityPolicy may set: pod and container security contexts, and the profile annotations. */
export function securitySettings(w: Workload): SecuritySettings {
  const out: SecuritySettings = {values: {}, paths: {}};
  const put = (k: string, path: string, v: unknown) => {
    out.paths[k] = path;
    const c = canonical(v);
    if (c !== undefined) out.values[k] = c;
  };
  put('securityContext', `${w.specPath}.securityContext`, w.spec.securityContext);
  for (const list of ['initContainers', 'containers'] as const) {
    (w.spec[list] ?? []).forEach((c, i) => put(`${list}/${c.name}`, `${w.specPath}.${list}[${i}].securityContext`, c.securityContext));
  }
  for (const [k, v] of Object.entries(w.podMetadata.annotations ?? {})) {
    if (PROFILE_ANNOTATIONS.some((p) => k.startsWith(p))) put(`annotation/${k}`, `metadata.annotations[${k}]`, v);
  }
  return out;
}

/** psp/pod-mutated for each pod admitted under a PSP whose settings differ from its controller's template. */
export function mutationFindings(
  ns: string,
  pods: PodEvaluation[],
  byRef: Map<string, PodEvaluation>,
  security: Map<PodEvaluation, SecuritySettings>,
): Finding[] {
  const findings: Finding[] = [];
  for (const p of pods) {
    if (!p.psp || p.template || !p.controller) continue;
    const owner = byRef.get(p.controller);
    const mine = security.get(p);
    const theirs = owner ? security.get(owner) : undefined;
    if (!mine || !theirs) continue;
    const changed = Object.keys(mine.paths)
      .filter((k) => mine.values[k] !== theirs.values[k])
      .map((k) => mine.paths[k]);
    if (changed.length === 0) continue;
    findings.push(
      finding('psp/pod-mutated', {
        object: {kind: p.kind, namespace: ns, name: p.name},
        field: changed[0],
        message: `pod admitted under PodSecurityPolicy "${p.psp}" differs from its ${p.controller} template in ${changed.join(', ')}: the policy set them, and Pod Security Admission will not`,
        remedy: {text: `Put these settings in the pod template of ${p.countedUnder ?? p.controller}, so its pods keep them without the PodSecurityPolicy.`},
      }),
    );
  }
  return findings;
}
