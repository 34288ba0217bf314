// One pod or template through the Pod Security Standards engine at both levels, with the Windows
// facts the readiness report explains. Pure; shared by the analysis and its tests.
import {compareLevels, levelVersionString, type Level, type Version} from '../../k8s/pss/api.js';
import {forbiddenDetail, type Evaluator} from '../../k8s/pss/registry.js';
import {admittedPod} from '../../k8s/pss/admitted.js';
import type {CheckResult, PodMeta, PodSpecLike} from '../../k8s/pss/types.js';
import type {Workload} from '../../k8s/snapshot.js';
import {podOs, type ContextArg} from '../../k8s/windows-pod.js';
import {isHostProcess, runAsNonRootNotes, type RunAsNonRootNote} from './windows.js';
import {NestedCache} from '../../util/nested-cache.js';

export interface Violation {
  /** The PSS check id, e.g. runAsNonRoot. */
  check: string;
  reason: string;
  detail: string;
}

export interface PodEvaluation {
  kind: string;
  namespace: string;
  name: string;
  /** True for a workload's pod template, false for a Pod. */
  template: boolean;
  /** The field path of the pod spec, e.g. spec.template.spec. */
  specPath: string;
  /** The highest of restricted, baseline, privileged the pod meets at the chosen version. */
  level: Level;
  /** Failing checks per level (empty when the level is met). */
  violations: {baseline: Violation[]; restricted: Violation[]};
  /** PSA's enforce message per level that fails: `violates PodSecurity "restricted:v1.34": ...`. */
  messages: {baseline?: string; restricted?: string};
  /** Why it is a Windows pod (src/k8s/windows-pod.ts: spec.os, node selection, nodeName, windowsOptions, images), or null. */
  windows: string | null;
  hostProcess: boolean;
  /** Only for Windows pods without spec.os.name: the level it would meet with spec.os.name: windows. */
  levelWithOsWindows?: Level;
  runAsNonRoot?: RunAsNonRootNote[];
  /** The PodSecurityPolicy that admitted the pod (annotation kubernetes.io/psp), when present. */
  psp?: string;
  serviceAccount: string;
  /** The controller that owns it (ownerReferences), `Kind/name`. */
  controller?: string;
  /** Set when it is counted under an evaluated template (a Deployment's ReplicaSet and pods): `Kind/name`. */
  countedUnder?: string;
}

/** The pod's metadata and spec as PSA sees them (defaulted; AppArmor annotations synced to fields). */
export function admittedOf(w: Workload): {meta: PodMeta; spec: PodSpecLike} {
  return admittedPod(w.podMetadata as PodMeta, w.spec as unknown as PodSpecLike);
}

/**
 * Evaluator.evaluatePod for one level, sharing check results between the two levels of one pod: the
 * restricted list repeats most baseline checks, and a check's verdict depends only on the pod.
 */
function violationsAt(
  ev: Evaluator,
  level: 'baseline' | 'restricted',
  version: Version,
  meta: PodMeta,
  spec: PodSpecLike,
  memo: Array<CheckResult | undefined>,
): {violations: Violation[]; message?: string} {
  const lv = {level, version};
  const m = meta ?? {};
  // A plain loop: this runs for every check of both levels of every pod (no spread per result).
  const violations: Violation[] = [];
  for (const {check, versioned, slot} of ev.checksFor(lv)) {
    let r = memo[slot];
    if (!r) memo[slot] = r = versioned.checkPod(m, spec);
    if (!r.allowed) violations.push({check: check.id, reason: r.forbiddenReason || 'unknown forbidden reason', detail: r.forbiddenDetail ?? ''});
  }
  if (violations.length === 0) return NO_VIOLATIONS;
  const agg = {
    allowed: false,
    ids: violations.map((v) => v.check),
    forbiddenReasons: violations.map((v) => v.reason),
    forbiddenDetails: violations.map((v) => v.detail),
  };
  const message = `violates PodSecurity ${JSON.stringify(levelVersionString(lv))}: ${forbiddenDetail(agg)}`;
  // Kept for every pod until the run finishes: pods that fail alike share one list and one message
  // (100,000 pods kept about 1 KB each before). Never changed once made.
  return SAME_VIOLATIONS.get([message, agg.ids.join('\u0000')], () => ({violations, message}));
}

const NO_VIOLATIONS: {violations: Violation[]} = {violations: []};
const SAME_VIOLATIONS = new NestedCache<{violations: Violation[]; message: string}>();

type LevelResult = {violations: Violation[]; message?: string};
type Outcome = Pick<PodEvaluation, 'violations' | 'messages'>;

/**
 * The `violations` and `messages` objects of an evaluation, shared by the pods whose two level results
 * are the same (shared) ones: every evaluation is kept until the run finishes, and these two objects
 * were two thirds of what a pod kept. Never changed once made.
 */
function outcomeOf(b: LevelResult, r: LevelResult): Outcome {
  return SAME_OUTCOMES.get([b, r], () => ({
    violations: {baseline: b.violations, restricted: r.violations},
    messages: {...(b.message ? {baseline: b.message} : {}), ...(r.message ? {restricted: r.message} : {})},
  }));
}

const SAME_OUTCOMES = new NestedCache<Outcome>();

/** `Kind/name` of a pod's controller: one string for all the pods of one ReplicaSet (kept per pod until the run finishes). */
function controllerText(kind: string, name: string): string {
  return CONTROLLERS.get([kind, name], () => `${kind}/${name}`);
}

const CONTROLLERS = new NestedCache<string>();

function levelOf(ev: Evaluator, version: Version, meta: PodMeta, spec: PodSpecLike): Level {
  return ev.highestLevel(version, meta, spec);
}

/** `cluster`: the nodes and RuntimeClasses read, for the one definition of a Windows pod (src/k8s/windows-pod.ts). */
export function evaluateWorkload(ev: Evaluator, version: Version, w: Workload, cluster?: ContextArg): PodEvaluation {
  const {meta, spec} = admittedOf(w);
  const memo = new Array<CheckResult | undefined>(ev.size);
  const b = violationsAt(ev, 'baseline', version, meta, spec, memo);
  const r = violationsAt(ev, 'restricted', version, meta, spec, memo);
  const outcome = outcomeOf(b, r);
  const level: Level = r.violations.length === 0 ? 'restricted' : b.violations.length === 0 ? 'baseline' : 'privileged';
  const os = podOs(w.spec, cluster);
  const intent = os.os === 'windows' ? (os.reason ?? 'windows') : null;
  const controllerRef = (w.metadata.ownerReferences ?? []).find((o) => o.controller);
  const e: PodEvaluation = {
    kind: w.kind,
    namespace: w.namespace,
    name: w.name,
    template: w.template,
    specPath: w.specPath,
    level,
    violations: outcome.violations,
    messages: outcome.messages,
    windows: intent,
    hostProcess: isHostProcess(spec),
    serviceAccount: spec.serviceAccountName || spec.serviceAccount || 'default',
  };
  if (intent && spec.os?.name !== 'windows') {
    const withOs = levelOf(ev, version, meta, {...spec, os: {name: 'windows'}});
    if (compareLevels(withOs, level) > 0) e.levelWithOsWindows = withOs;
  }
  if (intent) {
    const notes = runAsNonRootNotes(spec);
    if (notes.length > 0) e.runAsNonRoot = notes;
  }
  const psp = w.podMetadata.annotations?.['kubernetes.io/psp'];
  if (psp) e.psp = psp;
  if (controllerRef) e.controller = controllerText(controllerRef.kind, controllerRef.name);
  return e;
}
