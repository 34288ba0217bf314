// A human view of a report: what the text and terminal renderers draw. Each command turns its
// Report into sections; the renderers know nothing about commands.
import type {Finding, Skipped, Summary} from '../report/types.js';

export type Tone = 'error' | 'warning' | 'info' | 'ok' | 'dim' | 'bold';

/** A cell: plain text, or text with a tone the terminal may colour. */
export type Cell = string | {text: string; tone?: Tone};

export type Section =
  | {type: 'table'; title?: string; columns: string[]; rows: Cell[][]}
  | {type: 'lines'; title?: string; lines: Cell[]}
  | {type: 'findings'; findings: Finding[]}
  | {type: 'skipped'; skipped: Skipped[]}
  | {type: 'summary'; summary: Summary; noun?: string; count?: number};

export interface View {
  sections: Section[];
}

export function cellText(c: Cell): string {
  return typeof c === 'string' ? c : c.text;
}

export function cellTone(c: Cell): Tone | undefined {
  return typeof c === 'string' ? undefined : c.tone;
}

/** The findings, skipped and summary sections every command ends with. */
export function standardSections(report: {findings: Finding[]; skipped: Skipped[]; summary: Summary}, noun?: string, count?: number): Section[] {
  const s: Section[] = [];
  if (report.findings.length > 0) s.push({type: 'findings', findings: report.findings});
  if (report.skipped.length > 0) s.push({type: 'skipped', skipped: report.skipped});
  s.push({type: 'summary', summary: report.summary, noun, count});
  return s;
}
