// Evidence -> causes, most specific first: each line is matched against the decoder catalogue
// (causes.ts); a scheduler message keeps every scheduling reason it lists; a terminated container's
// exit code is read as Windows reports it. Lines that match nothing are kept and quoted as they are.
import {CATALOGUE, describeExitCode, entryFor, entryForExitCode, rankOf, sourceUrl, type CauseEntry, type CauseFamily} from './causes.js';
import {checkOf} from '../../report/finding.js';
import type {WhyCheckId} from './checks.js';
import {quoteEvidence, type Evidence} from './evidence.js';

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
  /** What the nodes add: for a capacity failure, each Windows node's allocatable against its capacity. */
  context?: string[];
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
}

/** The entries one line decodes to: all scheduling reasons of a scheduler message, else the first match. */
function entriesOf(e: Evidence): CauseEntry[] {
  if (e.exitCode !== undefined && e.exitCode !== 0) {
    const byCode = entryForExitCode(e.exitCode);
    if (byCode) return [byCode];
  }
  const text = e.message || e.reason;
  const first = entryFor(text) ?? (e.message ? entryFor(e.reason) : undefined);
  if (first?.family !== 'scheduling') return first ? [first] : [];
  return CATALOGUE.filter((c) => c.family === 'scheduling' && c.pattern?.test(text));
}

function add(matches: Map<string, Match>, id: WhyCheckId, entry: CauseEntry | undefined, e: Evidence): void {
  const m = matches.get(id);
  if (m) m.evidence.push(e);
  else matches.set(id, {id, entry, evidence: [e]});
}

/** The causes the evidence shows, most specific first; none when there is no evidence at all. */
export function decodeEvidence(evidence: readonly Evidence[]): WhyCause[] {
  const matches = new Map<string, Match>();
  const undecoded: Evidence[] = [];
  for (const e of evidence) {
    const entries = entriesOf(e);
    for (const entry of entries) add(matches, entry.id, entry, e);
    if (entries.length > 0) continue;
    if (e.exitCode !== undefined && e.exitCode !== 0) add(matches, 'why/exit-code', undefined, e);
    else undecoded.push(e);
  }
  if (matches.size === 0) for (const e of undecoded) add(matches, 'why/not-decoded', undefined, e);
  return [...matches.values()].sort((a, b) => rankOf(a.id) - rankOf(b.id)).map(toCause);
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
    return {
      ...base,
      family: m.entry.family,
      cause: m.entry.cause,
      fix: m.entry.fix,
      ...(m.entry.check ? {proof: {check: m.entry.check, found: false}} : {}),
      sources: m.entry.sources.map((s) => ({ref: s.ref, url: sourceUrl(s.ref)})),
    };
  }
  const generic = m.id === 'why/exit-code';
  return {
    ...base,
    family: generic ? 'exit-code' : 'undecoded',
    cause: generic ? `The container keeps exiting with ${codes.join(', ')}; the catalogue does not name this code.` : 'The pod does not start, and no catalogue entry matches what its status and events say; the lines are quoted as the kubelet, scheduler or controller wrote them.',
    fix: generic ? 'Read the program\'s output of the failed run: kubectl logs POD --previous.' : 'Read the quoted lines; kubectl describe pod shows the same events in time order.',
    sources: check.source.split(/;\s*/).map((ref) => ({ref, url: sourceUrl(ref)})),
  };
}
