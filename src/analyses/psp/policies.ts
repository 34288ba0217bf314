// PodSecurityPolicies (policy/v1beta1, served up to 1.24; any version from manifests): the Pod
// Security Standards level each maps to, what it mutates, and who may use it.
import {compareLevels, type Level, type Version} from '../../k8s/pss/api.js';
import {pspLevel} from '../../k8s/psp/mapping.js';
import {mutatingFields} from '../../k8s/psp/mutating.js';
import {pspUseGrants, type PspUseGrant} from '../../k8s/psp/use.js';
import {finding} from '../../report/finding.js';
import {NOT_SERVED_PREFIX} from '../../report/reads.js';
import type {Finding, Skipped} from '../../report/types.js';
import type {KubeObject} from '../../k8s/object.js';
import type {Snapshot} from '../../k8s/snapshot.js';

export interface PspSummary {
  name: string;
  level: Level;
  fields: {field: string; level: Level; reason: string}[];
  mutating: {field: string; reason: string}[];
  usableBy: {subject: string; namespace: string | null; via: string}[];
}

export interface PolicyMapping {
  grants: PspUseGrant[];
  summaries: PspSummary[];
  findings: Finding[];
}

const RBAC_KINDS = ['clusterroles', 'clusterrolebindings', 'roles', 'rolebindings'] as const;

/**
 * Every PodSecurityPolicy read, mapped. `skipped` is the analysis's list: a failed PSP read is
 * reworded there, and a missing RBAC read added.
 */
export function mapPolicies(snapshot: Snapshot, version: Version, skipped: Skipped[]): PolicyMapping {
  rewordPolicyReadSkip(skipped);
  const out: PolicyMapping = {grants: [], summaries: [], findings: []};
  const psps = snapshot.objects.podsecuritypolicies;
  if (!psps || psps.length === 0) return out;
  const rbacRead = RBAC_KINDS.every((k) => snapshot.objects[k] !== undefined);
  if (rbacRead) {
    out.grants = pspUseGrants(psps, {
      roles: snapshot.objects.roles,
      rolebindings: snapshot.objects.rolebindings,
      clusterroles: snapshot.objects.clusterroles,
      clusterrolebindings: snapshot.objects.clusterrolebindings,
    });
  } else {
    skipped.push({check: 'psp/policy-use', reason: 'the RBAC objects could not all be read: who may use each PodSecurityPolicy is unknown'});
  }
  for (const psp of psps) mapPolicy(psp, version, rbacRead, out);
  return out;
}

/** A PSP list that failed is `psp/policies`; one not served (v1.25+) says there is nothing to map. */
function rewordPolicyReadSkip(skipped: Skipped[]): void {
  const at = skipped.findIndex((s) => s.check === 'read/podsecuritypolicies');
  if (at < 0) return;
  const why = skipped[at].reason;
  skipped[at] = {
    check: 'psp/policies',
    reason: why.startsWith(NOT_SERVED_PREFIX)
      ? `${NOT_SERVED_PREFIX}: PodSecurityPolicy (policy/v1beta1) is not served by this cluster (removed in v1.25): there are no PSPs to map; pass their manifests with -f to map them`
      : why,
  };
}

function mapPolicy(psp: KubeObject, version: Version, rbacRead: boolean, out: PolicyMapping): void {
  const m = pspLevel(psp, version);
  const mut = mutatingFields(psp);
  const usable = out.grants.filter((g) => g.psp === m.name).map((g) => ({subject: g.subject, namespace: g.namespace, via: g.via}));
  out.summaries.push({name: m.name, level: m.level, fields: m.fields, mutating: mut, usableBy: usable});
  const object = {kind: 'PodSecurityPolicy', name: m.name};
  const below = m.fields.filter((f) => compareLevels(f.level, 'restricted') < 0);
  out.findings.push(
    finding('psp/policy-level', {
      object,
      message:
        `PodSecurityPolicy "${m.name}" corresponds to the ${m.level} Pod Security Standard` +
        (below.length > 0 ? `: ${below.map((f) => `${f.field} ${f.reason} (${f.level})`).join('; ')}` : ''),
      remedy: {text: `Namespaces whose pods are all admitted under this policy can enforce ${m.level}.`},
    }),
  );
  if (mut.length > 0) {
    out.findings.push(
      finding('psp/policy-mutating', {
        object,
        field: mut[0].field,
        message: `PodSecurityPolicy "${m.name}" mutates pods: ${mut.map((f) => `${f.field} ${f.reason}`).join('; ')}`,
        remedy: {
          text: 'Pod Security Admission never changes pods: set these values in the workloads themselves, then simplify the policy on a clone named to sort before it (migration guide step 2).',
        },
      }),
    );
  }
  if (rbacRead && usable.length === 0) {
    out.findings.push(
      finding('psp/policy-unused', {
        object,
        message: `no RoleBinding or ClusterRoleBinding grants use of PodSecurityPolicy "${m.name}" (only system:masters can use it)`,
      }),
    );
  }
}
