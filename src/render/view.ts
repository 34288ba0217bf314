// A human view of a report: what the text and terminal renderers draw. Each command turns its
// Report into sections; the renderers know nothing about commands.
import {absentApis, missingPrimaryReads, NOT_SERVED_PREFIX} from '../report/reads.js';
import {foldFindings, type ShownFinding} from '../report/fold.js';
import type {BaselineEntry, Finding, ReadStatus, Skipped, SuppressedFinding, Summary} from '../report/types.js';
import {objectText} from '../report/suppress.js';
import type {TableFit} from './fit.js';
import {pushAll} from '../util/arrays.js';

export type Tone = 'error' | 'warning' | 'info' | 'ok' | 'dim' | 'bold';

/**
 * A cell: plain text, or text with a tone the terminal may colour. `verbatim` marks text a user
 * copies (a command, a patch, a manifest): renderers print it unwrapped and unindented. A verbatim
 * line of a `lines` section may hold several lines, apart by line breaks (a whole manifest).
 */
export type Cell = string | {text: string; tone?: Tone; verbatim?: boolean};

/** A section as it is drawn. */
export type DrawnSection =
  /** `fit`: how the table gives way on a narrow terminal (src/render/fit.ts); `noHeaders`: --no-headers. */
  | {type: 'table'; title?: string; columns: string[]; rows: Cell[][]; fit?: TableFit; noHeaders?: boolean}
  | {type: 'lines'; title?: string; lines: Cell[]}
  | {type: 'findings'; findings: ShownFinding[]}
  | {type: 'skipped'; skipped: Skipped[]}
  /** Reads the checks needed and did not get: the run is not a pass (exit 4). */
  | {type: 'incomplete'; reads: ReadStatus[]}
  | {type: 'summary'; summary: Summary; noun?: string; count?: number; incomplete?: boolean};

export type Section =
  | DrawnSection
  /**
   * `count` groups of sections, each made only when it is drawn (drawnSections): a detail block
   * per pod, which on a large cluster were most of `qos -A -o wide`'s memory when all made at once.
   */
  | {type: 'each'; count: number; sections: (index: number) => DrawnSection[]};

export interface View {
  sections: Section[];
}

/** The view's sections in order, each group of an `each` made when reached and let go after. */
export function* drawnSections(view: View): Generator<DrawnSection> {
  for (const s of view.sections) {
    if (s.type !== 'each') yield s;
    else for (let i = 0; i < s.count; i++) yield* s.sections(i);
  }
}

/** --no-headers: the tables lose their header line (the text renderer leaves it out). */
export function withoutHeaders(view: View): View {
  const drop = (s: DrawnSection): DrawnSection => (s.type === 'table' ? {...s, noHeaders: true} : s);
  return {
    ...view,
    sections: view.sections.map((s) => (s.type === 'each' ? {...s, sections: (i: number) => s.sections(i).map(drop)} : drop(s))),
  };
}

export function cellText(c: Cell): string {
  return typeof c === 'string' ? c : c.text;
}

export function isVerbatim(c: Cell): boolean {
  return typeof c !== 'string' && c.verbatim === true;
}

/** Lines to be copied as they are: each a verbatim cell. */
export function verbatim(lines: readonly string[]): Cell[] {
  return lines.map((text) => ({text, verbatim: true}));
}

export function cellTone(c: Cell): Tone | undefined {
  return typeof c === 'string' ? undefined : c.tone;
}

/**
 * The findings, skipped, not-checked and summary sections every command ends with. `every`: each
 * finding as made (-o wide); otherwise a controller's pods fold into it and repeats collapse.
 */
export function standardSections(
  report: {findings: Finding[]; skipped: Skipped[]; summary: Summary; reads?: ReadStatus[]; suppressed?: SuppressedFinding[]; baselineFixed?: BaselineEntry[]},
  noun?: string,
  count?: number,
  every = false,
): Section[] {
  const s: Section[] = [];
  if (report.findings.length > 0) s.push({type: 'findings', findings: every ? report.findings : foldFindings(report.findings)});
  const {absent, rest} = absentApis(report.skipped);
  if (absent.length > 0) s.push({type: 'lines', lines: absent.map((k) => ({text: absentApiLine(k), tone: 'info'}))});
  if (rest.length > 0) s.push({type: 'skipped', skipped: rest});
  const missing = missingPrimaryReads({reads: report.reads ?? []});
  if (missing.length > 0) s.push({type: 'incomplete', reads: missing});
  s.push({type: 'summary', summary: report.summary, noun, count, ...(missing.length > 0 ? {incomplete: true} : {})});
  pushAll(s, suppressionSections(report, every));
  return s;
}

/**
 * Suppressions are never silent: their count under the summary (each one with -o wide), and the
 * baseline entries no longer found (docs/ci.md).
 */
function suppressionSections(report: {suppressed?: SuppressedFinding[]; baselineFixed?: BaselineEntry[]}, every: boolean): Section[] {
  const s: Section[] = [];
  const suppressed = report.suppressed ?? [];
  if (suppressed.length > 0) {
    const by = (['annotation', 'config', 'baseline'] as const)
      .map((k) => [k, suppressed.filter((f) => f.suppression.by === k).length] as const)
      .filter(([, n]) => n > 0)
      .map(([k, n]) => `${n} by ${k}`);
    const count = `${suppressed.length} suppressed (${by.join(', ')}), not counted${every ? '' : '; -o wide lists them'}`;
    s.push({type: 'lines', lines: [{text: count, tone: 'dim'}, ...(every ? suppressed.map(suppressedLine) : [])]});
  }
  const fixed = report.baselineFixed ?? [];
  if (fixed.length > 0) {
    s.push({
      type: 'lines',
      title: `${fixed.length} baseline ${fixed.length === 1 ? 'entry' : 'entries'} fixed (no longer found; remove ${fixed.length === 1 ? 'it' : 'them'} from the baseline)`,
      lines: fixed.map((e) => ({text: `FIXED ${e.id}${e.object ? `  ${objectText(e.object)}` : ''}${e.field ? `  ${e.field}` : ''}`, tone: 'ok'})),
    });
  }
  return s;
}

function suppressedLine(f: SuppressedFinding): Cell {
  const {by, reason, where} = f.suppression;
  const what = `${f.id}${f.object ? `  ${objectText(f.object)}` : ''}${f.field ? `  ${f.field}` : ''}`;
  return {text: `SUPPRESSED ${what}: by ${by} (${where})${reason ? `: ${reason}` : ''}`, tone: 'dim'};
}

/** An optional API that is not there: a note, not a check that could not run. */
function absentApiLine(k: Skipped): string {
  return `NOTE ${k.check}: ${k.reason.startsWith(`${NOT_SERVED_PREFIX}: `) ? k.reason.slice(NOT_SERVED_PREFIX.length + 2) : k.reason}`;
}

export function skippedLine(k: Skipped): string {
  return `SKIPPED ${k.check}: ${k.reason}`;
}

/** One line per read the checks needed and did not get, with the permission that would allow it. */
export function incompleteLines(reads: ReadStatus[]): string[] {
  return [
    ...reads.map(
      (r) => `NOT CHECKED ${r.resource}${r.namespace ? ` in namespace ${r.namespace}` : ''}: ${r.reason ?? 'not read'}; needs RBAC: ${r.rule ?? 'list'}`,
    ),
    INCOMPLETE_HINT,
  ];
}

/** Where the whole role is: the rules above are only what this run missed. */
const INCOMPLETE_HINT = 'The read-only ClusterRole each command needs: kubectl win rbac COMMAND';

export const INCOMPLETE_TITLE = 'Incomplete: these objects could not be read, so their checks did not run';
export const INCOMPLETE_PREFIX = 'INCOMPLETE: ';

// ink lays out each table row as components (about 4-5 ms a row): past this many lines the
// terminal gets the same layout from the text renderer, in colour, in milliseconds.
const INK_MAX_LINES = 400;

/** ink on a terminal, for views it draws quickly. */
export function rendersWithInk(view: View, stdoutIsTTY: boolean): boolean {
  return stdoutIsTTY && viewSize(view) <= INK_MAX_LINES;
}

/** How many lines `cells` take, a verbatim cell's line breaks counted, until past `limit`. */
function linesOf(cells: readonly Cell[], limit: number): number {
  let n = cells.length;
  for (let i = 0; i < cells.length && n <= limit; i++) if (isVerbatim(cells[i])) n += lineBreaks(cellText(cells[i]));
  return n;
}

function lineBreaks(text: string): number {
  let n = 0;
  for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) n++;
  return n;
}

/** The view's lines, counted until past INK_MAX_LINES (an `each` group of a large view is never all made). */
function viewSize(view: View): number {
  let n = 0;
  for (const s of drawnSections(view)) {
    if (n > INK_MAX_LINES) break;
    if (s.type === 'table') n += s.rows.length;
    else if (s.type === 'lines') n += linesOf(s.lines, INK_MAX_LINES - n);
    else if (s.type === 'findings') n += s.findings.length * 3;
    else if (s.type === 'skipped') n += s.skipped.length;
    else if (s.type === 'incomplete') n += s.reads.length;
  }
  return n;
}
