// Offsets in a text as the lines and columns editors, SARIF and GitHub annotations count.

/** 1-based line and column (UTF-16 code units) of each offset, in one sweep of the text. */
export function linesAndColumns(text: string, offsets: readonly number[]): Array<{line: number; column: number}> {
  const order = offsets.map((o, i) => [o, i] as const).sort((a, b) => a[0] - b[0]);
  const out: Array<{line: number; column: number}> = new Array(offsets.length);
  let line = 1;
  let lineStart = 0;
  // The next line break not yet passed, found once: a one-line file is not searched again per offset.
  let next = text.indexOf('\n');
  for (const [offset, i] of order) {
    while (next >= 0 && next < offset) {
      line++;
      lineStart = next + 1;
      next = text.indexOf('\n', lineStart);
    }
    out[i] = {line, column: offset - lineStart + 1};
  }
  return out;
}
