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
  DEFAULT_POLICY,
  labelErrorMessage,
  levelVersionString,
  majorMinor,
  parseVersion,
  policyToEvaluate,
  type Level,
  type Policy,
  type Version,
} from '../../k8s/pss/api.js';
import {DEFAULT_CHECKS} from '../../k8s/pss/checks.js';
import {LATEST_MINOR} from '../../k8s/minor-versions.js';
import {Evaluator, forbiddenReason} from '../../k8s/pss/registry.js';
import {streamedKinds} from '../../report/reads.js';
import {makeReport} from '../../report/build.js';
import {notCheckedUndecodable, undecodableInRun} from '../undecodable.js';
import type {Finding, Remedy, Report, Skipped} from '../../report/types.js';
import type {Capabilities, Snapshot, SnapshotRequest, Workload} from '../../k8s/snapshot.js';
import type {KubeObject} from '../../k8s/object.js';
import type {Analysis, FinishHandOver} from '../types.js';
import {nestAt, osWindowsChange, podSpecRemedy} from '../remedy/pod-spec.js';
import {dryRunNamespace, type DryRunResult} from './dry-run.js';
import {admittedOf, evaluateWorkload, type PodEvaluation} from './evaluate.js';
import {securitySettings, mutationFindings} from './mutation.js';
import {namespaceFindings, namespaceReadiness, type NamespaceInput, type NsState} from './namespace.js';
import {HeldEvaluations} from './held.js';
import {mapPolicies, type PolicyMapping, type PspSummary} from './policies.js';
import {OS_REMEDY_TEXT, unitFindings} from './unit-findings.js';
import {scopeIsNarrowed} from '../scope.js';
import {pushAll} from '../../util/arrays.js';

export interface PspReadinessOptions {
  /** `v1.N` or `latest`; default: the server's minor live, latest offline. */
  version?: string;
  /** Live only: label each namespace with a server-side dry run and compare PSA's warnings with ours. */
  serverDryRun?: boolean;
  /** -l was given: the pods read are a subset, so a dry run's warnings cannot be compared. */
  selector?: string;
  /** doctor: the items are only counted, so each namespace's list of pods and blockers is left empty (its findings are made as ever). */
  withoutPodLists?: boolean;
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

/** The merge patch that sets spec.os.name: windows at a workload's pod spec path. */
export function osPatch(specPath: string): unknown {
  return nestAt(specPath, {os: {name: 'windows'}});
}

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
      podStatusUnread: true,
    };
  },

  primary(options: PspReadinessOptions) {
    return streamedKinds(this.request(options));
  },

  begin(snapshot: Snapshot, options: PspReadinessOptions, caps: Capabilities) {
    return new ReadinessRun(snapshot, options, caps);
  },
};

/** The evaluators and the version the levels are computed at. */
interface Versions {
  /** What the server itself does with the namespace labels: its PSA knows no newer rules than its minor. */
  serverEval: Evaluator;
  /** The evaluator the levels are computed with: the server's, or the one --k8s-version names. */
  ev: Evaluator;
  version: Version;
  /** v1.N */
  versionText: string;
  /** The minor whose apiserver decodes the manifests: --k8s-version, else the server's, else the newest. */
  decodingMinor?: number;
}

function versionsFor(snapshot: Snapshot, options: PspReadinessOptions): Versions {
  const serverMinor = snapshot.serverVersion?.major === 1 ? snapshot.serverVersion.minor : undefined;
  const serverEval = new Evaluator(DEFAULT_CHECKS, serverMinor);
  // Offline, `latest` is the one LATEST_MINOR every analysis uses (src/k8s/minor-versions.ts).
  const asked: Version = options.version !== undefined ? parseVersion(options.version).version : majorMinor(1, serverMinor ?? LATEST_MINOR);
  const ev = options.version === undefined ? serverEval : new Evaluator();
  const version = ev.effectiveVersion(asked);
  const minor = (version as {minor: number}).minor;
  return {serverEval, ev, version, versionText: `v1.${minor}`, decodingMinor: options.version === undefined ? undefined : minor};
}

/** One readiness run: the visits fill each namespace's state, finish turns it into items and findings. */
class ReadinessRun {
  private readonly versions: Versions;
  private readonly cluster: {nodes?: KubeObject[]; runtimeClasses?: KubeObject[]};
  private readonly namespaceObjects = new Map<string, KubeObject>();
  private readonly state = new Map<string, NsState>();
  private readonly policies = new Map<string, {policy: Policy; errors: string[]}>();
  private readonly notChecked: Skipped[] = [];
  /** The remedy setting spec.os.name: windows names the pod's owner, known only where the workload is seen. */
  private readonly osRemedies = new Map<PodEvaluation, Remedy>();

  constructor(
    private readonly snapshot: Snapshot,
    private readonly options: PspReadinessOptions,
    private readonly caps: Capabilities,
  ) {
    this.versions = versionsFor(snapshot, options);
    this.cluster = {nodes: snapshot.objects.nodes, runtimeClasses: snapshot.objects.runtimeclasses};
    for (const ns of snapshot.objects.namespaces ?? []) {
      const name = ns.metadata?.name;
      if (name && (snapshot.namespace === undefined || name === snapshot.namespace)) this.namespaceObjects.set(name, ns);
    }
    for (const ns of this.namespaceObjects.keys()) this.nsState(ns);
  }

  private nsState(ns: string): NsState {
    let s = this.state.get(ns);
    if (!s) this.state.set(ns, (s = {held: new HeldEvaluations(), pods: [], podReasons: [], enforce: new Map(), security: new Map()}));
    return s;
  }

  /** The policy PSA applies from the namespace's labels, and the errors in them. */
  private policyOf(ns: string): {policy: Policy; errors: string[]} {
    let p = this.policies.get(ns);
    if (!p) {
      const r = policyToEvaluate(this.namespaceObjects.get(ns)?.metadata?.labels as Record<string, string> | undefined, DEFAULT_POLICY);
      this.policies.set(ns, (p = {policy: r.policy, errors: r.errors.map(labelErrorMessage)}));
    }
    return p;
  }

  visit(w: Workload): void {
    // The apiserver would reject it undecoded: its spec is not analysable (lint reports the error).
    const undecodable = undecodableInRun(w, this.snapshot, this.versions.decodingMinor);
    if (undecodable) {
      this.notChecked.push(notCheckedUndecodable('psp', w, undecodable));
      return;
    }
    const {ev, serverEval, version} = this.versions;
    const e = evaluateWorkload(ev, version, w, this.cluster);
    const s = this.nsState(w.namespace);
    if (e.levelWithOsWindows) this.osRemedies.set(e, podSpecRemedy(w, OS_REMEDY_TEXT, osWindowsChange(w.spec)));
    if (w.template || e.psp) s.security.set(e, securitySettings(w));
    const {meta, spec} = admittedOf(w);
    const {policy} = this.policyOf(w.namespace);
    if (policy.enforce.level !== 'privileged') {
      const agg = serverEval.evaluate(policy.enforce, meta, spec);
      if (!agg.allowed) {
        const detail = agg.forbiddenReasons.map((r, i) => (agg.forbiddenDetails[i] ? `${r} (${agg.forbiddenDetails[i]})` : r)).join(', ');
        s.enforce.set(e, `violates PodSecurity ${JSON.stringify(levelVersionString(policy.enforce))}: ${detail}`);
      }
    }
    // The maps above know the evaluation by identity: it is kept as is, not shared with pods alike.
    s.held.add(e, s.enforce.has(e) || s.security.has(e) || this.osRemedies.has(e));
    if (!w.template && this.options.serverDryRun) {
      const reasonAt = (level: Level) => forbiddenReason(serverEval.evaluate({level, version}, meta, spec));
      s.podReasons.push({name: w.name, baseline: reasonAt('baseline'), restricted: reasonAt('restricted')});
    }
  }

  /**
   * `handOver`: each namespace's item, and its findings (not when narrowed: the PodSecurityPolicy
   * findings are filtered at the end), as it is finished.
   */
  async finish(handOver?: FinishHandOver<NamespaceItem>): Promise<Report<NamespaceItem>> {
    const skipped: Skipped[] = [...this.snapshot.skipped, ...this.notChecked];
    this.skipLabelChecksWithoutNamespaces(skipped);
    const policies = mapPolicies(this.snapshot, this.versions.version, skipped);
    const findings: Finding[] = [...policies.findings];
    const items: NamespaceItem[] = [];
    const narrowed = scopeIsNarrowed(this.snapshot, this.options.selector, undefined);
    const used = new Set<string>();
    for (const ns of [...this.state.keys()].sort()) {
      const s = this.state.get(ns)!;
      // With -l only the selected pods were read: a namespace without any says nothing.
      if (this.options.selector && s.held.length === 0) continue;
      const item = await this.finishNamespace(ns, s, policies, findings, skipped);
      // Its evaluations are in the item now (or nowhere, when only counted).
      this.state.delete(ns);
      if (this.options.withoutPodLists) Object.assign(item, {pods: [], blockers: []});
      for (const p of item.podSecurityPolicies) used.add(p);
      if (handOver?.items) await handOver.items([item]);
      else items.push(item);
      if (handOver?.findings && !narrowed) handOver.findings(findings.splice(0));
    }
    if (this.options.serverDryRun && !this.caps.dryRunLabelNamespace)
      skipped.push({check: 'psp/server-dry-run', reason: 'offline (-f): a server-side dry run needs a cluster'});
    return this.report(items, findings, skipped, policies.summaries, narrowed ? used : undefined);
  }

  /**
   * Without the Namespace objects their pod-security labels are unknown: the checks that compare
   * against them did not run (an unread label is not "enforces privileged").
   */
  private skipLabelChecksWithoutNamespaces(skipped: Skipped[]): void {
    if (this.snapshot.objects.namespaces !== undefined) return;
    const why = skipped.find((s) => s.check === 'read/namespaces')?.reason;
    for (const check of NAMESPACE_LABEL_CHECKS)
      skipped.push({check, reason: `namespaces could not be read${why ? ` (${why})` : ''}: their pod-security labels are unknown`});
  }

  private async finishNamespace(ns: string, s: NsState, policies: PolicyMapping, findings: Finding[], skipped: Skipped[]): Promise<NamespaceItem> {
    const {policy, errors} = this.policyOf(ns);
    const nsObj = this.namespaceObjects.get(ns);
    s.pods = s.held.all();
    const input: NamespaceInput = {ns, state: s, nsObj, policy, labelErrors: errors, versionText: this.versions.versionText, grants: policies.grants};
    const readiness = namespaceReadiness(input);
    pushAll(findings, namespaceFindings(input, readiness));
    pushAll(findings, mutationFindings(ns, s.pods, readiness.byRef, s.security));
    const unitCtx = {ns, enforce: s.enforce, grants: policies.grants, osRemedies: this.osRemedies};
    for (const u of readiness.units) pushAll(findings, unitFindings(u, unitCtx));
    const {dryRunLabelNamespace} = this.caps;
    if (this.options.serverDryRun && nsObj && dryRunLabelNamespace) {
      readiness.item.serverDryRun = await dryRunNamespace(
        {
          ns,
          enforce: policy.enforce,
          version: this.versions.version,
          versionText: this.versions.versionText,
          podReasons: s.podReasons,
          selector: this.options.selector,
          caps: {dryRunLabelNamespace: dryRunLabelNamespace.bind(this.caps)},
        },
        findings,
        skipped,
      );
    }
    return readiness.item;
  }

  /** Narrowed (a namespace or -l): only the PodSecurityPolicies `used` by the namespaces in scope. */
  private report(items: NamespaceItem[], findings: Finding[], skipped: Skipped[], summaries: PspSummary[], used?: Set<string>): Report<NamespaceItem> {
    const versionText = this.versions.versionText;
    if (used) {
      const mine = (f: Finding) => f.object?.kind !== 'PodSecurityPolicy' || used.has(f.object.name);
      const report = makeReport('PSPReadinessReport', this.snapshot.source, items, findings.filter(mine), skipped);
      return Object.assign(report, {podSecurityPolicies: summaries.filter((p) => used.has(p.name)), version: versionText});
    }
    const report = makeReport('PSPReadinessReport', this.snapshot.source, items, findings, skipped);
    return Object.assign(report, {podSecurityPolicies: summaries, version: versionText});
  }
}
