// doctor: several analyses over ONE snapshot (the union of their requests: one list per kind) and
// ONE pass of the pod and template stream (begin all, visit each workload for all, finish all).
// Each analysis sees only what it asked for (pods, templates) and its own shallow copy of the
// snapshot's objects, so one's extra reads never change another's input. An analysis that fails is
// reported as skipped with the reason; the others still finish. An analysis whose primary reads
// (Analysis.primary) were not complete is `incomplete`, and the report's `reads` is the union over
// every analysis run (a kind is primary when any of them needs it). Pure: no printing, no exit.
import {ClusterError} from '../../errors.js';
import {makeReport} from '../../report/build.js';
import {readStatuses} from '../../report/reads.js';
import {withLocations} from '../../report/locate.js';
import type {Finding, Report, Skipped, Summary} from '../../report/types.js';
import {WORKLOAD_KINDS, type ResourceName} from '../../k8s/resources.js';
import type {Capabilities, OwnerAnnotations, Snapshot, SnapshotRequest, Workload} from '../../k8s/snapshot.js';
import {StreamCounter, type AnalysisRun} from '../types.js';
import type {DoctorEntry} from './registry.js';
import {pushAll} from '../../util/arrays.js';
import {collectAfterLongPass} from '../../util/gc-hint.js';
import {withObjectFacts} from '../../report/suppress.js';
import {recountAnalyses} from './summaries.js';
import {combineDigests, FindingDigest, type DoctorDigest} from './digest.js';
import {withoutRepeats} from './repeats.js';

export interface DoctorItem {
  /** qos, lint, gmsa, psp, nodes */
  analysis: string;
  /** The analysis's own report kind (QoSReport, ...). */
  kind: string;
  /**
   * ran; incomplete (a kind it examines could not be read whole: `unread` names them, and the run
   * exits 4); or failed (then `error` says why and its checks are in skipped).
   */
  status: 'ran' | 'incomplete' | 'failed';
  /** The primary kinds it could not read (RBAC resource names, as in the report's `reads`). */
  unread?: string[];
  /** How many items the analysis reported (pods, templates, namespaces, nodes, references). */
  items: number;
  /** Its findings as the report lists them: without doctor's repeats (SAME_RULE) and the suppressed (summaries.ts). */
  summary: Summary;
  /** Its findings a suppression took out (issue 22); absent when none was. */
  suppressed?: number;
  skipped: Skipped[];
  error?: string;
}

interface DoctorProgress {
  update(text: string): void;
}

export interface DoctorSource {
  snapshot(req: SnapshotRequest): Promise<Snapshot>;
  capabilities(): Capabilities;
}

/** The union of the analyses' requests: each kind once; pods and templates if any wants them. */
export function unionRequest(requests: SnapshotRequest[]): SnapshotRequest {
  const kinds = new Set<ResourceName>();
  for (const r of requests) for (const k of r.kinds ?? []) kinds.add(k);
  return {
    kinds: [...kinds],
    pods: requests.some((r) => r.pods),
    workloads: requests.some((r) => r.workloads),
    ...(requests.some((r) => r.gmsaWebhookDetails) ? {gmsaWebhookDetails: true} : {}),
    ...(requests.some((r) => r.events) ? {events: true} : {}),
    ...(requests.some((r) => r.ownerAnnotations) ? {ownerAnnotations: true} : {}),
    ...(requests.every((r) => !r.pods || r.podStatusUnread) ? {podStatusUnread: true} : {}),
  };
}

function wants(req: SnapshotRequest, w: Workload): boolean {
  return w.template ? Boolean(req.workloads) : Boolean(req.pods);
}

/**
 * Whether a snapshot-level skipped entry concerns an analysis: `read/<plural>` only if its request
 * asked for that kind (as a small kind, or pods / workload templates in the stream); any other entry
 * concerns every analysis. (Without this, a kind only one analysis reads, such as
 * podsecuritypolicies, showed as skipped on every analysis.)
 */
export function concerns(req: SnapshotRequest, s: Skipped): boolean {
  if (!s.check.startsWith('read/')) return true;
  const kind = s.check.slice('read/'.length) as ResourceName;
  if (req.kinds?.includes(kind)) return true;
  if (kind === 'events') return Boolean(req.events);
  if (kind === 'pods') return Boolean(req.pods);
  return Boolean(req.workloads) && WORKLOAD_KINDS.includes(kind);
}

function message(err: unknown): string {
  return (err instanceof Error ? err.message : String(err)).split('\n')[0];
}

/** Fatal for the whole run: the cluster is unreachable, or the user interrupted. */
function fatal(err: unknown): boolean {
  return err instanceof ClusterError || (err as {name?: string})?.name === 'AbortError';
}

interface Slot {
  entry: DoctorEntry;
  options: unknown;
  request: SnapshotRequest;
  primary: ResourceName[];
  view: Snapshot;
  run?: AnalysisRun<unknown>;
  report?: Report<unknown>;
  error?: string;
  /** doctor's summary: the findings counted as they come (runDoctorDigest). */
  digest?: FindingDigest;
  /** Items the analysis handed over during the pass (AnalysisRun.takeItems): doctor only counts them. */
  itemsTaken: number;
}

export async function runDoctor(
  source: DoctorSource,
  entries: readonly DoctorEntry[],
  optionsOf: (e: DoctorEntry) => unknown,
  progress: DoctorProgress = {update() {}},
): Promise<Report<DoctorItem>> {
  const {snapshot, slots, counter, caps} = await runSlots(source, entries, optionsOf, progress, false);
  return withLocations(merge(snapshot, slots, counter, await snapshot.ownerAnnotations?.()), caps);
}

/**
 * doctor for its summary (the text view without -o wide): the findings are counted as they come
 * (FindingDigest) and the report lists none; its summary and items count them as runDoctor's would.
 * Undefined when an object the run read has an ignore annotation: the suppressions judge each finding
 * on the finished report, so then run runDoctor (the second read is the price of a rare case).
 */
export async function runDoctorDigest(
  source: DoctorSource,
  entries: readonly DoctorEntry[],
  optionsOf: (e: DoctorEntry) => unknown,
  progress: DoctorProgress = {update() {}},
): Promise<{report: Report<DoctorItem>; digest: DoctorDigest} | undefined> {
  const {snapshot, slots, counter} = await runSlots(source, entries, optionsOf, progress, true);
  const facts = counter.facts.withObjects(snapshot.objects, await snapshot.ownerAnnotations?.());
  if (facts.annotations.size > 0 || (facts.unreadOwners?.length ?? 0) > 0) return undefined;
  for (const slot of slots) if (slot.report && slot.digest) slot.digest.add(slot.report.findings);
  const report = merge(snapshot, slots, counter, undefined);
  const digest = combineDigests(slots.flatMap((s) => (s.report && s.digest ? [s.digest] : [])));
  report.summary = digest.summary;
  // Each row counts what the report would list: its analysis's findings after the repeats (summaries.ts).
  for (const item of report.items) if (item.status !== 'failed') item.summary = digest.byAnalysis.get(item.analysis) ?? {error: 0, warning: 0, info: 0};
  return {report, digest};
}

/** Findings taken from the analyses every this many visits (a few KB at a time). */
export const VISITS_PER_TAKE = 64;

/** Every analysis begun, the stream visited once for all, every analysis finished. */
async function runSlots(
  source: DoctorSource,
  entries: readonly DoctorEntry[],
  optionsOf: (e: DoctorEntry) => unknown,
  progress: DoctorProgress,
  digest: boolean,
): Promise<{snapshot: Snapshot; slots: Slot[]; counter: StreamCounter; caps: Capabilities}> {
  const slots: Slot[] = entries.map((entry) => {
    const options = optionsOf(entry);
    return {
      entry,
      options,
      request: entry.analysis.request(options),
      primary: entry.analysis.primary(options),
      view: undefined as unknown as Snapshot,
      itemsTaken: 0,
      ...(digest ? {digest: new FindingDigest()} : {}),
    };
  });
  const req = unionRequest(slots.map((s) => s.request));
  progress.update(`reading ${req.kinds?.length ?? 0} kinds${req.pods ? ', pods' : ''}${req.workloads ? ' and workloads' : ''}`);
  const snapshot = await source.snapshot(req);
  const caps = source.capabilities();
  // The source may add entries to snapshot.skipped while streaming (a kind it cannot list):
  // those after this index are handed to the analyses that read that kind before they finish.
  const skippedBefore = snapshot.skipped.length;
  for (const slot of slots) {
    // A shallow copy per analysis: its own objects map and skipped list (only the entries that
    // concern it), the shared stream.
    slot.view = {...snapshot, objects: {...snapshot.objects}, skipped: snapshot.skipped.filter((s) => concerns(slot.request, s))};
    try {
      slot.run = await slot.entry.analysis.begin(slot.view, slot.options, caps);
    } catch (err) {
      if (fatal(err)) throw err;
      slot.error = message(err);
    }
  }
  const counter = await visitAll(snapshot, slots, progress);
  const streamSkipped = snapshot.skipped.slice(skippedBefore);
  for (const slot of slots) for (const s of streamSkipped) if (concerns(slot.request, s)) slot.view.skipped.push(s);
  collectAfterLongPass();
  await Promise.all(
    slots.map(async (slot) => {
      if (!slot.run || slot.error) return;
      try {
        takeFindings(slot);
        const digest = slot.digest;
        slot.report = await slot.run.finish(digest && {findings: (findings) => digest.add(findings)});
      } catch (err) {
        if (fatal(err)) throw err;
        slot.error = message(err);
      }
    }),
  );
  return {snapshot, slots, counter, caps};
}

/** One pass of the stream, each workload visited by every analysis that wants it. */
async function visitAll(snapshot: Snapshot, slots: Slot[], progress: DoctorProgress): Promise<StreamCounter> {
  let seen = 0;
  const counter = new StreamCounter();
  for await (const w of snapshot.workloads()) {
    if (!counter.add(w)) continue;
    for (const slot of slots) {
      if (!slot.run || slot.error || !wants(slot.request, w)) continue;
      try {
        // Most visits are synchronous: awaiting those would cost a microtask per analysis per pod.
        const pending = slot.run.visit(w);
        if (pending) await pending;
      } catch (err) {
        if (fatal(err)) throw err;
        slot.error = `${message(err)} (at ${w.kind} ${w.namespace}/${w.name})`;
      }
    }
    if (++seen % VISITS_PER_TAKE === 0) for (const slot of slots) takeFromRun(slot);
    if (seen % 500 === 0) progress.update(`checked ${seen} pods and templates`);
  }
  progress.update(`checked ${seen} pods and templates; finishing`);
  return counter;
}

/** Doctor lists no analysis's items, only how many: those an analysis can hand over are counted and let go. */
function takeFromRun(slot: Slot): void {
  if (slot.run?.takeItems && !slot.error) slot.itemsTaken += slot.run.takeItems().length;
  takeFindings(slot);
}

/** With a digest, the findings an analysis can hand over go there (not for one that failed: its findings are not shown). */
function takeFindings(slot: Slot): void {
  if (!slot.digest || !slot.run?.takeFindings || slot.error) return;
  slot.digest.add(slot.run.takeFindings());
}

function merge(snapshot: Snapshot, slots: Slot[], counter: StreamCounter, owners: OwnerAnnotations | undefined): Report<DoctorItem> {
  const counts = counter.counts();
  const req = unionRequest(slots.map((s) => s.request));
  const primary = new Set(slots.flatMap((s) => s.primary));
  const findings: Finding[] = [];
  const skipped: Skipped[] = [];
  const seenSkip = new Set<string>();
  const addSkip = (s: Skipped) => {
    const key = `${s.check}\u0000${s.reason}`;
    if (seenSkip.has(key)) return;
    seenSkip.add(key);
    skipped.push(s);
  };
  const items: DoctorItem[] = slots.map((slot) => {
    const {analysis} = slot.entry;
    if (slot.error || !slot.report) {
      const s = {check: analysis.name, reason: `the ${analysis.name} analysis failed: ${slot.error ?? 'no report'}`};
      addSkip(s);
      return {
        analysis: analysis.name,
        kind: analysis.reportKind,
        status: 'failed',
        items: 0,
        summary: {error: 0, warning: 0, info: 0},
        skipped: [s],
        error: slot.error,
      };
    }
    const r = slot.report;
    if (!slot.digest) pushAll(findings, r.findings);
    for (const s of r.skipped) addSkip(s);
    const unread = readStatuses(slot.request, new Set(slot.primary), slot.view, counts)
      .filter((s) => s.primary && !s.complete)
      .map((s) => s.resource);
    const status = unread.length > 0 ? 'incomplete' : 'ran';
    return {
      analysis: analysis.name,
      kind: r.kind,
      status,
      ...(unread.length > 0 ? {unread} : {}),
      items: slot.itemsTaken + (r.itemCount ?? r.items.length),
      summary: r.summary,
      skipped: r.skipped,
    };
  });
  // Complete: everything the source could not read, and what an analysis's own view adds (the gMSA webhook details) (also for an
  // analysis that then failed).
  for (const s of snapshot.skipped) addSkip(s);
  for (const slot of slots) for (const s of slot.view?.skipped ?? []) addSkip(s);
  const report = makeReport('DoctorReport', snapshot.source, items, withoutRepeats(counter.owners.annotate(findings)), skipped);
  // Every read, each kind once: what the source could not read included, the gMSA webhook details too.
  const allSkipped = [...snapshot.skipped, ...slots.flatMap((s) => s.view?.skipped ?? [])];
  report.reads = readStatuses(req, primary, {...snapshot, skipped: allSkipped}, counts);
  if (snapshot.inputErrors && snapshot.inputErrors.length > 0) report.inputErrors = [...snapshot.inputErrors];
  // A digest run had no ignore annotation to apply (runDoctorDigest), and its report lists no findings.
  if (slots.some((s) => s.digest)) return report;
  recountAnalyses(report);
  return withObjectFacts(report, counter.facts.withObjects(snapshot.objects, owners));
}
