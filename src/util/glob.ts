// Shell-style globs for names the user writes in a config file or an ignore annotation
// (`lint/*`, `team-*`, `web-?`): `*` is any run of characters, `?` one character, everything else
// itself. Nothing else is special, so a bracket or brace is refused rather than taken literally by
// surprise (a user who writes `web-[0-9]` expects a class we do not offer).

/** Why `pattern` is not a glob we accept, or undefined when it is. */
export function globProblem(pattern: string): string | undefined {
  if (pattern === '') return 'an empty pattern matches nothing';
  const bad = /[[\]{}\\]/.exec(pattern);
  if (bad) return `"${bad[0]}" is not supported in a pattern (only * and ? are)`;
  return undefined;
}

/** A test for whole-string matches of `pattern` (checked with globProblem first). */
export function globMatcher(pattern: string): (value: string) => boolean {
  if (!/[*?]/.test(pattern)) return (value) => value === pattern;
  const source = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  const re = new RegExp(`^${source}$`, 's');
  return (value) => re.test(value);
}
