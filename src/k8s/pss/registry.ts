// The evaluator: which checks run for a level and version, in which order, and how their results
// become PSA's messages. kubernetes/pod-security-admission policy/registry.go (NewEvaluator,
// EvaluatePod, populate, inflateVersions) and policy/checks.go (AggregateCheckResults,
// ForbiddenReason, ForbiddenDetail).
import {levelVersionString, majorMinor, older, versionString, type Level, type LevelVersion, type Version} from './api.js';
import {DEFAULT_CHECKS} from './checks.js';
import {goCompare} from './helpers.js';
import type {Check, CheckResult, PodMeta, PodSpecLike, VersionedCheck} from './types.js';

/** One check's verdict for a pod, with the check's id (PSA itself drops the id). */
export interface IdentifiedResult extends CheckResult {
  id: string;
  /** The level the check belongs to. */
  level: 'baseline' | 'restricted';
}

interface AggregateResult {
  allowed: boolean;
  /** The failing checks' ids, in evaluation order. */
  ids: string[];
  forbiddenReasons: string[];
  forbiddenDetails: string[];
}

export const UNKNOWN_FORBIDDEN_REASON = 'unknown forbidden reason';

/** A check with the implementation in force at a version. */
interface CheckEntry {
  check: Check;
  versioned: VersionedCheck;
  /** The check's place in the evaluator's order: a key for results kept per pod. */
  slot: number;
}

export class Evaluator {
  /** The newest policy version this evaluator knows; newer versions and `latest` are clamped to it. */
  readonly maxVersion: Version & {latest: false};
  private readonly ordered: Check[];
  private readonly checksByVersion = new WeakMap<Version, Partial<Record<'baseline' | 'restricted', CheckEntry[]>>>();

  /**
   * `emulateMinor` lowers the newest version, as NewEvaluator's emulationVersion does: a 1.34
   * apiserver treats `latest` and v1.35+ as v1.34.
   */
  constructor(checks: readonly Check[] = DEFAULT_CHECKS, emulateMinor?: number) {
    validateChecks(checks);
    let max = majorMinor(1, 0) as Version & {latest: false};
    for (const c of checks) {
      const last = c.versions[c.versions.length - 1].minimumVersion;
      if (older(max, last)) max = last;
    }
    if (emulateMinor !== undefined && emulateMinor < max.minor) max = majorMinor(1, emulateMinor) as Version & {latest: false};
    this.maxVersion = max;
    // Baseline ids sorted, then restricted ids sorted (Go string order): the order of every message.
    const byId = (a: Check, b: Check) => goCompare(a.id, b.id);
    this.ordered = [...checks.filter((c) => c.level === 'baseline').sort(byId), ...checks.filter((c) => c.level === 'restricted').sort(byId)];
  }

  /** How many checks there are (slots run 0..size-1). */
  get size(): number {
    return this.ordered.length;
  }

  /** The version actually evaluated: `latest` and versions newer than maxVersion clamp to maxVersion. */
  effectiveVersion(v: Version): Version & {latest: false} {
    return older(this.maxVersion, v) ? this.maxVersion : (v as Version & {latest: false});
  }

  /** The checks (with the implementation in force) that run for this level and version, in order. */
  checksFor(lv: LevelVersion): CheckEntry[] {
    if (lv.level === 'privileged') return [];
    // The list depends only on the level and the version, and callers ask for it for every pod
    // (twice per pod and level in psp readiness), passing the same version object pod after pod:
    // build it once per level and version object. Callers only read it.
    let byLevel = this.checksByVersion.get(lv.version);
    if (!byLevel) this.checksByVersion.set(lv.version, (byLevel = {}));
    return (byLevel[lv.level] ??= this.buildChecks(lv.level, this.effectiveVersion(lv.version)));
  }

  private buildChecks(level: 'baseline' | 'restricted', v: Version & {latest: false}): CheckEntry[] {
    const active = this.ordered
      .map((check, slot) => ({check, versioned: versionedAt(check, v), slot}))
      .filter((x): x is CheckEntry => x.versioned !== undefined);
    if (level === 'baseline') return active.filter((x) => x.check.level === 'baseline');
    const overridden = new Set(active.filter((x) => x.check.level === 'restricted').flatMap((x) => x.versioned.overrideCheckIDs ?? []));
    return active.filter((x) => x.check.level === 'restricted' || !overridden.has(x.check.id));
  }

  /** policy.Evaluator.EvaluatePod, keeping each result's check id. */
  evaluatePod(lv: LevelVersion, meta: PodMeta | undefined, spec: PodSpecLike): IdentifiedResult[] {
    const m = meta ?? {};
    // Object.assign, not a spread: the same object, without V8's slow clone path on every pod.
    return this.checksFor(lv).map(({check, versioned}) => Object.assign({id: check.id, level: check.level}, versioned.checkPod(m, spec)));
  }

  /** EvaluatePod and AggregateCheckResults in one. */
  evaluate(lv: LevelVersion, meta: PodMeta | undefined, spec: PodSpecLike): AggregateResult {
    return aggregate(this.evaluatePod(lv, meta, spec));
  }

  /** The highest level the pod meets at this version: restricted, baseline, or privileged. */
  highestLevel(version: Version, meta: PodMeta | undefined, spec: PodSpecLike): Level {
    if (this.evaluate({level: 'restricted', version}, meta, spec).allowed) return 'restricted';
    if (this.evaluate({level: 'baseline', version}, meta, spec).allowed) return 'baseline';
    return 'privileged';
  }
}

function versionedAt(check: Check, v: Version & {latest: false}): VersionedCheck | undefined {
  let found: VersionedCheck | undefined;
  for (const vc of check.versions) if (!older(v, vc.minimumVersion)) found = vc;
  return found;
}

/** policy.AggregateCheckResults. */
export function aggregate(results: readonly IdentifiedResult[]): AggregateResult {
  const out: AggregateResult = {allowed: true, ids: [], forbiddenReasons: [], forbiddenDetails: []};
  for (const r of results) {
    if (r.allowed) continue;
    out.ids.push(r.id);
    out.forbiddenReasons.push(r.forbiddenReason ? r.forbiddenReason : UNKNOWN_FORBIDDEN_REASON);
    out.forbiddenDetails.push(r.forbiddenDetail ?? '');
  }
  out.allowed = out.forbiddenReasons.length === 0;
  return out;
}

/** AggregateCheckResult.ForbiddenReason: `host namespaces, hostPort, hostProcess`. */
export function forbiddenReason(a: AggregateResult): string {
  return a.forbiddenReasons.join(', ');
}

/** AggregateCheckResult.ForbiddenDetail: `reason (detail), reason, ...`. */
export function forbiddenDetail(a: AggregateResult): string {
  return a.forbiddenReasons.map((r, i) => (a.forbiddenDetails[i] ? `${r} (${a.forbiddenDetails[i]})` : r)).join(', ');
}

/** The enforce error PSA returns (admission.EvaluatePod): `violates PodSecurity "restricted:v1.34": ...`. */
export function violatesMessage(lv: LevelVersion, a: AggregateResult): string {
  return `violates PodSecurity ${JSON.stringify(levelVersionString(lv))}: ${forbiddenDetail(a)}`;
}

/** The whole 403 message for a pod create: `pods "x" is forbidden: violates PodSecurity ...`. */
export function forbiddenPodMessage(podName: string, lv: LevelVersion, a: AggregateResult): string {
  return `pods ${JSON.stringify(podName)} is forbidden: ${violatesMessage(lv, a)}`;
}

/** The warn/audit text: `would violate PodSecurity "baseline:latest": ...`. */
export function wouldViolateMessage(lv: LevelVersion, a: AggregateResult): string {
  return `would violate PodSecurity ${JSON.stringify(levelVersionString(lv))}: ${forbiddenDetail(a)}`;
}

/** registry.validateChecks: the invariants NewEvaluator enforces. Throws on a malformed list. */
export function validateChecks(checks: readonly Check[]): void {
  const ids = new Map<string, string>();
  for (const c of checks) {
    if (ids.has(c.id)) throw new Error(`multiple checks registered for ID ${c.id}`);
    ids.set(c.id, c.level);
    if (c.versions.length === 0) throw new Error(`check ${c.id}: empty`);
    let prev: Version | undefined;
    for (const v of c.versions) {
      if (prev && !older(prev, v.minimumVersion)) throw new Error(`check ${c.id}: versions must be strictly increasing`);
      prev = v.minimumVersion;
    }
  }
  for (const c of checks) {
    for (const v of c.versions) {
      if (!v.overrideCheckIDs?.length) continue;
      if (c.level !== 'restricted') throw new Error(`check ${c.id}: only restricted checks may set overrides`);
      for (const o of v.overrideCheckIDs) {
        const lvl = ids.get(o);
        if (lvl && lvl !== 'baseline') throw new Error(`check ${c.id}: overrides ${lvl} check ${o}`);
      }
    }
  }
}

let defaultEvaluator: Evaluator | undefined;

/** The evaluator over every check, newest version = the newest any check knows. */
export function evaluator(): Evaluator {
  defaultEvaluator ??= new Evaluator();
  return defaultEvaluator;
}

export {versionString};
