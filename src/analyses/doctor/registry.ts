// The analyses `kubectl win doctor` runs: every read-only one. Adding an analysis is one line in
// DOCTOR_ANALYSES (its options for a cluster-wide, unnamed run). `gmsa nltest` is not here: it executes commands inside pods.
import {gmsaAnalysis} from '../gmsa/analysis.js';
import {lintAnalysis} from '../lint/analysis.js';
import {nodesAnalysis} from '../nodes/analysis.js';
import {pspReadinessAnalysis} from '../psp/analysis.js';
import {qosAnalysis} from '../qos/analysis.js';
import {whyAnalysis} from '../why/analysis.js';
import type {Analysis} from '../types.js';
import type {FieldValidation} from '../../k8s/decode.js';

/** What doctor's flags mean to the analyses. */
export interface DoctorContext {
  /** Reading manifests (-f), not a cluster. */
  offline: boolean;
  /** --k8s-version v1.N (as v1.N), for the analyses that follow upstream versions (QoS, PSS). */
  version?: string;
  /** The minor of --k8s-version (src/cli/k8s-version.ts). */
  minor?: number;
  /** --validate: lint's answer to unknown fields in manifests (default Strict, as kubectl). */
  fieldValidation?: FieldValidation;
  selector?: string;
  /** One namespace or a label selector: cluster-scoped objects are reported only as in-scope objects use them. */
  narrowed?: boolean;
  /** Milliseconds since the epoch, for the ages of why's evidence (the command's clock; analyses read none). */
  now?: number;
}

export interface DoctorEntry<Item = unknown, Options = unknown> {
  analysis: Analysis<Item, Options>;
  options(ctx: DoctorContext): Options;
}

function entry<Item, Options>(e: DoctorEntry<Item, Options>): DoctorEntry {
  return e as unknown as DoctorEntry;
}

export const DOCTOR_ANALYSES: readonly DoctorEntry[] = [
  entry({analysis: qosAnalysis, options: (c) => ({minor: c.minor, templates: c.offline, countItemsOnly: true})}),
  entry({analysis: lintAnalysis, options: (c) => ({minor: c.minor, fieldValidation: c.fieldValidation})}),
  entry({analysis: gmsaAnalysis, options: (c) => ({names: [], narrowed: c.narrowed, minor: c.minor})}),
  entry({analysis: pspReadinessAnalysis, options: (c) => ({version: c.version, serverDryRun: false, selector: c.selector, withoutPodLists: true})}),
  entry({analysis: nodesAnalysis, options: (c) => ({onlyUsed: c.narrowed, minor: c.minor, endOfSupportAt: c.now})}),
  // The Windows pods that are not running, with the decoded cause; the other findings are doctor's own.
  entry({analysis: whyAnalysis, options: (c) => ({now: c.now ?? 0})}),
];
