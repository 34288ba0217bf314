// How an analysis plugs in: it says what to read (and which of those reads its checks cannot do
// without), sees the small kinds once, visits each pod or template once as the stream goes by, and
// finishes into a Report. Pure: no printing, no flags, no exit. `doctor` runs several over one
// Snapshot and one pass of the stream.
import {readStatuses} from '../report/reads.js';
import {withLocations} from '../report/locate.js';
import type {Finding, Report, SourceInfo} from '../report/types.js';
import {resourceByKind, type ResourceName} from '../k8s/resources.js';
import type {Capabilities, Snapshot, SnapshotRequest, Workload} from '../k8s/snapshot.js';
import {isRetiredReplicaSet, PodOwners} from './pod-owners.js';
import {ObjectFactsIndex} from './object-facts.js';
import {withObjectFacts} from '../report/suppress.js';
import {collectAfterLongPass} from '../util/gc-hint.js';

export interface AnalysisRun<Item> {
  visit(w: Workload): void | Promise<void>;
  /** `handOver`: where an analysis that makes its findings or items here may pass them on as it goes. */
  finish(handOver?: FinishHandOver<Item>): Report<Item> | Promise<Report<Item>>;
  /**
   * The items made since the last call, handed over and forgotten (the report's `items` then holds
   * only those made after): final items, in the report's order (qos and lint: each as visited;
   * gmsa: those whose access review is answered, up to the first still waiting). Lets -o json write
   * them as they come instead of holding them all (issue 23).
   */
  takeItems?(): Item[];
  /**
   * The findings made since the last call, handed over and forgotten (finish's report then holds
   * only those made after, and its summary counts only those): doctor's summary counts them as the
   * stream goes by instead of holding them all (issue 23).
   */
  takeFindings?(): Finding[];
}

/** What finish may pass on in batches as it goes instead of holding it all (issue 23). */
export interface FinishHandOver<Item> {
  /** doctor's summary: findings in any order; the report then lists only those it kept. */
  findings?(findings: Finding[]): void;
  /** -o json: items in the report's order; the report's `items` then holds only those made after. */
  items?(items: Item[]): void | Promise<void>;
}

/** The start of a report that items can be written after: what its envelope says before `items`. */
export interface ReportHead {
  apiVersion: 'kubectl-win/v1';
  kind: string;
  source: SourceInfo;
}

/** Where items go as they are made (-o json's stream); a promise when the reader is behind. */
export interface ItemSink {
  write(head: ReportHead, items: readonly unknown[]): void | Promise<void>;
}

export interface Analysis<Item, Options> {
  /** Short name: qos, lint, gmsa, psp, nodes. */
  name: string;
  /** The report's `kind`: QoSReport, LintReport, ... */
  reportKind: string;
  request(options: Options): SnapshotRequest;
  /**
   * The kinds this analysis examines (its primary reads): when one of them could not be read whole,
   * the run is incomplete (exit 4). Every other requested kind only adds detail (a `skipped` entry).
   */
  primary(options: Options): ResourceName[];
  begin(snapshot: Snapshot, options: Options, capabilities: Capabilities): AnalysisRun<Item> | Promise<AnalysisRun<Item>>;
}

/** Objects seen per streamed kind (Pod, Deployment, ...), for the read counts of the envelope. */
export class StreamCounter {
  private readonly byKind = new Map<string, number>();
  readonly owners = new PodOwners();
  readonly facts = new ObjectFactsIndex();

  /** Counts a streamed object; false when it is not to be checked (a Deployment's old, empty ReplicaSet). */
  add(w: Workload): boolean {
    this.byKind.set(w.kind, (this.byKind.get(w.kind) ?? 0) + 1);
    if (isRetiredReplicaSet(w)) return false;
    this.owners.see(w);
    this.facts.see(w);
    return true;
  }

  counts(): Map<ResourceName, number> {
    const out = new Map<ResourceName, number>();
    for (const [kind, n] of this.byKind) {
      const r = resourceByKind(kind);
      if (r) out.set(r, n);
    }
    return out;
  }
}

/** The report with what the snapshot could and could not read, and any input errors, attached. */
async function withReads<R extends Report<unknown>>(
  report: R,
  request: SnapshotRequest,
  primary: Iterable<ResourceName>,
  snapshot: Snapshot,
  counter: StreamCounter,
): Promise<R> {
  report.reads = readStatuses(request, new Set(primary), snapshot, counter.counts());
  report.findings = counter.owners.annotate(report.findings);
  if (snapshot.inputErrors && snapshot.inputErrors.length > 0) report.inputErrors = [...snapshot.inputErrors];
  return withObjectFacts(report, counter.facts.withObjects(snapshot.objects, await snapshot.ownerAnnotations?.()));
}

/** Items handed to a sink in batches of this many visits (fewer calls; still a few KB at a time). */
const VISITS_PER_HANDOVER = 64;

/**
 * One analysis over its own snapshot: begin, one pass of the stream, finish. With `items`, an
 * analysis that can hand its items over (AnalysisRun.takeItems) writes them there as the stream goes
 * by; the report then holds only the ones made last.
 */
export async function runAnalysis<Item, Options>(
  analysis: Analysis<Item, Options>,
  snapshot: Snapshot,
  options: Options,
  capabilities: Capabilities,
  items?: ItemSink,
): Promise<Report<Item>> {
  const run = await analysis.begin(snapshot, options, capabilities);
  const counter = new StreamCounter();
  const take = items && run.takeItems?.bind(run);
  const head: ReportHead = {apiVersion: 'kubectl-win/v1', kind: analysis.reportKind, source: snapshot.source};
  let visits = 0;
  for await (const w of snapshot.workloads()) {
    if (!counter.add(w)) continue;
    // Most visits are synchronous: awaiting those would cost a microtask per pod.
    const pending = run.visit(w);
    if (pending) await pending;
    if (take && ++visits % VISITS_PER_HANDOVER === 0) {
      const taken = take();
      const written = taken.length > 0 ? items?.write(head, taken) : undefined;
      if (written) await written;
    }
  }
  collectAfterLongPass();
  const handOver = items && {items: (batch: Item[]) => items.write(head, batch)};
  const report = await withReads(await run.finish(handOver), analysis.request(options), analysis.primary(options), snapshot, counter);
  return withLocations(report, capabilities);
}
