// The remedy contract's one action, as the exact text a user pastes (docs/remedies.md). Renderers
// print these lines unwrapped and unindented; the JSON report carries the same action as data.
import type {Remedy, RemedyTarget} from './types.js';

/** The shell word for a string: single-quoted, a quote inside written '\'' (POSIX sh). */
export function shellQuote(s: string): string {
  return /^[A-Za-z0-9_./:=@%+,-]+$/.test(s) ? s : `'${s.replace(/'/g, "'\\''")}'`;
}

/** `kubectl patch` of a target with a strategic-merge patch, one line. */
export function patchCommand(t: RemedyTarget, patch: unknown): string {
  const resource = t.kind.toLowerCase();
  return `kubectl patch ${resource} ${shellQuote(t.name)}${t.namespace ? ` -n ${shellQuote(t.namespace)}` : ''} --type strategic -p ${shellQuote(JSON.stringify(patch))}`;
}

/** The command that applies a manifest remedy read from stdin. */
function manifestCommand(r: Pick<Remedy, 'apply'>): string {
  return r.apply === 'replace' ? 'kubectl replace --force -f -' : 'kubectl apply -f -';
}

/** The command lines of a remedy's action, or undefined for a text-only remedy. */
export function actionCommand(r: Remedy): string | undefined {
  if (r.patch !== undefined && r.target) return patchCommand(r.target, r.patch);
  if (r.manifest !== undefined) return manifestCommand(r);
  return r.command;
}

/** Contract violations of one remedy (empty when it keeps the contract); a unit test runs every analysis' remedies through it. */
export function remedyProblems(r: Remedy): string[] {
  const problems: string[] = [];
  const actions = [r.patch !== undefined, r.manifest !== undefined, r.command !== undefined].filter(Boolean).length;
  if (actions > 1) problems.push('more than one machine action');
  if ((r.patch !== undefined || r.manifest !== undefined) && !r.target) problems.push('a patch or manifest without a target');
  if (r.apply && r.manifest === undefined) problems.push('apply without a manifest');
  if (r.command !== undefined && /\.\.\.|<[a-z-]+>/.test(r.command)) problems.push('a command with a part to fill in');
  if (!r.text.trim()) problems.push('no text');
  return problems;
}

/**
 * What a renderer prints for the action: a label line, then the text to copy as it is, its lines
 * apart by line breaks. A manifest is followed by its command, as a here-document, so one paste
 * applies it. Made without cutting the manifest into lines: `qos -A -o wide` prints one per pod.
 */
export function remedyAction(r: Remedy): {label: string; text: string} | undefined {
  if (r.manifest !== undefined) {
    const body = r.manifest.endsWith('\n') ? r.manifest.slice(0, -1) : r.manifest;
    const what = r.apply === 'replace' ? `recreates ${r.target?.kind ?? 'it'} ${r.target?.name ?? ''}`.trimEnd() : 'applies it';
    const end = hasLine(body, 'EOF') ? 'KUBECTL_WIN_EOF' : 'EOF';
    return {label: `paste to run (${manifestCommand(r)}, ${what}):`, text: `${manifestCommand(r)} <<'${end}'\n${body}\n${end}`};
  }
  const cmd = actionCommand(r);
  return cmd === undefined ? undefined : {label: 'run:', text: cmd};
}

/** remedyAction's text as its lines. */
export function remedyActionLines(r: Remedy): {label: string; lines: string[]} | undefined {
  const action = remedyAction(r);
  return action && {label: action.label, lines: action.text.split('\n')};
}

/** Whether one of `text`'s lines (apart by `\n`) is exactly `line`. */
function hasLine(text: string, line: string): boolean {
  return text === line || text.startsWith(`${line}\n`) || text.endsWith(`\n${line}`) || text.includes(`\n${line}\n`);
}
