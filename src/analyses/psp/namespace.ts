// One namespace's readiness: which evaluated pod or template is counted under which, the level every
// one of them meets, what blocks the next, the label commands, and the findings on its labels.
import {compareLevels, levelVersionString, podSecurityLabels, type Level, type Policy} from '../../k8s/pss/api.js';
import type {PspUseGrant} from '../../k8s/psp/use.js';
import {finding} from '../../report/finding.js';
import type {Finding, Remedy} from '../../report/types.js';
import type {KubeObject} from '../../k8s/object.js';
import type {NamespaceItem} from './analysis.js';
import type {PodReason} from './dry-run.js';
import type {PodEvaluation} from './evaluate.js';
import type {HeldEvaluations} from './held.js';
import {labelCommand} from './labels.js';
import type {SecuritySettings} from './mutation.js';

/** What the visits gathered in one namespace. */
export interface NsState {
  /** The evaluations as the visits keep them (held.ts). */
  held: HeldEvaluations;
  /** Every evaluation, each its own object: made from `held` when the namespace is finished. */
  pods: PodEvaluation[];
  /** For PSA dry-run comparisons: each Pod's ForbiddenReason at baseline and restricted. */
  podReasons: PodReason[];
  /** Findings on the current enforce level, per evaluation (resolved to units at finish). */
  enforce: Map<PodEvaluation, string>;
  /** Security settings of templates, and of pods admitted under a PSP, to find what a PSP changed. */
  security: Map<PodEvaluation, SecuritySettings>;
}

export interface NamespaceInput {
  ns: string;
  state: NsState;
  /** The Namespace object, when it was read. */
  nsObj?: KubeObject;
  policy: Policy;
  labelErrors: string[];
  versionText: string;
  grants: PspUseGrant[];
}

interface NamespaceReadiness {
  item: NamespaceItem;
  /** The evaluations not counted under another: what counts and findings are about. */
  units: PodEvaluation[];
  /** Evaluations by `Kind/name`. */
  byRef: Map<string, PodEvaluation>;
  /** Why no enforce label is suggested, if none is. */
  noEnforce?: string;
}

// Cluster components land here later (CNI, CSI, and on Windows kube-proxy and other HostProcess
// DaemonSets): the upstream guidance is to keep these privileged or exempt them, whatever they hold today.
const SYSTEM_NAMESPACES = new Set(['kube-system', 'kube-public', 'kube-node-lease']);
const SYSTEM_NAMESPACE_ADVICE =
  'A system namespace: cluster add-ons (CNI, CSI, and on Windows kube-proxy and other HostProcess DaemonSets) often need host access, ' +
  'so keep it privileged or exempt it (PodSecurityConfiguration exemptions.namespaces) rather than enforce what it meets today.';

const NOTHING_EVALUATED =
  'Nothing was evaluated in this namespace (no pods or templates were read), so there is no evidence for a level: ' +
  'an enforce label chosen now would reject the first workload that does not meet it. Label audit and warn, and decide when workloads exist.';

const STRICTER: Record<Level, Level | null> = {privileged: 'baseline', baseline: 'restricted', restricted: null};

/** Why a restrictive enforce label must not be suggested for this namespace, if it must not. */
function noEnforceReason(ns: string, evaluated: number): string | undefined {
  if (SYSTEM_NAMESPACES.has(ns)) return SYSTEM_NAMESPACE_ADVICE;
  if (evaluated === 0) return NOTHING_EVALUATED;
  return undefined;
}

/**
 * Marks each pod or ReplicaSet/Job `countedUnder` the evaluated template its controller chain leads
 * to, when it meets the same level. Returns the evaluations by `Kind/name`.
 */
function countUnderTemplates(pods: PodEvaluation[]): Map<string, PodEvaluation> {
  const byRef = new Map<string, PodEvaluation>();
  for (const p of pods) byRef.set(`${p.kind}/${p.name}`, p);
  for (const p of pods) {
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
  return byRef;
}

/** The lowest level any evaluation meets: what the namespace can enforce. */
function recommendedLevel(pods: PodEvaluation[]): Level {
  let recommended: Level = 'restricted';
  for (const p of pods) if (compareLevels(p.level, recommended) < 0) recommended = p.level;
  return recommended;
}

/**
 * Audit and warn at the next level up (to see what still blocks it), a server-side dry run, then
 * enforce. Never a restrictive enforce for a system namespace or one where nothing was evaluated:
 * piping the commands to a shell must not lock down kube-system.
 */
function labelCommands(ns: string, recommended: Level, next: Level | null, versionText: string, noEnforce: string | undefined): string[] {
  if (noEnforce) return [];
  const watch = next ?? recommended;
  const enforce = {'pod-security.kubernetes.io/enforce': recommended, 'pod-security.kubernetes.io/enforce-version': versionText};
  return [
    labelCommand(ns, {
      'pod-security.kubernetes.io/audit': watch,
      'pod-security.kubernetes.io/audit-version': versionText,
      'pod-security.kubernetes.io/warn': watch,
      'pod-security.kubernetes.io/warn-version': versionText,
    }),
    labelCommand(ns, enforce, true),
    labelCommand(ns, enforce),
  ];
}

/** PodSecurityPolicies that pods here were admitted under, or that subjects here may use. */
function namespacePolicies(ns: string, pods: PodEvaluation[], grants: PspUseGrant[]): string[] {
  const names = new Set<string>();
  for (const p of pods) if (p.psp) names.add(p.psp);
  for (const g of grants) if (g.namespace === ns || (g.namespace === null && g.subject.includes(`/${ns}"`))) names.add(g.psp);
  return [...names].sort();
}

export function namespaceReadiness(input: NamespaceInput): NamespaceReadiness {
  const {ns, state: s, policy, versionText} = input;
  const byRef = countUnderTemplates(s.pods);
  const units = s.pods.filter((p) => !p.countedUnder);
  const counts = {restricted: 0, baseline: 0, privileged: 0, units: units.length, evaluated: s.pods.length};
  for (const u of units) counts[u.level]++;
  const recommended = recommendedLevel(s.pods);
  const next = STRICTER[recommended];
  const blockers =
    next === null
      ? []
      : units
          .filter((u) => compareLevels(u.level, next) < 0)
          .map((u) => ({kind: u.kind, name: u.name, violations: u.messages[next as 'baseline' | 'restricted'] ?? ''}));
  const noEnforce = noEnforceReason(ns, counts.evaluated);
  const item: NamespaceItem = {
    namespace: ns,
    exists: input.nsObj !== undefined,
    currentLabels: podSecurityLabels(input.nsObj?.metadata?.labels as Record<string, string> | undefined),
    currentPolicy: {enforce: levelVersionString(policy.enforce), audit: levelVersionString(policy.audit), warn: levelVersionString(policy.warn)},
    labelErrors: input.labelErrors,
    recommendedLevel: recommended,
    version: versionText,
    counts,
    nextLevel: next,
    blockers,
    hostProcess: units.filter((u) => u.hostProcess).map((u) => `${u.kind}/${u.name}`),
    commands: labelCommands(ns, recommended, next, versionText, noEnforce),
    ...(noEnforce ? {noEnforce} : {}),
    pods: s.pods,
    podSecurityPolicies: namespacePolicies(ns, s.pods, input.grants),
  };
  return {item, units, byRef, ...(noEnforce ? {noEnforce} : {})};
}

/** The findings on the namespace's pod-security labels: invalid, missing enforce, or one that can be tightened. */
export function namespaceFindings(input: NamespaceInput, r: NamespaceReadiness): Finding[] {
  const {ns, policy, nsObj} = input;
  const {item, noEnforce} = r;
  const findings: Finding[] = [];
  const object = {kind: 'Namespace', name: ns};
  for (const e of input.labelErrors) {
    findings.push(finding('psp/label-invalid', {object, field: 'metadata.labels', message: e, remedy: invalidLabelRemedy(input, r)}));
  }
  const tightenRemedy = (text: string): Remedy => (noEnforce ? {text: noEnforce} : {text, command: item.commands.join('\n')});
  if (nsObj && !('pod-security.kubernetes.io/enforce' in item.currentLabels)) {
    findings.push(
      finding('psp/no-enforce-label', {
        object,
        field: 'metadata.labels',
        message:
          item.counts.evaluated === 0
            ? `namespace "${ns}" has no pod-security.kubernetes.io/enforce label, and no pod or template was evaluated in it`
            : `namespace "${ns}" has no pod-security.kubernetes.io/enforce label; every pod and template here meets ${item.recommendedLevel} at ${item.version}`,
        remedy: tightenRemedy('Label audit and warn first, check with a server-side dry run, then enforce.'),
      }),
    );
  } else if (nsObj && !noEnforce && compareLevels(item.recommendedLevel, policy.enforce.level) > 0) {
    findings.push(
      finding('psp/can-tighten', {
        object,
        field: 'metadata.labels',
        message: `namespace "${ns}" enforces ${levelVersionString(policy.enforce)} but every pod and template here meets ${item.recommendedLevel} at ${item.version}`,
        remedy: tightenRemedy('Tighten the enforce level.'),
      }),
    );
  }
  return findings;
}

/** A system namespace's invalid label is fixed by privileged, what it should keep; elsewhere by what the namespace meets. */
function invalidLabelRemedy(input: NamespaceInput, r: NamespaceReadiness): Remedy {
  const {ns, policy, versionText} = input;
  const until = `until then PSA enforces ${levelVersionString(policy.enforce)} here.`;
  if (SYSTEM_NAMESPACES.has(ns)) {
    return {
      text: `Set a valid value; ${until} ${SYSTEM_NAMESPACE_ADVICE}`,
      command: labelCommand(ns, {'pod-security.kubernetes.io/enforce': 'privileged', 'pod-security.kubernetes.io/enforce-version': versionText}),
    };
  }
  if (r.noEnforce) return {text: `Set a valid value (or remove the label); ${until} ${r.noEnforce}`};
  return {text: `Set a valid value; ${until}`, command: r.item.commands[2]};
}
