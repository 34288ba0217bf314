// Whether Go's regexp/syntax.Parse(pattern, syntax.Perl) accepts a pattern, and its error when not:
// the kubelet validates the Node Log Query `pattern` so (kubernetes/kubernetes
// pkg/kubelet/kubelet_server_journal.go validate()). RE2 refuses what JavaScript accepts
// (lookaround, backreferences, stacked repetition) and the reverse, so neither engine can stand in
// for the other. This follows go/src/regexp/syntax/parse.go for the errors a person typing a
// pattern meets: parentheses, classes, repetition, escapes, Perl groups and flags. Error text:
// `error parsing regexp: <code>: `<expr>``, as syntax.Error prints it.

type Problem = {code: string; expr: string};

const fail = (code: string, expr: string): never => {
  throw {code, expr} satisfies Problem;
};

/** Letters and digits that may follow a backslash outside a class (parseEscape, Perl classes, \A \b \B \z \Q \p \P). */
const ESCAPE_LETTERS = new Set('afnrtvxdDsSwWAbBzQpP0'.split(''));
const CLASS_ESCAPE_LETTERS = new Set('afnrtvxdDsSwWpP0'.split(''));

function isAlnum(c: string): boolean {
  return /^[A-Za-z0-9]$/.test(c);
}

/** One escape at t[i] (a backslash): the index after it. */
function escapeEnd(t: string, i: number, inClass: boolean): number {
  const c = t[i + 1];
  if (c === undefined) fail('trailing backslash at end of expression', '');
  if (c === 'Q' && !inClass) {
    const end = t.indexOf('\\E', i + 2);
    return end < 0 ? t.length : end + 2;
  }
  if (c >= '1' && c <= '7') {
    // A single non-zero digit is a backreference: not supported. Two or more are octal.
    if (!/[0-7]/.test(t[i + 2] ?? '')) fail('invalid escape sequence', t.slice(i, i + 2));
    return i + 2;
  }
  if (!isAlnum(c)) return i + 2;
  if (!(inClass ? CLASS_ESCAPE_LETTERS : ESCAPE_LETTERS).has(c)) fail('invalid escape sequence', t.slice(i, i + 2));
  if (c === 'x' && t[i + 2] === '{') return t.indexOf('}', i) < 0 ? fail('invalid escape sequence', t.slice(i)) : t.indexOf('}', i) + 1;
  if (c === 'x') return i + 4;
  if ((c === 'p' || c === 'P') && t[i + 2] === '{') return t.indexOf('}', i) < 0 ? fail('invalid character class range', t.slice(i)) : t.indexOf('}', i) + 1;
  if (c === 'p' || c === 'P') return i + 3;
  return i + 2;
}

/** A class at t[i] ('['): the index after its ']'. */
function classEnd(t: string, i: number): number {
  let j = i + 1;
  if (t[j] === '^') j++;
  let first = true;
  while (j < t.length && (t[j] !== ']' || first)) {
    first = false;
    if (t.startsWith('[:', j) && t.indexOf(':]', j + 2) > 0) {
      j = t.indexOf(':]', j + 2) + 2;
      continue;
    }
    const lo = t[j];
    const next = t[j] === '\\' ? escapeEnd(t, j, true) : j + 1;
    if (t[next] === '-' && t[next + 1] !== undefined && t[next + 1] !== ']') {
      // The top of a range is one character: parseClassChar takes no Perl or Unicode class there.
      if (t[next + 1] === '\\' && 'dDsSwWpP'.includes(t[next + 2] ?? '')) fail('invalid escape sequence', t.slice(next + 1, next + 3));
      const hiEnd = t[next + 1] === '\\' ? escapeEnd(t, next + 1, true) : next + 2;
      if (lo !== '\\' && t[next + 1] !== '\\' && t[next + 1] < lo) fail('invalid character class range', t.slice(j, hiEnd));
      j = hiEnd;
      continue;
    }
    j = next;
  }
  if (j >= t.length) fail('missing closing ]', t.slice(i));
  return j + 1;
}

/** `(?` at t[i]: the index after the group opener or flag change; whether it opened a group. */
function perlGroupEnd(t: string, i: number): {end: number; opens: boolean} {
  const named = t.startsWith('(?P<', i) ? 4 : t.startsWith('(?<', i) ? 3 : 0;
  if (named > 0 && t.length - i > named) {
    const close = t.indexOf('>', i);
    if (close < 0) fail('invalid named capture', t.slice(i));
    if (!/^[A-Za-z0-9_]+$/.test(t.slice(i + named, close))) fail('invalid named capture', t.slice(i, close + 1));
    return {end: close + 1, opens: true};
  }
  let j = i + 2;
  let negated = false;
  let sawFlag = false;
  while (j < t.length) {
    const c = t[j++];
    if ('imsU'.includes(c)) sawFlag = true;
    else if (c === '-' && !negated) {
      negated = true;
      sawFlag = false;
    } else if ((c === ':' || c === ')') && (!negated || sawFlag)) return {end: j, opens: c === ':'};
    else break;
  }
  return fail('invalid or unsupported Perl syntax', t.slice(i, j));
}

/** The length of a valid {n}, {n,} or {n,m} at t[i], with its bounds; undefined when `{` is a literal. */
function repeatAt(t: string, i: number): {end: number; min: number; max: number} | undefined {
  const m = /^\{(\d+)(,(\d*))?\}/.exec(t.slice(i));
  if (!m) return undefined;
  const min = Number(m[1]);
  const max = m[2] === undefined ? min : m[3] === '' ? -1 : Number(m[3]);
  return {end: i + m[0].length, min, max};
}

/** A repetition operator at t[i]: its end, after a non-greedy `?`; errors as Go's repeat() raises them. */
function repetition(t: string, i: number, canRepeat: boolean, lastRepeat: number | undefined): number {
  let end: number;
  if (t[i] === '{') {
    const r = repeatAt(t, i)!;
    if (r.min > 1000 || r.max > 1000 || (r.max >= 0 && r.min > r.max)) fail('invalid repeat count', t.slice(i, r.end));
    end = r.end;
  } else end = i + 1;
  if (t[end] === '?') end++;
  if (lastRepeat !== undefined) fail('invalid nested repetition operator', t.slice(lastRepeat, end));
  if (!canRepeat) fail('missing argument to repetition operator', t.slice(i, end));
  return end;
}

function parse(t: string): void {
  let depth = 0;
  let canRepeat = false;
  let lastRepeat: number | undefined;
  for (let i = 0; i < t.length;) {
    const c = t[i];
    const repeatStart = i;
    if (c === '*' || c === '+' || c === '?' || (c === '{' && repeatAt(t, i))) {
      i = repetition(t, i, canRepeat, lastRepeat);
      lastRepeat = repeatStart;
      continue;
    }
    lastRepeat = undefined;
    if (c === '(') {
      const g = t[i + 1] === '?' ? perlGroupEnd(t, i) : {end: i + 1, opens: true};
      if (g.opens) depth++;
      i = g.end;
      canRepeat = false;
    } else if (c === ')') {
      if (depth === 0) fail('unexpected )', t);
      depth--;
      i++;
      canRepeat = true;
    } else if (c === '|') {
      i++;
      canRepeat = false;
    } else {
      i = c === '[' ? classEnd(t, i) : c === '\\' ? escapeEnd(t, i, false) : i + 1;
      canRepeat = true;
    }
  }
  if (depth > 0) fail('missing closing )', t);
}

/** Go's error for a pattern it refuses (`error parsing regexp: ...`), or undefined when Go accepts it. */
export function goRegexpProblem(pattern: string): string | undefined {
  try {
    parse(pattern);
    return undefined;
  } catch (err) {
    const p = err as Problem;
    return `error parsing regexp: ${p.code}: \`${p.expr}\``;
  }
}
