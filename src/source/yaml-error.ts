// An invalid-YAML error in one line a user can act on: yaml's message without its position suffix
// (" at line 5, column 3:", whose context block a one-line error cuts off, leaving a dangling colon),
// and the text of the offending line, quoted (tabs and trailing blanks are often the cause).
const POSITION = / at line \d+, column \d+:?$/;
const MAX_LINE_SHOWN = 100;

/** The line of `text` that holds offset `pos`. */
function lineAt(text: string, pos: number): string {
  const start = text.lastIndexOf('\n', Math.max(0, pos - 1)) + 1;
  const end = text.indexOf('\n', pos);
  const line = text.slice(pos < start ? pos : start, end < 0 ? text.length : end).replace(/\r$/, '');
  return line.length > MAX_LINE_SHOWN ? `${line.slice(0, MAX_LINE_SHOWN)}...` : line;
}

export function yamlErrorReason(err: {message: string; pos?: readonly number[]}, text: string): string {
  const message = err.message.split('\n')[0].replace(POSITION, '');
  const pos = err.pos?.[0];
  if (pos === undefined || pos < 0 || pos > text.length) return `invalid YAML: ${message}`;
  return `invalid YAML: ${message}; the line reads ${JSON.stringify(lineAt(text, pos))}`;
}
