// DoctorReport -> the human view: one summary grouped by severity and check (with how many and an
// example object), then what each analysis covered, then what could not run. -o wide lists every
// finding as well.
import type {Finding, Report} from '../../report/types.js';
import {standardSections, type Cell, type Section, type View} from '../../render/view.js';
import {rankOf} from '../why/causes.js';
import type {DoctorItem} from './run.js';
import {pushAll} from '../../util/arrays.js';
import {CheckGroups, isNotRunningFinding, type CheckGroup, type DoctorDigest} from './digest.js';

function objectText(f: Finding): string {
  if (!f.object) return '-';
  return `${f.object.kind} ${f.object.namespace ? `${f.object.namespace}/` : ''}${f.object.name}`;
}

/** Findings grouped by severity, then check id; most severe and most frequent first. */
export function groupFindings(findings: Finding[]): CheckGroup[] {
  const groups = new CheckGroups();
  for (const f of findings) groups.add(f);
  return groups.list();
}

/** Causes per pod beyond this many are counted, not listed: the table above already groups them. */
const NOT_RUNNING_ROWS = 50;

/** The Windows pods that are not running, each with its decoded cause (kubectl win why's findings). */
function notRunningSection(findings: Finding[]): Section | undefined {
  const first = new Map<string, Finding>();
  for (const f of findings) {
    if (!isNotRunningFinding(f)) continue;
    const k = `${f.object?.kind}\u0000${f.object?.namespace}\u0000${f.object?.name}`;
    const kept = first.get(k);
    if (!kept || rankOf(f.id) < rankOf(kept.id)) first.set(k, f);
  }
  if (first.size === 0) return undefined;
  // The first rows only: a copy of every pod's entry was 100,000 references to print 50.
  const rows: Cell[][] = [];
  for (const f of first.values()) {
    if (rows.length === NOT_RUNNING_ROWS) break;
    rows.push([objectText(f), {text: f.id, tone: f.severity}, f.message]);
  }
  if (first.size > NOT_RUNNING_ROWS) rows.push([`... and ${first.size - NOT_RUNNING_ROWS} more: kubectl win why -A`, '', '']);
  return {
    type: 'table',
    title: 'Windows pods that are not running (kubectl win why POD for the evidence and the fix)',
    columns: ['object', 'cause', 'evidence'],
    rows,
  };
}

/** ran; incomplete (with the kinds it could not read); failed. */
function statusCell(i: DoctorItem): Cell {
  if (i.status === 'ran') return {text: 'ran', tone: 'ok'};
  if (i.status === 'incomplete') return {text: `incomplete (${(i.unread ?? []).length} not read)`, tone: 'error'};
  return {text: 'failed', tone: 'error'};
}

/**
 * `digest`: the findings as doctor's summary run counted them (report.findings is then empty); not
 * with -o wide, which lists every finding.
 */
export function doctorView(report: Report<DoctorItem>, wide: boolean, digest?: DoctorDigest): View {
  const sections: Section[] = [];
  const groups = digest?.groups ?? groupFindings(report.findings);
  sections.push({
    type: 'table',
    title: 'Findings by severity and check',
    columns: ['severity', 'check', 'count', 'example', 'message'],
    // One line per check (the full message is in -o wide): the example message is cut short.
    fit: {overflow: 'truncate'},
    rows: groups.map((g): Cell[] => [
      {text: g.severity.toUpperCase(), tone: g.severity},
      g.id,
      String(g.count),
      objectText(g.example),
      g.example.message.length > 100 && !wide ? `${g.example.message.slice(0, 97)}...` : g.example.message,
    ]),
  });
  sections.push(analysesTable(report.items));
  const notRunning = notRunningSection(digest?.notRunning ?? report.findings);
  if (notRunning) sections.push(notRunning);
  const std = standardSections(report, report.items.length === 1 ? 'analysis' : 'analyses', report.items.length, wide);
  pushAll(sections, wide ? std : std.filter((s) => s.type !== 'findings'));
  if (!wide && (digest?.findings ?? report.findings.length) > 0) {
    // Before the summary line (suppression lines may follow it).
    sections.splice(
      sections.findIndex((s) => s.type === 'summary'),
      0,
      {
        type: 'lines',
        lines: [
          {
            text: 'Every finding with its field and fix: -o wide, or -o json|yaml. One check in depth: kubectl win qos|lint|gmsa check|psp readiness|nodes.',
            tone: 'dim',
          },
        ],
      },
    );
  }
  return {sections};
}

/** One row per analysis; a suppressed column when a suppression took anything out (counted apart, as in the summary). */
function analysesTable(items: readonly DoctorItem[]): Section {
  const anySuppressed = items.some((i) => (i.suppressed ?? 0) > 0);
  return {
    type: 'table',
    title: 'Analyses',
    columns: ['analysis', 'status', 'objects', 'errors', 'warnings', 'info', ...(anySuppressed ? ['suppressed'] : []), 'skipped'],
    rows: items.map((i): Cell[] => [
      i.analysis,
      statusCell(i),
      String(i.items),
      {text: String(i.summary.error), tone: i.summary.error ? 'error' : undefined},
      {text: String(i.summary.warning), tone: i.summary.warning ? 'warning' : undefined},
      String(i.summary.info),
      ...(anySuppressed ? [String(i.suppressed ?? 0)] : []),
      String(i.skipped.length),
    ]),
  };
}
