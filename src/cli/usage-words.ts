// One wording for usage mistakes at every level (root, topic, command), after kubectl's cobra words
// ("unknown flag: --x", "unknown command \"x\" for \"kubectl\"") folded into one line, as the
// contract wants one line on stderr; the pointer names the help that lists what is accepted.

/** `gmsa:check` -> `kubectl win gmsa check`; no id -> `kubectl win`. */
export function commandLine(id?: string): string {
  return id ? `kubectl win ${id.split(':').join(' ')}` : 'kubectl win';
}

export function unknownFlagLine(flag: string, id?: string): string {
  return `error: unknown flag: ${flag}; see ${commandLine(id)} --help`;
}

export function unknownCommandLine(words: string[]): string {
  return `error: unknown command "${words.join(' ')}" for "kubectl win"; see kubectl win --help`;
}

export function noArgumentsLine(id: string, rest: string): string {
  return `error: "${commandLine(id)}" takes no arguments, got "${rest}" (use -n NAMESPACE to choose a namespace); see ${commandLine(id)} --help`;
}

/**
 * oclif's parse errors as kubectl's words: "Nonexistent flag: --x" becomes the unknown-flag line.
 * Other parse errors keep their message (undefined here).
 */
export function parseErrorLine(err: unknown, id?: string): string | undefined {
  const flags = (err as {flags?: unknown}).flags;
  if (Array.isArray(flags) && flags.length > 0 && /^Nonexistent flag/.test((err as Error).message)) return unknownFlagLine(String(flags[0]).split('=')[0], id);
  return undefined;
}
