import type {CommonOptions} from '../options.js';
import {SEVERITY_RANK, type Finding, type Report, type Severity, type Skipped, type SourceInfo, type Summary} from './types.js';
import {byCodeUnit} from '../util/text-order.js';

export function summarize(findings: readonly Finding[]): Summary {
  const s: Summary = {error: 0, warning: 0, info: 0};
  for (const f of findings) s[f.severity]++;
  return s;
}

const ORDER: Severity[] = ['error', 'warning', 'info'];

/** Where a finding's object sorts among others of the same severity (then by check id). */
export function objectSortKey(f: Finding): string {
  return `${f.object?.namespace ?? ''}/${f.object?.kind ?? ''}/${f.object?.name ?? ''}`;
}

/** Findings sorted most severe first, then by object and id, so output is stable. */
export function sortFindings(findings: Finding[]): Finding[] {
  const key = objectSortKey;
  // Keys built once per finding, not twice per comparison (doctor sorts tens of thousands); same order.
  const keyed = findings.map((f) => ({f, rank: ORDER.indexOf(f.severity), key: key(f)}));
  keyed.sort((a, b) => a.rank - b.rank || a.key.localeCompare(b.key) || a.f.id.localeCompare(b.f.id));
  return keyed.map((k) => k.f);
}

/**
 * Skipped entries in an order that does not depend on timing. The source records a failed read
 * (`read/<plural>`) as its failure arrives, and the reads run in parallel, so two runs against the
 * same cluster listed them in either order; they come first, by check and reason, then the rest as
 * the analysis gave them.
 */
export function inStableOrder(skipped: Skipped[]): Skipped[] {
  const isRead = (s: Skipped) => s.check.startsWith('read/');
  const reads = skipped.filter(isRead).sort((a, b) => byCodeUnit(a.check, b.check) || byCodeUnit(a.reason, b.reason));
  return [...reads, ...skipped.filter((s) => !isRead(s))];
}

export function makeReport<Item>(kind: string, source: SourceInfo, items: Item[], findings: Finding[], skipped: Skipped[] = []): Report<Item> {
  const sorted = sortFindings(findings);
  return {apiVersion: 'kubectl-win/v1', kind, source, items, findings: sorted, skipped: inStableOrder(skipped), reads: [], summary: summarize(sorted)};
}

/** --fail-on: `none`, or the lowest severity that makes a run fail; its values are the flag's. */
export type FailOn = CommonOptions['failOn'];

/** Exit 1 when a finding at or above --fail-on exists (DESIGN.md, "Exit codes"). */
export function failsOn(summary: Summary, failOn: FailOn): boolean {
  if (failOn === 'none') return false;
  const min = SEVERITY_RANK[failOn];
  return (Object.keys(summary) as Severity[]).some((s) => SEVERITY_RANK[s] >= min && summary[s] > 0);
}
