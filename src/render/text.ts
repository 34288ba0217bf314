// Plain text: what a pipe or a CI log gets. Colour only when asked (a terminal without NO_COLOR).
import {remedyActionLines} from '../report/remedy.js';
import type {Finding} from '../report/types.js';
import {cellText, cellTone, INCOMPLETE_PREFIX, INCOMPLETE_TITLE, incompleteLines, type Cell, type Section, type Tone, type View} from './view.js';

const ANSI: Record<Tone, [string, string]> = {
  error: ['\x1b[31m', '\x1b[39m'],
  warning: ['\x1b[33m', '\x1b[39m'],
  info: ['\x1b[36m', '\x1b[39m'],
  ok: ['\x1b[32m', '\x1b[39m'],
  dim: ['\x1b[2m', '\x1b[22m'],
  bold: ['\x1b[1m', '\x1b[22m'],
};

export function paint(text: string, tone: Tone | undefined, color: boolean): string {
  if (!color || !tone) return text;
  return ANSI[tone][0] + text + ANSI[tone][1];
}

/** kubectl's table layout: upper-case headers, columns separated by three spaces. */
export function renderTable(columns: string[], rows: Cell[][], color: boolean): string[] {
  const widths = columns.map((c, i) => Math.max(c.length, ...rows.map((r) => cellText(r[i] ?? '').length)));
  const line = (cells: Cell[], header = false) =>
    cells
      .map((c, i) => {
        const t = cellText(c);
        const padded = i === cells.length - 1 ? t : t.padEnd(widths[i]);
        return header ? padded : paint(padded, cellTone(c), color);
      })
      .join('   ')
      .trimEnd();
  return [line(columns.map((c) => c.toUpperCase()), true), ...rows.map((r) => line(r))];
}

/** A finding as prose lines (indented, may wrap), then its remedy's action as verbatim lines (never indented or wrapped). */
export function findingBlock(f: Finding, color: boolean): {prose: string[]; verbatim: string[]} {
  const sev = paint(f.severity.toUpperCase().padEnd(7), f.severity, color);
  const obj = f.object ? `${f.object.kind} ${f.object.namespace ? `${f.object.namespace}/` : ''}${f.object.name}` : '';
  const prose = [`${sev} ${f.id}${obj ? `  ${obj}` : ''}`, `        ${f.field ? `${f.field}: ` : ''}${f.message}`];
  if (f.remedy?.text) prose.push(`        ${paint('fix:', 'bold', color)} ${f.remedy.text}`);
  const action = f.remedy ? remedyActionLines(f.remedy) : undefined;
  if (!action) return {prose, verbatim: []};
  prose.push(`        ${paint(action.label, 'bold', color)}`);
  return {prose, verbatim: action.lines};
}

export function findingLines(f: Finding, color: boolean): string[] {
  const {prose, verbatim} = findingBlock(f, color);
  return [...prose, ...verbatim];
}

export function renderSection(s: Section, color: boolean): string[] {
  switch (s.type) {
    case 'table':
      return [...(s.title ? [paint(s.title, 'bold', color)] : []), ...(s.rows.length ? renderTable(s.columns, s.rows, color) : ['(none)'])];
    case 'lines':
      return [...(s.title ? [paint(s.title, 'bold', color)] : []), ...s.lines.map((l) => paint(cellText(l), cellTone(l), color))];
    case 'findings':
      return [paint('Findings', 'bold', color), ...s.findings.flatMap((f) => findingLines(f, color))];
    case 'skipped':
      return [paint('Skipped (could not run)', 'bold', color), ...s.skipped.map((k) => `SKIPPED ${k.check}: ${k.reason}`)];
    case 'incomplete':
      return [paint(INCOMPLETE_TITLE, 'bold', color), ...incompleteLines(s.reads).map((l) => paint(l, 'error', color))];
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

export function renderText(view: View, color: boolean): string {
  return view.sections.map((s) => renderSection(s, color).join('\n')).join('\n\n') + '\n';
}
