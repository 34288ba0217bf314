// How an analysis plugs in: it says what to read (and which of those reads its checks cannot do
// without), sees the small kinds once, visits each pod or template once as the stream goes by, and
// finishes into a Report. Pure: no printing, no flags, no exit. `doctor` runs several over one
// Snapshot and one pass of the stream.
import {readStatuses} from '../report/reads.js';
import {withLocations} from '../report/locate.js';
import type {Report} from '../report/types.js';
import {resourceByKind, type ResourceName} from '../k8s/resources.js';
import type {Capabilities, Snapshot, SnapshotRequest, Workload} from '../k8s/snapshot.js';
import {isRetiredReplicaSet, PodOwners} from './pod-owners.js';
import {ObjectFactsIndex} from './object-facts.js';
import {withObjectFacts} from '../report/suppress.js';

export interface AnalysisRun<Item> {
  visit(w: Workload): void | Promise<void>;
  finish(): Report<Item> | Promise<Report<Item>>;
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
function withReads<R extends Report<unknown>>(
  report: R,
  request: SnapshotRequest,
  primary: Iterable<ResourceName>,
  snapshot: Snapshot,
  counter: StreamCounter,
): R {
  report.reads = readStatuses(request, new Set(primary), snapshot, counter.counts());
  report.findings = counter.owners.annotate(report.findings);
  if (snapshot.inputErrors && snapshot.inputErrors.length > 0) report.inputErrors = [...snapshot.inputErrors];
  return withObjectFacts(report, counter.facts.withObjects(snapshot.objects));
}

/** One analysis over its own snapshot: begin, one pass of the stream, finish. */
export async function runAnalysis<Item, Options>(
  analysis: Analysis<Item, Options>,
  snapshot: Snapshot,
  options: Options,
  capabilities: Capabilities,
): Promise<Report<Item>> {
  const run = await analysis.begin(snapshot, options, capabilities);
  const counter = new StreamCounter();
  for await (const w of snapshot.workloads()) {
    if (!counter.add(w)) continue;
    // Most visits are synchronous: awaiting those would cost a microtask per pod.
    const pending = run.visit(w);
    if (pending) await pending;
  }
  const report = withReads(await run.finish(), analysis.request(options), analysis.primary(options), snapshot, counter);
  return withLocations(report, capabilities);
}
