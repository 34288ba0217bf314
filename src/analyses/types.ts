// How an analysis plugs in: it says what to read, sees the small kinds once, visits each pod or
// template once as the stream goes by, and finishes into a Report. Pure: no printing, no flags, no
// exit. `doctor` runs several over one Snapshot and one pass of the stream.
import type {Report} from '../report/types.js';
import type {Capabilities, Snapshot, SnapshotRequest, Workload} from '../source/types.js';

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
  begin(snapshot: Snapshot, options: Options, capabilities: Capabilities): AnalysisRun<Item> | Promise<AnalysisRun<Item>>;
}

/** One analysis over its own snapshot: begin, one pass of the stream, finish. */
export async function runAnalysis<Item, Options>(
  analysis: Analysis<Item, Options>,
  snapshot: Snapshot,
  options: Options,
  capabilities: Capabilities,
): Promise<Report<Item>> {
  const run = await analysis.begin(snapshot, options, capabilities);
  for await (const w of snapshot.workloads()) {
    // Most visits are synchronous: awaiting those would cost a microtask per pod.
    const pending = run.visit(w);
    if (pending) await pending;
  }
  return run.finish();
}
