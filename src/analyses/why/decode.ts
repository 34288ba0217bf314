// Evidence -> causes, most specific first: each line is matched against the decoder catalogue
// (causes.ts); a scheduler message is read per reason with its node count (scheduler-message.ts),
// and the reasons covering the most nodes come first; a terminated container's exit code is read
// as Windows reports it. Lines that match nothing are kept and quoted as they are.
import {CAPACITY_RESOURCES, CATALOGUE, describeExitCode, entryFor, entryForExitCode, rankOf, sourceUrl, type CauseEntry, type CauseFamily} from './causes.js';
import {checkOf} from '../../report/finding.js';
import type {WhyCheckId} from './checks.js';
import {quoteEvidence, type Evidence} from './evidence.js';
import {parseFitError, type SchedulerReason} from './scheduler-message.js';

/** What the cluster says about the nodes a scheduler message counts. */
export interface NodeScope {
  /** The nodes of another OS than the pod's: a selector on the pod's OS excludes them as intended. */
  otherOsNodes: number;
}

export interface WhyCause {
  id: WhyCheckId;
  family: CauseFamily | 'undecoded';
  /** What happened (the check's title). */
  title: string;
  /** Why, in words. */
  cause: string;
  fix: string;
  /** The lines it was decoded from, as quoted (reason, count, age, message), newest first. */
  evidence: string[];
  /** The newest line's reason and message alone, without count or age (the finding's message quotes it). */
  quote: string;
  /**
   * What the nodes add: for a scheduling cause, how many nodes gave each of its reasons; for a
   * capacity failure, each Windows node's allocatable against its capacity.
   */
  context?: string[];
  /** For a capacity failure, the resources the scheduler found insufficient (cpu, hugepages-2Mi, example.com/gpu). */
  resources?: string[];
  /** The terminated containers' exit codes, in decimal and hex with their Windows name. */
  exitCodes?: string[];
  /** The kubectl-win check that proves the cause from the spec or the node, and whether it did for this pod. */
  proof?: {check: string; found: boolean; message?: string};
  /** Where the string was seen in public. */
  sources: Array<{ref: string; url: string}>;
}

/** Evidence lines shown per cause: the newest few say it; the rest are counted in them. */
const MAX_LINES = 3;

interface Match {
  entry?: CauseEntry;
  id: WhyCheckId;
  evidence: Evidence[];
  /** A scheduler message's reasons this cause stands for, with their node counts (the newest message's). */
  reasons?: SchedulerReason[];
  allNodes?: number;
}

interface Decoded {
  entry: CauseEntry;
  reasons?: SchedulerReason[];
  allNodes?: number;
}

const SCHEDULING = CATALOGUE.filter((c) => c.family === 'scheduling');

/**
 * A scheduler message per reason: each reason goes to the first scheduling entry it matches, with
 * the nodes that gave it. A message in no known shape keeps every scheduling entry it matches.
 */
function schedulingEntries(text: string): Decoded[] {
  const parsed = parseFitError(text);
  const byEntry = new Map<CauseEntry, SchedulerReason[]>();
  for (const r of parsed?.reasons ?? []) {
    const entry = SCHEDULING.find((c) => c.pattern?.test(r.reason));
    if (entry) byEntry.set(entry, [...(byEntry.get(entry) ?? []), r]);
  }
  if (byEntry.size === 0) return SCHEDULING.filter((c) => c.pattern?.test(text)).map((entry) => ({entry}));
  return [...byEntry].map(([entry, reasons]) => ({entry, reasons, allNodes: parsed!.allNodes}));
}

/** The entries one line decodes to: the scheduling reasons of a scheduler message, else the first match. */
function entriesOf(e: Evidence): Decoded[] {
  if (e.exitCode !== undefined && e.exitCode !== 0) {
    const byCode = entryForExitCode(e.exitCode);
    if (byCode) return [{entry: byCode}];
  }
  const text = e.message || e.reason;
  const first = entryFor(text) ?? (e.message ? entryFor(e.reason) : undefined);
  if (first?.family !== 'scheduling') return first ? [{entry: first}] : [];
  return schedulingEntries(text);
}

const newer = (a: Evidence, b: Evidence) => (a.ageSeconds ?? Infinity) < (b.ageSeconds ?? Infinity);

function add(matches: Map<string, Match>, id: WhyCheckId, d: Decoded | undefined, e: Evidence): void {
  const m = matches.get(id) ?? {id, entry: d?.entry, evidence: []};
  matches.set(id, m);
  // The scheduler's counts of its newest message: the cluster as it is now.
  if (d?.reasons && (!m.reasons || m.evidence.every((old) => newer(e, old)))) Object.assign(m, {reasons: d.reasons, allNodes: d.allNodes});
  m.evidence.push(e);
}

const nodesOf = (m: Match) => (m.reasons ?? []).reduce((n, r) => n + r.nodes, 0);

/** Scheduling causes by the nodes they explain, most first; the catalogue's rank otherwise. */
function byNodesThenRank(a: Match, b: Match): number {
  const both = a.entry?.family === 'scheduling' && b.entry?.family === 'scheduling';
  return (both ? nodesOf(b) - nodesOf(a) : 0) || rankOf(a.id) - rankOf(b.id);
}

/**
 * A selector the pod's OS explains: no more nodes failed it than there are nodes of another OS, and
 * another reason stops the pod on its own OS's nodes. That reason is the cause; the selector is
 * kept as its context.
 */
function explainedByOs(matches: Map<string, Match>, scope: NodeScope | undefined): Match | undefined {
  const selector = matches.get('why/unschedulable-selector');
  if (!scope || !selector?.reasons) return undefined;
  const others = [...matches.values()].some((m) => m !== selector && m.entry?.family === 'scheduling');
  return others && nodesOf(selector) <= scope.otherOsNodes ? selector : undefined;
}

/** The causes the evidence shows, most specific first; none when there is no evidence at all. */
export function decodeEvidence(evidence: readonly Evidence[], scope?: NodeScope): WhyCause[] {
  const matches = new Map<string, Match>();
  const undecoded: Evidence[] = [];
  for (const e of evidence) {
    const entries = entriesOf(e);
    for (const d of entries) add(matches, d.entry.id, d, e);
    if (entries.length > 0) continue;
    if (e.exitCode !== undefined && e.exitCode !== 0) add(matches, 'why/exit-code', undefined, e);
    else undecoded.push(e);
  }
  if (matches.size === 0) for (const e of undecoded) add(matches, 'why/not-decoded', undefined, e);
  const expected = explainedByOs(matches, scope);
  if (expected) matches.delete(expected.id);
  const causes = [...matches.values()].sort(byNodesThenRank).map(toCause);
  const first = causes.find((c) => c.family === 'scheduling');
  if (expected && first)
    first.context = [...(first.context ?? []), ...reasonLines(expected, ' (nodes of another OS, which the pod does not select: as intended)')];
  return causes;
}

/** `3 of 4: Insufficient hugepages-2Mi` (nodes): the scheduler's count, per reason. */
function reasonLines(m: Match, note = ''): string[] {
  return (m.reasons ?? []).map((r) => `${r.nodes} of ${m.allNodes}: ${r.reason}${note}`);
}

/** The resources an `Insufficient <resource>` reason names. */
function insufficient(m: Match): string[] {
  const named = (m.reasons ?? []).map((r) => (r.reason === 'Too many pods' ? 'pods' : /^Insufficient (\S+)/.exec(r.reason)?.[1]));
  const fromText = m.evidence.flatMap((e) => [...(e.message ?? '').matchAll(/Insufficient (\S+?)(?=[,.]?(?:\s|$))|Too many pods/g)].map((x) => x[1] ?? 'pods'));
  return [...new Set(m.reasons ? named.filter((r): r is string => r !== undefined) : fromText)];
}

/** A capacity cause names what ran out: cpu and memory, hugepages, an extended resource, the pods count. */
function capacityCause(entry: CauseEntry, resources: string[]): string {
  return resources.length === 0 ? entry.cause : entry.cause.replace(CAPACITY_RESOURCES, resources.join(', '));
}

/**
 * One line per message: the PodScheduled condition repeats the scheduler's event, and the event
 * (with its count) is the better quote.
 */
function distinct(evidence: readonly Evidence[]): Evidence[] {
  const byMessage = new Map<string, Evidence>();
  const out: Evidence[] = [];
  for (const e of evidence) {
    if (!e.message) {
      out.push(e);
      continue;
    }
    const kept = byMessage.get(e.message);
    if (!kept) byMessage.set(e.message, e);
    else if (kept.from === 'status' && e.from !== 'status') byMessage.set(e.message, e);
  }
  return [...out, ...byMessage.values()];
}

function toCause(m: Match): WhyCause {
  const check = checkOf(m.id);
  const lines = distinct(m.evidence).sort((a, b) => (a.ageSeconds ?? Infinity) - (b.ageSeconds ?? Infinity));
  const codes = [...new Set(m.evidence.filter((e) => e.exitCode !== undefined && e.exitCode !== 0).map((e) => describeExitCode(e.exitCode!)))];
  const newest = lines[0];
  const base = {
    id: m.id,
    title: check.title,
    evidence: lines.slice(0, MAX_LINES).map(quoteEvidence),
    quote: newest ? quoteEvidence({...newest, count: undefined, ageSeconds: undefined}) : '',
    ...(codes.length > 0 ? {exitCodes: codes} : {}),
  };
  if (m.entry) {
    const resources = m.id === 'why/unschedulable-capacity' ? insufficient(m) : [];
    const context = reasonLines(m);
    return {
      ...base,
      ...(context.length > 0 ? {context} : {}),
      ...(resources.length > 0 ? {resources} : {}),
      family: m.entry.family,
      cause: m.id === 'why/unschedulable-capacity' ? capacityCause(m.entry, resources) : m.entry.cause,
      fix: m.entry.fix,
      ...(m.entry.check ? {proof: {check: m.entry.check, found: false}} : {}),
      sources: m.entry.sources.map((s) => ({ref: s.ref, url: sourceUrl(s.ref)})),
    };
  }
  const generic = m.id === 'why/exit-code';
  return {
    ...base,
    family: generic ? 'exit-code' : 'undecoded',
    cause: generic
      ? `The container keeps exiting with ${codes.join(', ')}; the catalogue does not name this code.`
      : 'The pod does not start, and no catalogue entry matches what its status and events say; the lines are quoted as the kubelet, scheduler or controller wrote them.',
    fix: generic
      ? "Read the program's output of the failed run: kubectl logs POD --previous."
      : 'Read the quoted lines; kubectl describe pod shows the same events in time order.',
    sources: check.source.split(/;\s*/).map((ref) => ({ref, url: sourceUrl(ref)})),
  };
}
