// Plain text: what a pipe or a CI log gets. Colour only when asked (a terminal without NO_COLOR).
import {remedyActionLines} from '../report/remedy.js';
import type {ShownFinding} from '../report/fold.js';
import {layoutTable, joinLine, wrapProse, type TableFit} from './fit.js';
import {
  cellText,
  cellTone,
  drawnSections,
  INCOMPLETE_PREFIX,
  INCOMPLETE_TITLE,
  incompleteLines,
  isVerbatim,
  skippedLine,
  type Cell,
  type DrawnSection,
  type Tone,
  type View,
} from './view.js';
import {pushAll} from '../util/arrays.js';

const ANSI: Record<Tone, [string, string]> = {
  error: ['\x1b[31m', '\x1b[39m'],
  warning: ['\x1b[33m', '\x1b[39m'],
  info: ['\x1b[36m', '\x1b[39m'],
  ok: ['\x1b[32m', '\x1b[39m'],
  dim: ['\x1b[2m', '\x1b[22m'],
  bold: ['\x1b[1m', '\x1b[22m'],
};

function paint(text: string, tone: Tone | undefined, color: boolean): string {
  if (!color || !tone) return text;
  return ANSI[tone][0] + text + ANSI[tone][1];
}

/** kubectl's table layout: upper-case headers, columns separated by three spaces; fitted to `width` when given. */
export function renderTable(columns: string[], rows: Cell[][], color: boolean, width?: number, fit?: TableFit): string[] {
  const layout = layoutTable(columns, rows, width, fit);
  return [joinLine(layout.header, (t) => t), ...layout.lines.map((l) => joinLine(l, (t, c) => paint(t, cellTone(c), color)))];
}

/**
 * A finding as prose lines (indented; wrapped at `width` with the same indent), then its remedy's
 * action as verbatim lines (never indented or wrapped).
 */
export function findingBlock(f: ShownFinding, color: boolean, width?: number): {prose: string[]; verbatim: string[]} {
  const ref = f.object ? `${f.object.kind} ${f.object.namespace ? `${f.object.namespace}/` : ''}${f.object.name}` : '';
  const obj = f.shown ? `${ref}${ref ? ': ' : ''}${f.shown}` : ref;
  const [head, ...headRest] = wrapProse(`${f.severity.toUpperCase().padEnd(7)} ${f.id}${obj ? `  ${obj}` : ''}`, width);
  const prose = [paint(head.slice(0, 7), f.severity, color) + head.slice(7), ...headRest];
  pushAll(prose, wrapProse(`        ${f.field ? `${f.field}: ` : ''}${f.message}`, width));
  if (f.remedy?.text) pushAll(prose, boldLead(wrapProse(`        fix: ${f.remedy.text}`, width), 'fix:', color));
  const action = f.remedy ? remedyActionLines(f.remedy) : undefined;
  if (!action) return {prose, verbatim: []};
  pushAll(
    prose,
    wrapProse(`        ${action.label}`, width).map((l) => paint(l, 'bold', color)),
  );
  return {prose, verbatim: action.lines};
}

/** The first line's `lead` word in bold. */
function boldLead(lines: string[], lead: string, color: boolean): string[] {
  if (!color || lines.length === 0) return lines;
  const [first, ...rest] = lines;
  return [first.replace(lead, paint(lead, 'bold', color)), ...rest];
}

function findingLines(f: ShownFinding, color: boolean, width?: number): string[] {
  const {prose, verbatim} = findingBlock(f, color, width);
  return [...prose, ...verbatim];
}

/** A line of a `lines` section: verbatim lines as they are, prose wrapped at `width`. */
export function sectionLineTexts(l: Cell, width?: number): string[] {
  return isVerbatim(l) ? [cellText(l)] : wrapProse(cellText(l), width);
}

function titleLines(title: string | undefined, color: boolean, width?: number): string[] {
  return title ? wrapProse(title, width).map((l) => paint(l, 'bold', color)) : [];
}

function renderSection(s: Exclude<DrawnSection, {type: 'findings' | 'table'}>, color: boolean, width?: number): string[] {
  switch (s.type) {
    case 'lines': {
      // A loop, not flatMap: `qos -o wide` draws a few dozen lines for every pod.
      const out = titleLines(s.title, color, width);
      for (const l of s.lines) for (const t of sectionLineTexts(l, width)) out.push(paint(t, cellTone(l), color));
      return out;
    }
    case 'skipped':
      return [paint('Skipped (could not run)', 'bold', color), ...s.skipped.flatMap((k) => wrapProse(skippedLine(k), width))];
    case 'incomplete':
      return [
        paint(INCOMPLETE_TITLE, 'bold', color),
        ...incompleteLines(s.reads)
          .flatMap((l) => wrapProse(l, width))
          .map((l) => paint(l, 'error', color)),
      ];
    case 'summary': {
      const {error, warning, info} = s.summary;
      const what = s.count !== undefined ? `${s.count} ${s.noun ?? 'objects'} checked: ` : '';
      return [
        `${s.incomplete ? paint(INCOMPLETE_PREFIX, 'error', color) : ''}${what}${paint(`${error} error${error === 1 ? '' : 's'}`, error ? 'error' : undefined, color)}, ` +
          `${paint(`${warning} warning${warning === 1 ? '' : 's'}`, warning ? 'warning' : undefined, color)}, ${info} info`,
      ];
    }
  }
}

/** `width`: the terminal's (src/render/fit.ts, outputWidth); undefined in a pipe: whole lines. */
export function renderText(view: View, color: boolean, width?: number): string {
  return [...textChunks(view, color, width)].join('');
}

/** A section's text in pieces: a table a few KB of lines at a time, a findings section a finding at a time, any other whole. */
function* sectionText(s: DrawnSection, color: boolean, width?: number): Generator<string> {
  if (s.type === 'table') {
    yield* tableText(s, color, width);
    return;
  }
  if (s.type !== 'findings') {
    yield renderSection(s, color, width).join('\n');
    return;
  }
  yield paint('Findings', 'bold', color);
  for (const f of s.findings) yield `\n${findingLines(f, color, width).join('\n')}`;
}

/**
 * A table's title, header and renderTable's lines, a few KB of lines at a time (`qos -A` on 100,000
 * pods: 28 MB of them), not all of them and then one string of them all. Without rows: `(none)`
 * under the title, or nothing with --no-headers.
 */
function* tableText(s: Extract<DrawnSection, {type: 'table'}>, color: boolean, width?: number): Generator<string> {
  if (s.rows.length === 0) {
    if (!s.noHeaders) yield [...titleLines(s.title, color, width), '(none)'].join('\n');
    return;
  }
  const layout = layoutTable(s.columns, s.rows, width, s.fit);
  let text = s.noHeaders ? '' : [...titleLines(s.title, color, width), joinLine(layout.header, (t) => t)].join('\n');
  let separator = s.noHeaders ? '' : '\n';
  const paintCell = (t: string, c: Cell) => paint(t, cellTone(c), color);
  for (const line of layout.lines) {
    text += separator + joinLine(line, paintCell);
    separator = '\n';
    if (text.length >= TABLE_PIECE) {
      yield text;
      text = '';
    }
  }
  if (text !== '') yield text;
}

/** Characters of table lines per piece: a generator's step per line cost the executable 40 ms on 10,000 rows. */
const TABLE_PIECE = 1 << 14;

/**
 * renderText's text in pieces of about `chunkSize` characters, sections apart by a blank line: a
 * findings section (a finding per pod on a large cluster, 45 MB of text for `psp readiness -A` on
 * 100,000 pods) goes a finding at a time, so neither all of its lines nor the whole text exist at once.
 */
export function* textChunks(view: View, color: boolean, width?: number, chunkSize = 1 << 16): Generator<string> {
  let out = '';
  let first = true;
  for (const section of drawnSections(view)) {
    if (!first) out += '\n\n';
    first = false;
    for (const piece of sectionText(section, color, width)) {
      out += piece;
      if (out.length >= chunkSize) {
        yield out;
        out = '';
      }
    }
  }
  yield `${out}\n`;
}
