// Suppressions, never silent (issue 22; docs/ci.md, "Suppressions"): a finding an ignore annotation,
// a config rule or the baseline names moves from `findings` to `suppressed`, with who suppressed it
// and why. It no longer counts in `summary`, so it never fails the run; nothing else changes (items,
// `valid`, skipped checks, reads: exit codes 2, 3 and 4 stay what they were). Applied once for every
// command, by the CLI, on the finished report (src/cli/suppressions.ts). Pure.
import {globMatcher} from '../util/glob.js';
import {baselineEntryOf, baselineKey, objectText} from './baseline.js';
import {summarize} from './build.js';
import type {BaselineEntry, Finding, ObjectRef, ReadStatus, Report, SuppressedFinding, Suppression} from './types.js';
import type {IgnoreRule} from '../options.js';
import type {UnreadOwners} from '../k8s/snapshot.js';
import {TOOL_ANNOTATION_PREFIX} from '../k8s/owners.js';
import {rbacResource, rbacRule} from './reads.js';

const IGNORE_ANNOTATION = `${TOOL_ANNOTATION_PREFIX}ignore`;
const IGNORE_REASON_ANNOTATION = `${TOOL_ANNOTATION_PREFIX}ignore-reason`;

/** What an object's ignore annotations say: check ids or patterns (`lint/*`), and why. */
export interface ObjectIgnore {
  checks: string[];
  reason?: string;
}

/** The annotated objects a run read, by objectText. */
type IgnoreAnnotations = ReadonlyMap<string, ObjectIgnore>;

/**
 * What the runners saw on the objects a run read, beyond the findings: their ignore annotations,
 * and the controller of each template object a controller made (a Deployment's ReplicaSet, a
 * CronJob's Job), by objectText. A controller's pods carry theirs in `Finding.owner`.
 */
export interface ObjectFacts {
  annotations: IgnoreAnnotations;
  controllers: ReadonlyMap<string, ObjectRef>;
  /** Owner lists the source could not read (live qos): the top owners whose annotations are unknown. */
  unreadOwners?: readonly UnreadOwners[];
}

export interface Suppressions {
  annotations?: IgnoreAnnotations;
  /** ObjectFacts.controllers: a made template object is suppressed and keyed as its controller's. */
  controllers?: ReadonlyMap<string, ObjectRef>;
  config?: {file: string; ignore: IgnoreRule[]};
  baseline?: {file: string; entries: BaselineEntry[]};
  unreadOwners?: readonly UnreadOwners[];
}

export {objectText};

/** An object's ignore annotations, or undefined when it has none. */
export function ignoreOf(annotations: Readonly<Record<string, string>> | undefined): ObjectIgnore | undefined {
  const value = annotations?.[IGNORE_ANNOTATION];
  if (value === undefined) return undefined;
  const checks = value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const reason = annotations?.[IGNORE_REASON_ANNOTATION]?.trim();
  return {checks, ...(reason ? {reason} : {})};
}

// What the runners (src/analyses) saw on the objects they read, carried beside the report to the
// one place suppressions are applied, never inside it: the envelope holds only what was suppressed.
const FACTS = new WeakMap<object, ObjectFacts>();

export function withObjectFacts<R extends object>(report: R, facts: ObjectFacts): R {
  if (facts.annotations.size > 0 || facts.controllers.size > 0 || (facts.unreadOwners?.length ?? 0) > 0) FACTS.set(report, facts);
  return report;
}

export function objectFactsOf(report: object): Partial<ObjectFacts> {
  return FACTS.get(report) ?? {};
}

/** The finding's object's controller: its top owner (a pod), or the controller that made it (a template object). */
function controllerOf(f: Finding, controllers: ReadonlyMap<string, ObjectRef> | undefined): ObjectRef | undefined {
  return f.owner ?? (f.object && controllers ? controllers.get(objectText(f.object)) : undefined);
}

/** The config patterns that name no check of `known` (a typo, or a check that was renamed). */
export function unknownCheckPatterns(rule: Pick<IgnoreRule, 'checks'>, known: readonly string[]): string[] {
  return rule.checks.filter((p) => !known.some(globMatcher(p)));
}

type Matcher = (value: string) => boolean;

const anyOf = (patterns: readonly string[]): Matcher => {
  const ms = patterns.map(globMatcher);
  return (v) => ms.some((m) => m(v));
};

/** One suppression source: the suppression of a finding, or undefined. */
type Judge = (f: Finding) => Suppression | undefined;

function annotationJudge(annotations: IgnoreAnnotations, controllers?: ReadonlyMap<string, ObjectRef>): Judge {
  const compiled = new Map<string, Matcher>();
  const matcherOf = (key: string, ignore: ObjectIgnore) => {
    let m = compiled.get(key);
    if (!m) compiled.set(key, (m = anyOf(ignore.checks)));
    return m;
  };
  return (f) => {
    // The object itself first, then its controller.
    for (const ref of [f.object, controllerOf(f, controllers)]) {
      if (!ref) continue;
      const key = objectText(ref);
      const ignore = annotations.get(key);
      if (ignore && matcherOf(key, ignore)(f.id)) return {by: 'annotation', ...(ignore.reason ? {reason: ignore.reason} : {}), where: key};
    }
    return undefined;
  };
}

function configJudge(file: string, rules: readonly IgnoreRule[], controllers?: ReadonlyMap<string, ObjectRef>): Judge {
  const compiled = rules.map((r) => {
    const check = anyOf(r.checks);
    const ns = r.namespaces ? anyOf(r.namespaces) : undefined;
    const kind = r.kinds ? anyOf(r.kinds) : undefined;
    const name = r.names ? anyOf(r.names) : undefined;
    const scoped = Boolean(ns || kind || name);
    const on = (ref: ObjectRef) => (!ns || ns(ref.namespace ?? '')) && (!kind || kind(ref.kind)) && (!name || name(ref.name));
    return {r, check, matches: (f: Finding) => !scoped || [f.object, controllerOf(f, controllers)].some((ref) => ref !== undefined && on(ref))};
  });
  return (f) => {
    const hit = compiled.find((c) => c.check(f.id) && c.matches(f));
    return hit ? {by: 'config', reason: hit.r.reason, where: `${file}:${hit.r.line}`} : undefined;
  };
}

function baselineJudge(file: string, entries: readonly BaselineEntry[], controllers?: ReadonlyMap<string, ObjectRef>): Judge {
  const keys = new Set(entries.map(baselineKey));
  return (f) => (keys.has(baselineKey(baselineEntryOf(f, controllers))) ? {by: 'baseline', where: file} : undefined);
}

/** The baseline entries no finding of this run has (suppressed ones included: those are still there). */
function fixedEntries(entries: readonly BaselineEntry[], findings: readonly Finding[], controllers?: ReadonlyMap<string, ObjectRef>): BaselineEntry[] {
  const present = new Set(findings.map((f) => baselineKey(baselineEntryOf(f, controllers))));
  return entries.filter((e) => !present.has(baselineKey(e)));
}

/**
 * The read status of each owner list that could not be read and that a finding needs: one left
 * unsuppressed on a pod whose top owner is of a kind the list leaves unknown might have been
 * suppressed by that owner's ignore annotation, so it cannot be called unsuppressed either, and the
 * run is incomplete (a primary read: exit 4; docs/ci.md). A list no such finding needs is left out.
 */
function ownerReadStatuses(unread: readonly UnreadOwners[], findings: readonly Finding[], controllers?: ReadonlyMap<string, ObjectRef>): ReadStatus[] {
  const out: ReadStatus[] = [];
  for (const u of unread) {
    const kinds = new Set(u.ownerKinds);
    const undecided = findings.filter((f) => kinds.has(controllerOf(f, controllers)?.kind ?? '')).length;
    if (undecided === 0) continue;
    out.push({
      resource: rbacResource(u.resource),
      ...(u.namespace !== undefined ? {namespace: u.namespace} : {}),
      primary: true,
      complete: false,
      reason: `${u.reason}; ${undecided} finding(s) on pods of a ${u.ownerKinds.join(' or ')} may be suppressed by its ignore annotation`,
      rule: rbacRule(u.resource, u.namespace),
    });
  }
  return out;
}

/**
 * The report's findings, summary, suppressed and baselineFixed after the suppressions: annotations
 * first, then the config file, then the baseline (the first that matches is the one named); and
 * the read status of any owner list whose failure leaves a suppression undecided.
 */
export function applySuppressions(
  report: Pick<Report, 'findings' | 'suppressed'>,
  s: Suppressions,
): Pick<Report, 'findings' | 'summary' | 'suppressed' | 'baselineFixed'> & {ownerReads?: ReadStatus[]} {
  const judges: Judge[] = [];
  if (s.annotations && s.annotations.size > 0) judges.push(annotationJudge(s.annotations, s.controllers));
  if (s.config && s.config.ignore.length > 0) judges.push(configJudge(s.config.file, s.config.ignore, s.controllers));
  if (s.baseline) judges.push(baselineJudge(s.baseline.file, s.baseline.entries, s.controllers));
  const findings: Finding[] = [];
  const suppressed: SuppressedFinding[] = [...(report.suppressed ?? [])];
  for (const f of report.findings) {
    let suppression: Suppression | undefined;
    for (let i = 0; i < judges.length && !suppression; i++) suppression = judges[i](f);
    if (suppression) suppressed.push({...f, suppression});
    else findings.push(f);
  }
  return {
    findings,
    summary: summarize(findings),
    suppressed: suppressed.length > 0 ? suppressed : undefined,
    baselineFixed: s.baseline ? fixedEntries(s.baseline.entries, report.findings, s.controllers) : undefined,
    ...(s.unreadOwners ? {ownerReads: ownerReadStatuses(s.unreadOwners, findings, s.controllers)} : {}),
  };
}
