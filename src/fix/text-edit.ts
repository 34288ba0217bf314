// A finding's machine fix as one exact text replacement in its manifest (SARIF `fixes`, issue 22):
// what `lint --fix` writes for that finding alone (manifest-fix.ts), reduced to the span where it
// differs from the file. Exact by construction: applying it to the file gives --fix's text.
import type {Finding} from '../report/types.js';
import {linesAndColumns} from '../util/text-positions.js';
import {applyFixes, fixesOf} from './manifest-fix.js';

/** Replace the region (1-based; end one past the last character) with `text`; an empty region inserts. */
export interface TextEdit {
  startLine: number;
  startColumn: number;
  endLine: number;
  endColumn: number;
  text: string;
}

/** The edit that applies `finding`'s patch (or corrected object) to a YAML manifest's text; undefined when it has none or changes nothing. */
export function exactEdit(text: string, finding: Finding, defaultNamespace: string): TextEdit | undefined {
  const fixes = fixesOf([finding]);
  if (fixes.length === 0) return undefined;
  const fixed = applyFixes(text, fixes, defaultNamespace).text;
  if (fixed === text) return undefined;
  let head = 0;
  while (head < text.length && head < fixed.length && text[head] === fixed[head]) head++;
  let tail = 0;
  while (tail < text.length - head && tail < fixed.length - head && text[text.length - 1 - tail] === fixed[fixed.length - 1 - tail]) tail++;
  const [from, to] = linesAndColumns(text, [head, text.length - tail]);
  return {startLine: from.line, startColumn: from.column, endLine: to.line, endColumn: to.column, text: fixed.slice(head, fixed.length - tail)};
}
