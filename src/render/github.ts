// -o github: each finding as a GitHub Actions workflow command (`::error file=F,line=L,...::message`),
// which the runner turns into an annotation on the file's line. Escaped exactly as GitHub's own
// toolkit escapes (actions/toolkit packages/core/src/command.ts escapeData, escapeProperty), and
// columns only on a one-line range, as its AnnotationProperties require (packages/core/src/core.ts:
// "Cannot be sent when startLine and endLine are different values").
import type {Finding, Report, Severity} from '../report/types.js';

const COMMAND: Record<Severity, 'error' | 'warning' | 'notice'> = {error: 'error', warning: 'warning', info: 'notice'};

/** command.ts escapeData: the message after `::`. */
export function escapeData(s: string): string {
  return s.replaceAll('%', '%25').replaceAll('\r', '%0D').replaceAll('\n', '%0A');
}

/** command.ts escapeProperty: a property value (`:` and `,` would end it). */
export function escapeProperty(s: string): string {
  return escapeData(s).replaceAll(':', '%3A').replaceAll(',', '%2C');
}

/** One workflow command; properties without a value are left out, as the toolkit leaves them out. */
function workflowCommand(command: string, properties: Array<[string, string | number | undefined]>, message: string): string {
  const props = properties.filter(([, v]) => v !== undefined && v !== '').map(([k, v]) => `${k}=${escapeProperty(String(v))}`);
  return `::${command}${props.length > 0 ? ` ${props.join(',')}` : ''}::${escapeData(message)}`;
}

/** The object and field a finding names, in words, for an annotation that has no file line to sit on. */
function subject(f: Finding): string {
  if (!f.object) return '';
  const o = f.object;
  return `${[o.kind, o.namespace, o.name].filter((x) => x !== undefined).join('/')}${f.field !== undefined ? ` ${f.field}` : ''}: `;
}

function annotation(f: Finding): string {
  const loc = f.location && f.location.file !== '<stdin>' ? f.location : undefined;
  const oneLine = loc !== undefined && loc.line === loc.endLine;
  const remedy = f.remedy ? `\nRemedy: ${f.remedy.text}` : '';
  const message = loc ? `${f.field !== undefined ? `${f.field}: ` : ''}${f.message}` : `${subject(f)}${f.message}`;
  return workflowCommand(
    COMMAND[f.severity],
    [
      ['file', loc?.file],
      ['line', loc?.line],
      ['col', oneLine ? loc.column : undefined],
      ['endLine', loc?.endLine],
      ['endColumn', oneLine ? loc.endColumn : undefined],
      ['title', f.id],
    ],
    `${message}${remedy}`,
  );
}

/**
 * The report as workflow commands, one a line: findings first, then what made the run less than
 * complete (input that could not be read, reads, skipped checks), so a CI log shows it too.
 * Suppressed findings are not annotated: one notice counts them.
 */
export function renderGithub(report: Report): string {
  const lines = report.findings.map(annotation);
  for (const e of report.inputErrors ?? []) {
    lines.push(
      workflowCommand(
        'error',
        [
          ['file', e.file === '<stdin>' ? undefined : e.file],
          ['line', e.line],
          ['title', 'input'],
        ],
        e.message,
      ),
    );
  }
  for (const r of report.reads.filter((x) => !x.complete)) {
    const what = `${r.resource}${r.namespace ? ` in ${r.namespace}` : ''} could not be read whole: ${r.reason ?? 'not complete'}`;
    lines.push(workflowCommand(r.primary ? 'error' : 'warning', [['title', `read/${r.resource}`]], what));
  }
  for (const s of report.skipped) lines.push(workflowCommand('notice', [['title', s.check]], `skipped: ${s.reason}`));
  const suppressed = report.suppressed?.length ?? 0;
  if (suppressed > 0)
    lines.push(workflowCommand('notice', [['title', 'suppressed']], `${suppressed} finding${suppressed === 1 ? ' was' : 's were'} suppressed`));
  return lines.map((l) => `${l}\n`).join('');
}
