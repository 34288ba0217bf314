// The other analyses (lint, qos, gmsa, psp, nodes) run on why's own snapshot and pass, as doctor
// runs them (src/analyses/doctor/run.ts): each gets its own shallow view of the objects and the
// read skips that concern it, and sees the pods and templates it asked for. Their findings are then
// indexed by object, so each pod finds what they say about it, its owner, its node and its
// credential specs without a scan. Nothing is read again, and their items are not kept.
import {gmsaAnalysis} from '../gmsa/analysis.js';
import {lintAnalysis} from '../lint/analysis.js';
import {nodesAnalysis} from '../nodes/analysis.js';
import {pspReadinessAnalysis} from '../psp/analysis.js';
import {qosAnalysis} from '../qos/analysis.js';
import {ClusterError} from '../../errors.js';
import {concerns, unionRequest, VISITS_PER_TAKE} from '../doctor/run.js';
import type {Analysis, AnalysisRun} from '../types.js';
import type {Finding, Skipped} from '../../report/types.js';
import {sortFindings} from '../../report/build.js';
import type {Capabilities, Snapshot, SnapshotRequest, Workload} from '../../k8s/snapshot.js';

export interface JoinOptions {
  /** --k8s-version's minor, for the analyses that follow one (QoS, lint, Pod Security). */
  minor?: number;
  selector?: string;
}

interface Joined {
  analysis: Analysis<unknown, unknown>;
  options: unknown;
  request: SnapshotRequest;
}

function joined(o: JoinOptions): Joined[] {
  const list: Array<[Analysis<unknown, unknown>, unknown]> = [
    [lintAnalysis as Analysis<unknown, unknown>, {minor: o.minor}],
    [qosAnalysis as Analysis<unknown, unknown>, {minor: o.minor, countItemsOnly: true}],
    // The gMSA chain as the pods in scope use it, the credential specs they name.
    [gmsaAnalysis as Analysis<unknown, unknown>, {names: [], narrowed: true}],
    [
      pspReadinessAnalysis as Analysis<unknown, unknown>,
      {version: o.minor === undefined ? undefined : `v1.${o.minor}`, serverDryRun: false, selector: o.selector, withoutPodLists: true},
    ],
    [nodesAnalysis as Analysis<unknown, unknown>, {onlyUsed: true}],
  ];
  return list.map(([analysis, options]) => ({analysis, options, request: analysis.request(options)}));
}

/** What the joined analyses read, to be added to why's own request. */
export function joinedRequest(o: JoinOptions): SnapshotRequest {
  return unionRequest(joined(o).map((j) => j.request));
}

const key = (kind: string | undefined, namespace: string | undefined, name: string | undefined) => `${kind ?? ''}\u0000${namespace ?? ''}\u0000${name ?? ''}`;

/** The joined findings by the object they are on. */
export class FindingIndex {
  private readonly byObject = new Map<string, Finding[]>();

  constructor(findings: readonly Finding[]) {
    for (const f of findings) {
      const k = key(f.object?.kind, f.object?.namespace, f.object?.name);
      const list = this.byObject.get(k);
      if (list) list.push(f);
      else this.byObject.set(k, [f]);
    }
  }

  on(kind: string, namespace: string | undefined, name: string): readonly Finding[] {
    return this.byObject.get(key(kind, namespace, name)) ?? [];
  }
}

export interface JoinRun {
  visit(w: Workload): Promise<void>;
  /** The wanted findings of every joined analysis, and an entry for each that failed (the others still count). */
  finish(): Promise<{findings: Finding[]; skipped: Skipped[]}>;
}

/**
 * Which joined findings why keeps, asked of each finding once the pod it is on has been visited:
 * on 100,000 pods Pod Security alone makes a finding per pod, and why answers for a few of them.
 */
export type WantedFinding = (f: Finding) => boolean;

interface Slot extends Joined {
  run?: AnalysisRun<unknown>;
  error?: string;
  /** Its wanted findings so far, in the order it made them. */
  kept: Finding[];
}

const messageOf = (err: unknown) => (err instanceof Error ? err.message : String(err)).split('\n')[0];

/** The cluster went away or the user interrupted: the whole run stops, as in doctor. */
function rethrowFatal(err: unknown): void {
  if (err instanceof ClusterError || (err as {name?: string})?.name === 'AbortError') throw err;
}

export async function beginJoin(snapshot: Snapshot, o: JoinOptions, caps: Capabilities, wanted: WantedFinding): Promise<JoinRun> {
  const slots: Slot[] = joined(o).map((j) => ({...j, kept: []}));
  const keep = (slot: Slot, findings: readonly Finding[]) => {
    for (const f of findings) if (wanted(f)) slot.kept.push(f);
  };
  for (const slot of slots) {
    const view: Snapshot = {...snapshot, objects: {...snapshot.objects}, skipped: snapshot.skipped.filter((s) => concerns(slot.request, s))};
    try {
      slot.run = await slot.analysis.begin(view, slot.options, caps);
    } catch (err) {
      rethrowFatal(err);
      slot.error = messageOf(err);
    }
  }
  let visits = 0;
  /** What a slot made so far: its items let go, as doctor lets them go; its wanted findings kept. */
  const take = (slot: Slot) => {
    if (!slot.run || slot.error) return;
    slot.run.takeItems?.();
    if (slot.run.takeFindings) keep(slot, slot.run.takeFindings());
  };
  return {
    async visit(w) {
      // Before this visit, so that a finding is judged once the pod it is on has been visited.
      if (visits++ % VISITS_PER_TAKE === VISITS_PER_TAKE - 1) for (const slot of slots) take(slot);
      for (const slot of slots) {
        if (!slot.run || slot.error || !(w.template ? slot.request.workloads : slot.request.pods)) continue;
        try {
          const pending = slot.run.visit(w);
          if (pending) await pending;
        } catch (err) {
          rethrowFatal(err);
          slot.error = `${messageOf(err)} (at ${w.kind} ${w.namespace}/${w.name})`;
        }
      }
    },
    async finish() {
      const findings: Finding[] = [];
      const skipped: Skipped[] = [];
      for (const slot of slots) {
        if (slot.run && !slot.error) {
          try {
            const rest = (await slot.run.finish({findings: (handed) => keep(slot, handed)})).findings;
            keep(slot, rest);
            // In the order the analysis's own report would have listed them (sorted stably from the order made).
            for (const f of sortFindings(slot.kept.splice(0))) findings.push(f);
            continue;
          } catch (err) {
            rethrowFatal(err);
            slot.error = messageOf(err);
          }
        }
        skipped.push({
          check: `why/join-${slot.analysis.name}`,
          reason: `the ${slot.analysis.name} analysis failed, its findings are not joined: ${slot.error}`,
        });
      }
      return {findings, skipped};
    },
  };
}
