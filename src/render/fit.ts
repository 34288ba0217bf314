// Output at the terminal's width (issue 21). Tables keep their identifier columns whole and give
// way in the free-text column, as stern and k9s do: it wraps inside its column (or, for a summary
// column, is cut short with "..."); when even the identifiers do not fit, the columns that do not
// fit go on an indented line under their row. Prose wraps between words with the indent of its
// first line. Nothing here breaks a word, so an identifier or a version (`v1.22.17`) is never split;
// a single word longer than the line stays whole. Lines a user copies never come here.
import {cellText, cellTone, type Cell} from './view.js';
import {maxOf, pushAll} from '../util/arrays.js';

/** kubectl's column gap. */
export const COLUMN_GAP = 3;
const GAP = ' '.repeat(COLUMN_GAP);
/** Narrower than this, a free-text column moves under its row instead. */
const MIN_FREE_WIDTH = 20;
/** Where the columns that did not fit continue, under their row. */
const CONTINUATION_INDENT = '    ';
const ELLIPSIS = '...';
/** Under an unindented prose line (`SKIPPED ...`, a finding's first line). */
const HANGING_INDENT = '        ';

/** How a table may give way: which columns hold free text, and whether it wraps or is cut short. */
export interface TableFit {
  /** Column indices of free text; default: the last column. */
  free?: number[];
  /** `truncate` keeps one line per row (a summary with its detail elsewhere); default `wrap`. */
  overflow?: 'wrap' | 'truncate';
}

/** One output line of a table: cells padded to `widths` (a row), or one cell printed as it is. */
interface LaidLine {
  cells: Cell[];
  /** Column widths to pad to (the last cell is not padded); absent for a continuation line. */
  widths?: number[];
}

interface TableLayout {
  header: LaidLine;
  lines: LaidLine[];
}

/**
 * The width to fit to: `$COLUMNS` when set, else the terminal's, on a terminal only. Pipes and CI
 * logs get whole lines (undefined), as kubectl prints them.
 */
export function outputWidth(stdout: {isTTY?: boolean; columns?: number}, env: NodeJS.ProcessEnv): number | undefined {
  if (!stdout.isTTY) return undefined;
  const fromEnv = Number(env.COLUMNS);
  if (Number.isInteger(fromEnv) && fromEnv > 0) return fromEnv;
  return stdout.columns && stdout.columns > 0 ? stdout.columns : undefined;
}

function naturalWidths(columns: string[], rows: Cell[][]): number[] {
  const widths = columns.map((c) => c.length);
  for (const r of rows) for (let i = 0; i < widths.length; i++) widths[i] = Math.max(widths[i], cellText(r[i] ?? '').length);
  return widths;
}

function rowWidth(widths: number[]): number {
  return widths.reduce((a, b) => a + b, 0) + COLUMN_GAP * Math.max(0, widths.length - 1);
}

/** Tokens that may end a line: each word with the space or comma after it. */
function breakTokens(text: string): string[] {
  return text.match(/[^ ,]*(?:,|  *|$)/g)?.filter((t) => t !== '') ?? [];
}

/** `text` in lines of at most `width` (after the first, `nextWidth`) characters, broken only after a space or a comma. */
export function wrapWords(text: string, width: number, nextWidth = width): string[] {
  if (text.length <= width) return [text];
  const lines: string[] = [];
  let line = '';
  for (const token of breakTokens(text)) {
    const room = lines.length === 0 ? width : nextWidth;
    if (line !== '' && (line + token).trimEnd().length > room) {
      lines.push(line.trimEnd());
      line = token.trimStart();
    } else line += token;
  }
  if (line.trimEnd() !== '' || lines.length === 0) lines.push(line.trimEnd());
  return lines;
}

/**
 * A prose line wrapped at `width`: continuation lines keep the first line's indent, or hang under
 * an unindented line by HANGING_INDENT, so a wrapped sentence never starts at the margin.
 */
export function wrapProse(line: string, width: number | undefined): string[] {
  if (width === undefined || line.length <= width) return [line];
  const indent = /^ */.exec(line)![0];
  const next = indent === '' ? HANGING_INDENT : indent;
  const lines = wrapWords(line.slice(indent.length), Math.max(width - indent.length, MIN_FREE_WIDTH), Math.max(width - next.length, MIN_FREE_WIDTH));
  return lines.map((l, i) => (i === 0 ? indent : next) + l);
}

export function truncate(text: string, width: number): string {
  return text.length <= width ? text : `${text.slice(0, Math.max(0, width - ELLIPSIS.length))}${ELLIPSIS}`;
}

function withText(c: Cell, text: string): Cell {
  const tone = cellTone(c);
  return tone ? {text, tone} : text;
}

/** Widths for the free columns in `room`, each at most its natural width, shared out evenly. */
function shareRoom(free: number[], natural: number[], room: number): Map<number, number> {
  const out = new Map<number, number>();
  let left = room;
  const order = [...free].sort((a, b) => natural[a] - natural[b]);
  order.forEach((col, k) => {
    const w = Math.min(natural[col], Math.floor(left / (order.length - k)));
    out.set(col, w);
    left -= w;
  });
  return out;
}

function headerLine(columns: string[], widths: number[]): LaidLine {
  return {cells: columns.map((c) => c.toUpperCase()), widths};
}

/** The table with its free columns narrowed to fit: wrapped inside the column, or cut short. */
function narrowed(columns: string[], rows: Cell[][], natural: number[], freeWidths: Map<number, number>, overflow: 'wrap' | 'truncate'): TableLayout {
  const widths = natural.map((w, i) => freeWidths.get(i) ?? w);
  const lines: LaidLine[] = [];
  for (const row of rows) {
    const parts = row.map((c, i) => {
      const w = freeWidths.get(i);
      if (w === undefined) return [c];
      const text = cellText(c);
      return overflow === 'truncate' ? [withText(c, truncate(text, w))] : wrapWords(text, w).map((t) => withText(c, t));
    });
    const height = maxOf(
      0,
      parts.map((p) => p.length),
    );
    for (let k = 0; k < height; k++) lines.push({cells: parts.map((p) => p[k] ?? ''), widths});
  }
  return {header: headerLine(columns, widths), lines};
}

/** The columns that fit stay a table; the others go, as `name: value`, on indented lines under each row. */
function continued(columns: string[], rows: Cell[][], natural: number[], free: Set<number>, width: number, overflow: 'wrap' | 'truncate'): TableLayout {
  const kept: number[] = [];
  for (let i = 0; i < columns.length; i++) {
    if (free.has(i)) continue;
    if (kept.length > 0 && rowWidth([...kept, i].map((k) => natural[k])) > width) break;
    kept.push(i);
  }
  const moved = columns.map((_, i) => i).filter((i) => !kept.includes(i));
  const widths = kept.map((i) => natural[i]);
  const lines: LaidLine[] = [];
  for (const row of rows) {
    lines.push({cells: kept.map((i) => row[i] ?? ''), widths});
    const pairs = moved.map((i) => [columns[i], cellText(row[i] ?? '')] as const).filter(([, v]) => v !== '');
    for (const t of continuationLines(
      pairs.map(([name, v]) => `${name}: ${v}`),
      width,
      overflow,
    ))
      lines.push({cells: [CONTINUATION_INDENT + t]});
  }
  return {
    header: headerLine(
      kept.map((i) => columns[i]),
      widths,
    ),
    lines,
  };
}

/**
 * `name: value` pairs under a row: packed whole onto lines (a pair is broken only when it alone is
 * too long); cut short, each pair on its own line.
 */
function continuationLines(pairs: string[], width: number, overflow: 'wrap' | 'truncate'): string[] {
  const room = Math.max(width - CONTINUATION_INDENT.length, MIN_FREE_WIDTH);
  if (overflow === 'truncate') return pairs.map((p) => truncate(p, room));
  const lines: string[] = [];
  for (const pair of pairs) {
    const last = lines.length - 1;
    const joined = last >= 0 ? `${lines[last]}${' '.repeat(COLUMN_GAP)}${pair}` : '';
    if (last >= 0 && joined.length <= room) lines[last] = joined;
    else pushAll(lines, wrapWords(pair, room));
  }
  return lines;
}

/**
 * A table laid out for `width` columns (undefined: as wide as it is). Identifier columns are never
 * cut or wrapped; see the top of this file for how the free text gives way.
 */
export function layoutTable(columns: string[], rows: Cell[][], width?: number, fit: TableFit = {}): TableLayout {
  const natural = naturalWidths(columns, rows);
  if (width === undefined || rowWidth(natural) <= width) {
    return {header: headerLine(columns, natural), lines: rows.map((cells) => ({cells, widths: natural}))};
  }
  const free = new Set((fit.free ?? [columns.length - 1]).filter((i) => i >= 0 && i < columns.length));
  const overflow = fit.overflow ?? 'wrap';
  const fixed = natural.filter((_, i) => !free.has(i));
  const room = width - rowWidth(fixed) - COLUMN_GAP * free.size;
  const freeWidths = shareRoom([...free], natural, room);
  const roomy = [...freeWidths].every(([i, w]) => w >= Math.min(natural[i], Math.max(MIN_FREE_WIDTH, columns[i].length)));
  if (free.size > 0 && roomy) return narrowed(columns, rows, natural, freeWidths, overflow);
  return continued(columns, rows, natural, free, width, overflow);
}

/** A laid-out line as text: cells padded to their column and joined with kubectl's gap. */
export function joinLine(line: LaidLine, paintCell: (text: string, c: Cell) => string): string {
  // A loop that grows one string, not a map and a join: it runs for every row of every table.
  const {cells, widths} = line;
  let out = '';
  if (!widths) {
    for (const c of cells) out += paintCell(cellText(c), c);
    return out;
  }
  const last = cells.length - 1;
  for (let i = 0; i <= last; i++) {
    const c = cells[i];
    const t = cellText(c);
    if (i > 0) out += GAP;
    out += paintCell(i === last ? t : t.padEnd(widths[i]), c);
  }
  return out.trimEnd();
}
