// `kubectl win psp readiness`: per namespace, the Pod Security level every pod and workload template
// in it meets, what blocks the next level, the labels to apply (audit and warn first), the Windows
// facts every other tool gets wrong, and, where PodSecurityPolicies still exist, what each maps to.
// Follows the migration guide (kubernetes/website tasks/configure-pod-container/migrate-from-psp.md).
//
// Double counting: every Pod and every template is evaluated and listed in its namespace's `pods[]`
// (the contract), but a Pod or ReplicaSet/Job whose controller chain leads to an evaluated template
// (Pod -> ReplicaSet -> Deployment, Pod -> Job -> CronJob) is `countedUnder` that template and left
// out of counts and findings, unless its own level differs from the template's (a pod created from
// an older template, or mutated by a PodSecurityPolicy): then it is a unit of its own.
import {
  compareLevels, DEFAULT_POLICY, labelErrorMessage, levelVersionString, majorMinor, parseVersion, podSecurityLabels, policyToEvaluate,
  sameVersion, type Level, type LevelVersion, type Policy, type Version,
} from '../../k8s/pss/api.js';
import {DEFAULT_CHECKS} from '../../k8s/pss/checks.js';
import {LATEST_MINOR} from '../../k8s/minor-versions.js';
import {Evaluator, forbiddenReason} from '../../k8s/pss/registry.js';
import {pspLevel} from '../../k8s/psp/mapping.js';
import {mutatingFields} from '../../k8s/psp/mutating.js';
import {pspUseGrants, serviceAccountCanUse, type PspUseGrant} from '../../k8s/psp/use.js';
import {NOT_SERVED_PREFIX, streamedKinds} from '../../report/reads.js';
import {makeReport} from '../../report/build.js';
import {notCheckedUndecodable} from '../undecodable.js';
import type {Finding, Remedy, Report, Skipped} from '../../report/types.js';
import type {Capabilities, Snapshot, SnapshotRequest, Workload} from '../../k8s/snapshot.js';
import type {KubeObject} from '../../k8s/object.js';
import type {Analysis} from '../types.js';
import {nestAt, osWindowsChange, podSpecRemedy} from '../remedy/pod-spec.js';
import {admittedOf, evaluateWorkload, type PodEvaluation} from './evaluate.js';
import {scopeIsNarrowed} from '../scope.js';

// Cluster components land here later (CNI, CSI, and on Windows kube-proxy and other HostProcess
// DaemonSets): the upstream guidance is to keep these privileged or exempt them, whatever they hold today.
const SYSTEM_NAMESPACES = new Set(['kube-system', 'kube-public', 'kube-node-lease']);
const SYSTEM_NAMESPACE_ADVICE =
  'A system namespace: cluster add-ons (CNI, CSI, and on Windows kube-proxy and other HostProcess DaemonSets) often need host access, ' +
  'so keep it privileged or exempt it (PodSecurityConfiguration exemptions.namespaces) rather than enforce what it meets today.';

export interface PspReadinessOptions {
  /** `v1.N` or `latest`; default: the server's minor live, latest offline. */
  version?: string;
  /** Live only: label each namespace with a server-side dry run and compare PSA's warnings with ours. */
  serverDryRun?: boolean;
  /** -l was given: the pods read are a subset, so a dry run's warnings cannot be compared. */
  selector?: string;
}

export interface PspSummary {
  name: string;
  level: Level;
  fields: {field: string; level: Level; reason: string}[];
  mutating: {field: string; reason: string}[];
  usableBy: {subject: string; namespace: string | null; via: string}[];
}

export interface DryRunResult {
  labels: Record<string, string>;
  /** PSA's warnings, as the apiserver returned them. */
  warnings: string[];
  /** What this tool expected PSA to say (the same format). */
  expected: string[];
  agrees: boolean;
  /** PSA said the namespace is exempt (PodSecurityConfiguration exemptions.namespaces): nothing is enforced there. */
  exempt?: boolean;
}

export interface NamespaceItem {
  namespace: string;
  /** False when the namespace object was not read (offline manifests without it). */
  exists: boolean;
  /** The namespace's pod-security.kubernetes.io/* labels. */
  currentLabels: Record<string, string>;
  /** The policy PSA applies from those labels (`restricted:v1.34`), invalid values resolved as PSA does. */
  currentPolicy: {enforce: string; audit: string; warn: string};
  labelErrors: string[];
  /** The highest level every pod and template in the namespace meets at `version`. */
  recommendedLevel: Level;
  /** The version the levels were computed at and that the commands pin (v1.N). */
  version: string;
  /** Evaluated units (not counted under another) per level. */
  counts: {restricted: number; baseline: number; privileged: number; units: number; evaluated: number};
  /** The next stricter level than recommended (null at restricted) and the units that block it. */
  nextLevel: Level | null;
  blockers: {kind: string; name: string; violations: string}[];
  /** HostProcess pods and templates: they need privileged. */
  hostProcess: string[];
  /** The commands to apply, in order: audit and warn first, a server-side dry run, then enforce. Empty when `noEnforce` says why not. */
  commands: string[];
  /** Why no enforce label is suggested: a system namespace, or nothing was evaluated in it. */
  noEnforce?: string;
  /** Every evaluated pod and template. */
  pods: PodEvaluation[];
  /** PodSecurityPolicies that pods here were admitted under, or that subjects here may use. */
  podSecurityPolicies: string[];
  serverDryRun?: DryRunResult[];
}

export const PSP_SOURCE = 'kubernetes/pod-security-admission policy/check_*.go';
const MIGRATE = 'kubernetes/website tasks/configure-pod-container/migrate-from-psp.md';

function labelCommand(ns: string, labels: Record<string, string>, dryRun = false): string {
  const kv = Object.entries(labels).map(([k, v]) => `${k}=${v}`).join(' ');
  return `kubectl label${dryRun ? ' --dry-run=server' : ''} --overwrite ns ${ns} ${kv}`;
}

const STRICTER: Record<Level, Level | null> = {privileged: 'baseline', baseline: 'restricted', restricted: null};

/** The merge patch that sets spec.os.name: windows at a workload's pod spec path. */
export function osPatch(specPath: string): unknown {
  return nestAt(specPath, OS_WINDOWS);
}
const OS_WINDOWS = {os: {name: 'windows'}};
const OS_REMEDY_TEXT = 'Set spec.os.name: windows and remove the Linux-only fields the API then rejects (do not add capabilities.drop or seccompProfile: Windows pods are exempt from those checks).';

const NOTHING_EVALUATED =
  'Nothing was evaluated in this namespace (no pods or templates were read), so there is no evidence for a level: ' +
  'an enforce label chosen now would reject the first workload that does not meet it. Label audit and warn, and decide when workloads exist.';

/** Why a restrictive enforce label must not be suggested for this namespace, if it must not. */
function noEnforceReason(ns: string, evaluated: number): string | undefined {
  if (SYSTEM_NAMESPACES.has(ns)) return SYSTEM_NAMESPACE_ADVICE;
  if (evaluated === 0) return NOTHING_EVALUATED;
  return undefined;
}

/** PSA's dry-run warnings for pods (not templates), as admission.EvaluatePodsInNamespace words them. */
export function expectedDryRunWarnings(ns: string, lv: LevelVersion, pods: {name: string; reason: string}[]): string[] {
  const counts = new Map<string, {name: string; count: number}>();
  const order: string[] = [];
  for (const p of pods) {
    if (p.reason === '') continue;
    const c = counts.get(p.reason);
    if (!c) {
      counts.set(p.reason, {name: p.name, count: 1});
      order.push(p.reason);
    } else {
      c.count++;
      if (p.name < c.name) c.name = p.name;
    }
  }
  if (order.length === 0) return [];
  const decorated = order.map((w) => {
    const c = counts.get(w)!;
    return c.count === 1 ? `${c.name}: ${w}` : c.count === 2 ? `${c.name} (and 1 other pod): ${w}` : `${c.name} (and ${c.count - 1} other pods): ${w}`;
  });
  decorated.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return [`existing pods in namespace ${JSON.stringify(ns)} violate the new PodSecurity enforce level ${JSON.stringify(levelVersionString(lv))}`, ...decorated];
}

interface NsState {
  pods: PodEvaluation[];
  /** For PSA dry-run comparisons: each Pod's ForbiddenReason at baseline and restricted. */
  podReasons: {name: string; baseline: string; restricted: string}[];
  /** Findings on the current enforce level, per evaluation (resolved to units at finish). */
  enforce: Map<PodEvaluation, string>;
  /** Security settings of templates, and of pods admitted under a PSP, to find what a PSP changed. */
  security: Map<PodEvaluation, SecuritySettings>;
}

/** Canonical values by a key that matches pod to template (containers by name), and each key's field path in this object. */
type SecuritySettings = {values: Record<string, string>; paths: Record<string, string>};

/** Stable JSON with empty objects and nulls dropped, so defaulted and unset compare equal. */
function canonical(v: unknown): string | undefined {
  if (v === null || v === undefined) return undefined;
  if (Array.isArray(v)) return `[${v.map((x) => canonical(x) ?? 'null').join(',')}]`;
  if (typeof v === 'object') {
    const parts = Object.keys(v as object).sort().flatMap((k) => {
      const c = canonical((v as Record<string, unknown>)[k]);
      return c === undefined ? [] : [`${JSON.stringify(k)}:${c}`];
    });
    return parts.length === 0 ? undefined : `{${parts.join(',')}}`;
  }
  return JSON.stringify(v);
}

/** The fields a PodSecurityPolicy may set: pod and container security contexts, and the profile annotations. */
function securitySettings(w: Workload): SecuritySettings {
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
    if (k.startsWith('seccomp.security.alpha.kubernetes.io/') || k.startsWith('container.seccomp.security.alpha.kubernetes.io/') || k.startsWith('container.apparmor.security.beta.kubernetes.io/')) {
      put(`annotation/${k}`, `metadata.annotations[${k}]`, v);
    }
  }
  return out;
}

// The same for most pods: one object each, shared by the findings (never changed after they are made).
const WINDOWS_NON_ROOT_REMEDY = {
  text: 'Windows pods are not exempt from runAsNonRoot: set securityContext.runAsNonRoot: true and run as ContainerUser (securityContext.windowsOptions.runAsUserName: ContainerUser); the Windows kubelet refuses ContainerAdministrator under runAsNonRoot.',
};
const RESTRICTED_FIELDS_REMEDY = {text: 'Set the fields restricted requires (see the message), or enforce baseline.'};
// A Windows pod without spec.os.name fails the Linux-only restricted checks (allowPrivilegeEscalation,
// capabilities, seccomp) that spec.os.name: windows exempts it from: that is the first fix, not runAsNonRoot.
// The restricted checks that skip pods with spec.os.name: windows (pod-security-admission policy/check_*.go, v1.25+).
const LINUX_ONLY_CHECKS = new Set(['allowPrivilegeEscalation', 'capabilities_restricted', 'seccompProfile_restricted']);
const OS_FIRST_REMEDY = {text: 'First set spec.os.name: windows (see psp/windows-missing-os): Pod Security then skips its Linux-only checks; fix what remains after that.'};

/** The checks that read a namespace's pod-security.kubernetes.io labels. */
const NAMESPACE_LABEL_CHECKS = ['psp/violates-enforce', 'psp/label-invalid', 'psp/no-enforce-label', 'psp/can-tighten'];

export const pspReadinessAnalysis: Analysis<NamespaceItem, PspReadinessOptions> = {
  name: 'psp',
  reportKind: 'PSPReadinessReport',

  request(): SnapshotRequest {
    return {
      // nodes: a pod pinned to a Windows node is a Windows pod (src/k8s/windows-pod.ts).
      kinds: ['namespaces', 'podsecuritypolicies', 'clusterroles', 'clusterrolebindings', 'roles', 'rolebindings', 'nodes', 'runtimeclasses'],
      pods: true,
      workloads: true,
    };
  },

  primary(options: PspReadinessOptions) {
    return streamedKinds(this.request(options));
  },

  begin(snapshot: Snapshot, options: PspReadinessOptions, caps: Capabilities) {
    const serverMinor = snapshot.serverVersion?.major === 1 ? snapshot.serverVersion.minor : undefined;
    // What the server itself does with the namespace labels: its PSA knows no newer rules than its minor.
    const serverEval = new Evaluator(DEFAULT_CHECKS, serverMinor);
    const target = new Evaluator();
    // Offline, `latest` is the one LATEST_MINOR every analysis uses (src/k8s/minor-versions.ts).
    let version: Version = options.version !== undefined ? parseVersion(options.version).version : majorMinor(1, serverMinor ?? LATEST_MINOR);
    const ev = options.version === undefined ? serverEval : target;
    version = ev.effectiveVersion(version);
    const versionText = `v1.${(version as {minor: number}).minor}`;
    const cluster = {nodes: snapshot.objects.nodes, runtimeClasses: snapshot.objects.runtimeclasses};

    const namespaceObjects = new Map<string, KubeObject>();
    for (const ns of snapshot.objects.namespaces ?? []) {
      const name = ns.metadata?.name;
      if (name && (snapshot.namespace === undefined || name === snapshot.namespace)) namespaceObjects.set(name, ns);
    }
    const state = new Map<string, NsState>();
    const nsState = (ns: string) => {
      let s = state.get(ns);
      if (!s) state.set(ns, (s = {pods: [], podReasons: [], enforce: new Map(), security: new Map()}));
      return s;
    };
    for (const ns of namespaceObjects.keys()) nsState(ns);
    const policies = new Map<string, {policy: Policy; errors: string[]}>();
    const policyOf = (ns: string) => {
      let p = policies.get(ns);
      if (!p) {
        const r = policyToEvaluate(namespaceObjects.get(ns)?.metadata?.labels as Record<string, string> | undefined, DEFAULT_POLICY);
        policies.set(ns, (p = {policy: r.policy, errors: r.errors.map(labelErrorMessage)}));
      }
      return p;
    };

    const notChecked: Skipped[] = [];
    const osRemedies = new Map<PodEvaluation, Remedy>();
    return {
      visit(w: Workload) {
        // The apiserver would reject it undecoded: its spec is not analysable (lint reports the error).
        if (w.undecodable) {
          notChecked.push(notCheckedUndecodable('psp', w));
          return;
        }
        const e = evaluateWorkload(ev, version, w, cluster);
        const s = nsState(w.namespace);
        s.pods.push(e);
        // The remedy names the pod's owner, known only here where the workload is.
        if (e.levelWithOsWindows) osRemedies.set(e, podSpecRemedy(w, OS_REMEDY_TEXT, osWindowsChange(w.spec)));
        if (w.template || e.psp) s.security.set(e, securitySettings(w));
        const {meta, spec} = admittedOf(w);
        const {policy} = policyOf(w.namespace);
        if (policy.enforce.level !== 'privileged') {
          const agg = serverEval.evaluate(policy.enforce, meta, spec);
          if (!agg.allowed) {
            const detail = agg.forbiddenReasons.map((r, i) => (agg.forbiddenDetails[i] ? `${r} (${agg.forbiddenDetails[i]})` : r)).join(', ');
            s.enforce.set(e, `violates PodSecurity ${JSON.stringify(levelVersionString(policy.enforce))}: ${detail}`);
          }
        }
        if (!w.template && options.serverDryRun) {
          const reasonAt = (level: Level) => forbiddenReason(serverEval.evaluate({level, version}, meta, spec));
          s.podReasons.push({name: w.name, baseline: reasonAt('baseline'), restricted: reasonAt('restricted')});
        }
      },

      async finish(): Promise<Report<NamespaceItem>> {
        const findings: Finding[] = [];
        const skipped: Skipped[] = [...snapshot.skipped, ...notChecked];
        // Without the Namespace objects their pod-security labels are unknown: the checks that
        // compare against them did not run (an unread label is not "enforces privileged").
        if (snapshot.objects.namespaces === undefined) {
          const why = skipped.find((s) => s.check === 'read/namespaces')?.reason;
          for (const check of NAMESPACE_LABEL_CHECKS) skipped.push({check, reason: `namespaces could not be read${why ? ` (${why})` : ''}: their pod-security labels are unknown`});
        }

        // PodSecurityPolicies (policy/v1beta1, served up to 1.24; any version from manifests).
        const psps = snapshot.objects.podsecuritypolicies;
        const pspSkip = skipped.findIndex((s) => s.check === 'read/podsecuritypolicies');
        if (pspSkip >= 0) {
          const why = skipped[pspSkip].reason;
          skipped[pspSkip] = {
            check: 'psp/policies',
            reason: why.startsWith(NOT_SERVED_PREFIX)
              ? `${NOT_SERVED_PREFIX}: PodSecurityPolicy (policy/v1beta1) is not served by this cluster (removed in v1.25): there are no PSPs to map; pass their manifests with -f to map them`
              : why,
          };
        }
        const rbacRead = ['clusterroles', 'clusterrolebindings', 'roles', 'rolebindings'].every((k) => snapshot.objects[k as 'roles'] !== undefined);
        let grants: PspUseGrant[] = [];
        const pspSummaries: PspSummary[] = [];
        if (psps && psps.length > 0) {
          if (rbacRead) {
            grants = pspUseGrants(psps, {
              roles: snapshot.objects.roles, rolebindings: snapshot.objects.rolebindings,
              clusterroles: snapshot.objects.clusterroles, clusterrolebindings: snapshot.objects.clusterrolebindings,
            });
          } else {
            skipped.push({check: 'psp/policy-use', reason: 'the RBAC objects could not all be read: who may use each PodSecurityPolicy is unknown'});
          }
          for (const psp of psps) {
            const m = pspLevel(psp, version);
            const mut = mutatingFields(psp);
            const usable = grants.filter((g) => g.psp === m.name).map((g) => ({subject: g.subject, namespace: g.namespace, via: g.via}));
            pspSummaries.push({name: m.name, level: m.level, fields: m.fields, mutating: mut, usableBy: usable});
            const object = {kind: 'PodSecurityPolicy', name: m.name};
            const below = m.fields.filter((f) => compareLevels(f.level, 'restricted') < 0);
            findings.push({
              id: 'psp/policy-level', severity: 'info', object,
              message: `PodSecurityPolicy "${m.name}" corresponds to the ${m.level} Pod Security Standard` +
                (below.length > 0 ? `: ${below.map((f) => `${f.field} ${f.reason} (${f.level})`).join('; ')}` : ''),
              source: 'kubernetes/website reference/access-authn-authz/psp-to-pod-security-standards.md',
              remedy: {text: `Namespaces whose pods are all admitted under this policy can enforce ${m.level}.`},
            });
            if (mut.length > 0) {
              findings.push({
                id: 'psp/policy-mutating', severity: 'warning', object, field: mut[0].field,
                message: `PodSecurityPolicy "${m.name}" mutates pods: ${mut.map((f) => `${f.field} ${f.reason}`).join('; ')}`,
                source: 'kubernetes-sigs/pspmigrator pspmutating.go',
                remedy: {text: 'Pod Security Admission never changes pods: set these values in the workloads themselves, then simplify the policy on a clone named to sort before it (migration guide step 2).'},
              });
            }
            if (rbacRead && usable.length === 0) {
              findings.push({
                id: 'psp/policy-unused', severity: 'info', object,
                message: `no RoleBinding or ClusterRoleBinding grants use of PodSecurityPolicy "${m.name}" (only system:masters can use it)`,
                source: 'kubernetes/kubernetes plugin/pkg/admission/security/podsecuritypolicy/admission.go',
              });
            }
          }
        }

        // Resolve controller chains to the evaluated template each pod is counted under.
        const items: NamespaceItem[] = [];
        const names = [...state.keys()].sort();
        for (const ns of names) {
          const s = state.get(ns)!;
          // With -l only the selected pods were read: a namespace without any says nothing.
          if (options.selector && s.pods.length === 0) continue;
          const byRef = new Map<string, PodEvaluation>();
          for (const p of s.pods) byRef.set(`${p.kind}/${p.name}`, p);
          for (const p of s.pods) {
            let owner = p.controller ? byRef.get(p.controller) : undefined;
            let root: PodEvaluation | undefined;
            const seen = new Set<PodEvaluation>();
            while (owner && owner.template && !seen.has(owner)) {
              seen.add(owner);
              root = owner;
              owner = owner.controller ? byRef.get(owner.controller) : undefined;
            }
            if (root && root !== p && root.level === p.level) p.countedUnder = `${root.kind}/${root.name}`;
          }
          const units = s.pods.filter((p) => !p.countedUnder);
          const counts = {restricted: 0, baseline: 0, privileged: 0, units: units.length, evaluated: s.pods.length};
          for (const u of units) counts[u.level]++;
          let recommended: Level = 'restricted';
          for (const p of s.pods) if (compareLevels(p.level, recommended) < 0) recommended = p.level;
          const next = STRICTER[recommended];
          const blockers = next === null ? [] : units.filter((u) => compareLevels(u.level, next) < 0).map((u) => ({kind: u.kind, name: u.name, violations: u.messages[next as 'baseline' | 'restricted'] ?? ''}));
          const nsObj = namespaceObjects.get(ns);
          const currentLabels = podSecurityLabels(nsObj?.metadata?.labels as Record<string, string> | undefined);
          const {policy, errors} = policyOf(ns);
          const hostProcess = units.filter((u) => u.hostProcess).map((u) => `${u.kind}/${u.name}`);

          // Commands: audit and warn at the next level up (to see what still blocks it), dry run, enforce.
          const watch = next ?? recommended;
          // Never a restrictive enforce for a system namespace or one where nothing was evaluated:
          // piping the commands to a shell must not lock down kube-system.
          const noEnforce = noEnforceReason(ns, counts.evaluated);
          const commands = noEnforce ? [] : [
            labelCommand(ns, {'pod-security.kubernetes.io/audit': watch, 'pod-security.kubernetes.io/audit-version': versionText, 'pod-security.kubernetes.io/warn': watch, 'pod-security.kubernetes.io/warn-version': versionText}),
            labelCommand(ns, {'pod-security.kubernetes.io/enforce': recommended, 'pod-security.kubernetes.io/enforce-version': versionText}, true),
            labelCommand(ns, {'pod-security.kubernetes.io/enforce': recommended, 'pod-security.kubernetes.io/enforce-version': versionText}),
          ];
          const nsPsps = new Set<string>();
          for (const p of s.pods) if (p.psp) nsPsps.add(p.psp);
          for (const g of grants) if (g.namespace === ns || (g.namespace === null && g.subject.includes(`/${ns}"`))) nsPsps.add(g.psp);
          const item: NamespaceItem = {
            namespace: ns,
            exists: nsObj !== undefined,
            currentLabels,
            currentPolicy: {enforce: levelVersionString(policy.enforce), audit: levelVersionString(policy.audit), warn: levelVersionString(policy.warn)},
            labelErrors: errors,
            recommendedLevel: recommended,
            version: versionText,
            counts,
            nextLevel: next,
            blockers,
            hostProcess,
            commands,
            ...(noEnforce ? {noEnforce} : {}),
            pods: s.pods,
            podSecurityPolicies: [...nsPsps].sort(),
          };
          items.push(item);

          // Namespace findings.
          const nsRef = {kind: 'Namespace', name: ns};
          for (const e of errors) {
            // A system namespace's invalid label is fixed by privileged, what it should keep; elsewhere by what the namespace meets.
            const fix: Remedy = SYSTEM_NAMESPACES.has(ns)
              ? {text: `Set a valid value; until then PSA enforces ${levelVersionString(policy.enforce)} here. ${SYSTEM_NAMESPACE_ADVICE}`,
                command: labelCommand(ns, {'pod-security.kubernetes.io/enforce': 'privileged', 'pod-security.kubernetes.io/enforce-version': versionText})}
              : noEnforce
                ? {text: `Set a valid value (or remove the label); until then PSA enforces ${levelVersionString(policy.enforce)} here. ${noEnforce}`}
                : {text: `Set a valid value; until then PSA enforces ${levelVersionString(policy.enforce)} here.`, command: commands[2]};
            findings.push({id: 'psp/label-invalid', severity: 'error', object: nsRef, field: 'metadata.labels', message: e, source: 'kubernetes/pod-security-admission api/helpers.go PolicyToEvaluate', remedy: fix});
          }
          const tightenRemedy = (text: string): Remedy => (noEnforce ? {text: noEnforce} : {text, command: commands.join('\n')});
          if (nsObj && !(('pod-security.kubernetes.io/enforce') in currentLabels)) {
            findings.push({id: 'psp/no-enforce-label', severity: 'info', object: nsRef, field: 'metadata.labels',
              message: counts.evaluated === 0
                ? `namespace "${ns}" has no pod-security.kubernetes.io/enforce label, and no pod or template was evaluated in it`
                : `namespace "${ns}" has no pod-security.kubernetes.io/enforce label; every pod and template here meets ${recommended} at ${versionText}`,
              source: MIGRATE, remedy: tightenRemedy('Label audit and warn first, check with a server-side dry run, then enforce.')});
          } else if (nsObj && !noEnforce && compareLevels(recommended, policy.enforce.level) > 0) {
            findings.push({id: 'psp/can-tighten', severity: 'info', object: nsRef, field: 'metadata.labels',
              message: `namespace "${ns}" enforces ${levelVersionString(policy.enforce)} but every pod and template here meets ${recommended} at ${versionText}`,
              source: MIGRATE, remedy: tightenRemedy('Tighten the enforce level.')});
          }

          // Pods a PodSecurityPolicy mutated: their security settings differ from their controller's template.
          for (const p of s.pods) {
            if (!p.psp || p.template || !p.controller) continue;
            const owner = byRef.get(p.controller);
            const mine = s.security.get(p);
            const theirs = owner ? s.security.get(owner) : undefined;
            if (!mine || !theirs) continue;
            const changed = Object.keys(mine.paths).filter((k) => mine.values[k] !== theirs.values[k]).map((k) => mine.paths[k]);
            if (changed.length === 0) continue;
            findings.push({
              id: 'psp/pod-mutated', severity: 'warning', object: {kind: p.kind, namespace: ns, name: p.name},
              field: changed[0],
              message: `pod admitted under PodSecurityPolicy "${p.psp}" differs from its ${p.controller} template in ${changed.join(', ')}: the policy set them, and Pod Security Admission will not`,
              source: MIGRATE,
              remedy: {text: `Put these settings in the pod template of ${p.countedUnder ?? p.controller}, so its pods keep them without the PodSecurityPolicy.`},
            });
          }

          // Unit findings.
          for (const u of units) {
            const object = {kind: u.kind, namespace: ns, name: u.name};
            const enforceMsg = s.enforce.get(u);
            if (enforceMsg) {
              findings.push({
                id: 'psp/violates-enforce', severity: 'error', object, field: u.specPath, message: enforceMsg, source: PSP_SOURCE,
                remedy: {text: u.template
                  ? `PSA does not enforce on templates (it warns and audits on them): the ${u.kind}'s next pods will be rejected with this message. Fix the template, or relax the namespace's enforce level.`
                  : 'This running pod was admitted before the label; PSA will reject it when it is recreated. Fix its owner, or relax the enforce level.'},
              });
            }
            if (u.level === 'privileged') {
              findings.push({id: 'psp/blocks-baseline', severity: 'warning', object, field: u.specPath, message: u.messages.baseline ?? '', source: PSP_SOURCE,
                remedy: {text: u.hostProcess
                  ? 'A HostProcess pod is privileged by design: keep it in a namespace that enforces privileged, apart from other workloads.'
                  : `Remove the fields listed, or keep namespace "${ns}" at privileged.`}});
            } else if (u.level === 'baseline') {
              const winNonRoot = u.windows && u.violations.restricted.some((v) => v.check === 'runAsNonRoot');
              findings.push({id: 'psp/blocks-restricted', severity: 'info', object, field: u.specPath, message: u.messages.restricted ?? '', source: PSP_SOURCE,
                remedy: u.levelWithOsWindows || (u.windows && u.violations.restricted.some((v) => LINUX_ONLY_CHECKS.has(v.check))) ? OS_FIRST_REMEDY : winNonRoot ? WINDOWS_NON_ROOT_REMEDY : RESTRICTED_FIELDS_REMEDY});
            }
            if (u.levelWithOsWindows) {
              findings.push({
                id: 'psp/windows-missing-os', severity: 'warning', object, field: `${u.specPath}.os.name`,
                message: `${u.kind} "${u.name}" targets Windows (${u.windows}) but does not set spec.os.name: windows, so Pod Security applies the Linux rules: it meets ${u.level}; with spec.os.name: windows it would meet ${u.levelWithOsWindows} (v1.25+ exempts Windows pods from allowPrivilegeEscalation, capabilities and seccomp)`,
                source: 'kubernetes/pod-security-admission policy/check_seccompProfile_restricted.go',
                remedy: osRemedies.get(u) ?? {text: OS_REMEDY_TEXT},
              });
            }
            if (u.hostProcess) {
              findings.push({
                id: 'psp/windows-hostprocess', severity: 'info', object, field: u.specPath,
                message: `${u.kind} "${u.name}" runs HostProcess containers: it needs enforce=privileged (or a PSA exemption) in namespace "${ns}"`,
                source: 'kubernetes/website concepts/security/pod-security-standards.md',
                // Text only: labelling this namespace privileged would not clear the finding (the pod still
                // runs HostProcess containers), and it would open the namespace to every other workload.
                remedy: {text: 'Run HostProcess workloads in a dedicated namespace that enforces privileged (pod-security.kubernetes.io/enforce=privileged), so other namespaces can enforce baseline or restricted.'},
              });
            }
            for (const n of u.runAsNonRoot ?? []) {
              if (!n.refused && !n.imageDefaultsToAdministrator) continue;
              findings.push({
                id: 'psp/windows-run-as-non-root', severity: 'warning', object, field: u.specPath,
                message: n.refused
                  ? `container's runAsUserName (${n.runAsUserName}) which will be regarded as root identity and will break non-root policy (container: ${n.container})`
                  : `container "${n.container}" sets no runAsUserName and its image ${n.image} (Windows Server Core based) runs as ContainerAdministrator by default, so the kubelet will refuse it under runAsNonRoot: container's runAsUser (ContainerAdministrator) which will be regarded as root identity and will break non-root policy`,
                source: 'kubernetes/kubernetes pkg/kubelet/kuberuntime/security_context_windows.go',
                remedy: {text: 'With runAsNonRoot: true, run the container as ContainerUser (securityContext.windowsOptions.runAsUserName: ContainerUser).'},
              });
            }
            if (u.psp && !u.template && grants.length > 0 && !serviceAccountCanUse(grants, u.psp, ns, u.serviceAccount)) {
              findings.push({
                id: 'psp/pod-psp-not-granted', severity: 'info', object, field: 'metadata.annotations[kubernetes.io/psp]',
                message: `pod was admitted under PodSecurityPolicy "${u.psp}", which its ServiceAccount "${u.serviceAccount}" may not use: the user that created it could`,
                source: 'kubernetes/kubernetes plugin/pkg/admission/security/podsecuritypolicy/admission.go',
              });
            }
          }

          // Server-side dry run: PSA's own warnings for the pods (not templates) in the namespace.
          if (options.serverDryRun && nsObj && caps.dryRunLabelNamespace) {
            item.serverDryRun = [];
            for (const level of ['baseline', 'restricted'] as const) {
              const lv = {level, version};
              const labels = {'pod-security.kubernetes.io/enforce': level, 'pod-security.kubernetes.io/enforce-version': versionText};
              const cur = policy.enforce;
              // PSA checks no pods when the enforce policy is unchanged, or relaxed at the same version.
              if (sameVersion(cur.version, version) && compareLevels(level, cur.level) < 1) continue;
              try {
                const warnings = await caps.dryRunLabelNamespace(ns, labels);
                const expected = expectedDryRunWarnings(ns, lv, s.podReasons.map((p) => ({name: p.name, reason: p[level]})));
                const psaPart = warnings.filter((w) => !w.startsWith('new PodSecurity enforce level only checked'));
                // An exemption in the cluster's PodSecurityConfiguration (not readable through the API) shows here only.
                const exempt = warnings.some((w) => /^namespace ".*" is exempt from Pod Security, and the policy \(.*\) will be ignored$/.test(w));
                const agrees = options.selector || exempt ? true : JSON.stringify(psaPart) === JSON.stringify(expected);
                item.serverDryRun.push({labels, warnings, expected, agrees, ...(exempt ? {exempt} : {})});
                if (!agrees) {
                  findings.push({id: 'psp/server-dry-run-differs', severity: 'warning', object: nsRef, field: 'metadata.labels',
                    message: `PSA's dry run of ${levelVersionString(lv)} says: ${psaPart.join(' | ') || '(no warnings)'}; expected: ${expected.join(' | ') || '(no warnings)'}`,
                    source: 'kubernetes/pod-security-admission admission/admission.go', remedy: {text: 'PSA is the judge: please report the difference.', command: labelCommand(ns, labels, true)}});
                }
              } catch (err) {
                skipped.push({check: 'psp/server-dry-run', reason: `namespace "${ns}": ${(err as Error).message}`});
              }
            }
          }
        }
        if (options.serverDryRun && !caps.dryRunLabelNamespace) skipped.push({check: 'psp/server-dry-run', reason: 'offline (-f): a server-side dry run needs a cluster'});
        // Narrowed (a namespace or -l): only the PodSecurityPolicies the namespaces in scope use.
        if (scopeIsNarrowed(snapshot, options.selector, undefined)) {
          const used = new Set(items.flatMap((i) => i.podSecurityPolicies));
          const mine = (f: Finding) => f.object?.kind !== 'PodSecurityPolicy' || used.has(f.object.name);
          const report = makeReport('PSPReadinessReport', snapshot.source, items, findings.filter(mine), skipped);
          return Object.assign(report, {podSecurityPolicies: pspSummaries.filter((p) => used.has(p.name)), version: versionText});
        }
        const report = makeReport('PSPReadinessReport', snapshot.source, items, findings, skipped);
        return Object.assign(report, {podSecurityPolicies: pspSummaries, version: versionText});
      },
    };
  },
};
