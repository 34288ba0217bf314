// doctor's summary (the text view without -o wide) from findings seen one batch at a time, so a
// run never holds every finding to print counts and a few lines (issue 23). It keeps, per severity
// and check, a count and the example the sorted list would show first; the findings a later one
// may repeat (SAME_RULE's dropped side) until the end; and the Windows pods that are not running
// (why's findings, as many as there are such pods). Its text is the full report's, byte for byte.
import {objectSortKey, sortFindings} from '../../report/build.js';
import type {Finding, Summary} from '../../report/types.js';
import {Repeats} from './repeats.js';

const ORDER = ['error', 'warning', 'info'] as const;

export interface CheckGroup {
  severity: Finding['severity'];
  id: string;
  count: number;
  example: Finding;
}

/**
 * Findings grouped by severity, then check id. The example of a group is the finding that sorts
 * first (sortFindings: by object; the earliest seen among equals), whatever order they come in.
 */
export class CheckGroups {
  private readonly groups = new Map<string, CheckGroup & {key: string}>();

  add(f: Finding): void {
    const id = `${f.severity}\u0000${f.id}`;
    const g = this.groups.get(id);
    if (!g) {
      this.groups.set(id, {severity: f.severity, id: f.id, count: 1, example: f, key: objectSortKey(f)});
      return;
    }
    g.count++;
    const key = objectSortKey(f);
    if (key !== g.key && key.localeCompare(g.key) < 0) {
      g.example = f;
      g.key = key;
    }
  }

  /** Adds these groups to `into` (a later group's example wins only when it sorts strictly first). */
  mergeInto(into: CheckGroups): void {
    for (const [id, g] of this.groups) {
      const there = into.groups.get(id);
      if (!there) into.groups.set(id, {...g});
      else {
        there.count += g.count;
        if (g.key !== there.key && g.key.localeCompare(there.key) < 0) Object.assign(there, {example: g.example, key: g.key});
      }
    }
  }

  /** Most severe and most frequent first. */
  list(): CheckGroup[] {
    return [...this.groups.values()]
      .map(({severity, id, count, example}) => ({severity, id, count, example}))
      .sort((a, b) => ORDER.indexOf(a.severity) - ORDER.indexOf(b.severity) || b.count - a.count || a.id.localeCompare(b.id));
  }
}

/** What doctor's summary prints of the findings. */
export interface DoctorDigest {
  groups: CheckGroup[];
  /** why's findings on pods (not nodes), in the report's order. */
  notRunning: Finding[];
  /** How many findings the full report would list. */
  findings: number;
  summary: Summary;
  /** The same counts per analysis (a check id starts with its analysis's name), as doctor's rows count them. */
  byAnalysis: Map<string, Summary>;
}

export function isNotRunningFinding(f: Finding): boolean {
  return f.id.startsWith('why/') && f.object?.kind !== 'Node';
}

/**
 * One analysis's findings, fed in any batches. `seen` counts them all, as the analysis's own summary
 * does; the rest waits for combineDigests, which knows every analysis's kept side of SAME_RULE.
 */
export class FindingDigest {
  readonly groups = new CheckGroups();
  readonly repeats = new Repeats();
  readonly held: Finding[] = [];
  readonly notRunning: Finding[] = [];
  readonly seen: Summary = {error: 0, warning: 0, info: 0};
  /** Counted into groups (not held). */
  readonly counted: Summary = {error: 0, warning: 0, info: 0};

  add(findings: readonly Finding[]): void {
    for (const f of findings) {
      this.seen[f.severity]++;
      this.repeats.see(f);
      if (Repeats.mayRepeat(f)) this.held.push(f);
      else this.count(f);
    }
  }

  count(f: Finding): void {
    this.counted[f.severity]++;
    this.groups.add(f);
    if (isNotRunningFinding(f)) this.notRunning.push(f);
  }
}

/** The analyses' digests (in doctor's order) as one, less the findings one analysis repeats of another. */
export function combineDigests(digests: readonly FindingDigest[]): DoctorDigest {
  const repeats = new Repeats();
  for (const d of digests) repeats.merge(d.repeats);
  const groups = new CheckGroups();
  const summary: Summary = {error: 0, warning: 0, info: 0};
  const notRunning: Finding[] = [];
  for (const d of digests) {
    for (const f of d.held) if (!repeats.isRepeat(f)) d.count(f);
    d.groups.mergeInto(groups);
    for (const s of ['error', 'warning', 'info'] as const) summary[s] += d.counted[s];
    for (const f of d.notRunning) notRunning.push(f);
  }
  const findings = summary.error + summary.warning + summary.info;
  const list = groups.list();
  const byAnalysis = new Map<string, Summary>();
  for (const g of list) {
    const a = g.id.slice(0, g.id.indexOf('/'));
    let s = byAnalysis.get(a);
    if (!s) byAnalysis.set(a, (s = {error: 0, warning: 0, info: 0}));
    s[g.severity] += g.count;
  }
  return {groups: list, notRunning: sortFindings(notRunning), findings, summary, byAnalysis};
}
