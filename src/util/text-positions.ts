// Offsets in a text as the lines and columns editors, SARIF and GitHub annotations count.

/** 1-based line and column (UTF-16 code units) of each offset, in one sweep of the text. */
export function linesAndColumns(text: string, offsets: readonly number[]): Array<{line: number; column: number}> {
  const order = offsets.map((o, i) => [o, i] as const).sort((a, b) => a[0] - b[0]);
  const out: Array<{line: number; column: number}> = new Array(offsets.length);
  let line = 1;
  let lineStart = 0;
  let at = 0;
  for (const [offset, i] of order) {
    for (let nl = text.indexOf('\n', at); nl >= 0 && nl < offset; nl = text.indexOf('\n', nl + 1)) {
      line++;
      lineStart = nl + 1;
      at = nl + 1;
    }
    out[i] = {line, column: offset - lineStart + 1};
  }
  return out;
}
