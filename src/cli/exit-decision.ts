// The exit code of a run that produced a report, and what stderr says after the output. Loaded
// after the command ran (not at start-up); base-command is its only caller: exit codes are chosen
// at the top, nowhere else.
import {failsOn} from '../report/build.js';
import {describeMissingRead, missingPrimaryReads, notServedOnly, STREAMED_RESOURCES} from '../report/reads.js';
import type {Report} from '../report/types.js';
import {ExitCode, type ExitCodeValue} from './exit-codes.js';
import type {CommonOptions} from '../options.js';
import type {FailOn} from '../report/build.js';
import {pushAll} from '../util/arrays.js';

interface ExitPolicy {
  failOn: FailOn;
  /** --strict: any skipped check makes the run incomplete. */
  strict: boolean;
}

/** Why the run is not a pass although it produced a report (empty when it is complete). */
export function incompleteBecause(report: Pick<Report, 'reads' | 'skipped'>, strict: boolean): string[] {
  const missing = missingPrimaryReads(report);
  if (missing.length > 0) return missing.map((r) => r.resource);
  const failedNeeds = report.skipped.filter((s) => s.incomplete);
  if (failedNeeds.length > 0) return failedNeeds.map((s) => s.check);
  return strict ? strictlySkipped(report).map((s) => s.check) : [];
}

/** The skipped checks --strict counts: all but the notes that an optional API is not served. */
function strictlySkipped(report: Pick<Report, 'skipped'>): Report['skipped'] {
  return report.skipped.filter((s) => !notServedOnly(s));
}

/**
 * The exit code of a run that produced its report. Usage and input errors found before any output
 * (2) and an unreachable cluster or unusable credentials (3) never get here: they are thrown and
 * mapped by describeError. After output, in this order: input that could not be read (2), an
 * incomplete run (4), findings at --fail-on (1), else 0.
 */
export function exitCodeOf(report: Pick<Report, 'reads' | 'skipped' | 'summary' | 'inputErrors'>, policy: ExitPolicy): ExitCodeValue {
  if ((report.inputErrors?.length ?? 0) > 0) return ExitCode.usage;
  if (incompleteBecause(report, policy.strict).length > 0) return ExitCode.incomplete;
  if (failsOn(report.summary, policy.failOn)) return ExitCode.findings;
  return ExitCode.ok;
}

/**
 * What stderr says after the output: each input that could not be read (exit 2); with -o json|yaml|junit|sarif|github,
 * the reads that make the run incomplete (the text view shows them itself); with --strict, that
 * skipped checks made it incomplete; and kubectl's "No resources found" for a complete live run
 * whose scope held none of the objects it examines.
 */
export function afterOutputNotes(report: Report, opts: Pick<CommonOptions, 'output'> & {strict?: boolean}): string {
  const lines = (report.inputErrors ?? []).map((e) => `error: ${e.file}${e.line !== undefined ? `:${e.line}` : ''}: ${e.message}`);
  const missing = missingPrimaryReads(report);
  if (missing.length > 0 && opts.output !== 'text' && opts.output !== 'wide' && opts.output !== 'name') {
    pushAll(
      lines,
      missing.map((r) => `incomplete: ${describeMissingRead(r)}`),
    );
  }
  if (missing.length === 0 && (opts.output === 'json' || opts.output === 'yaml')) {
    for (const s of report.skipped) if (s.incomplete) lines.push(`incomplete: ${s.check}: ${s.reason}`);
  }
  if (missing.length === 0 && opts.strict && strictlySkipped(report).length > 0) {
    const checks = [...new Set(strictlySkipped(report).map((s) => s.check))];
    lines.push(`incomplete (--strict): ${checks.length} check${checks.length === 1 ? ' was' : 's were'} skipped: ${checks.join(', ')}`);
  }
  const notice = noResourcesFound(report);
  if (notice) lines.push(notice);
  return lines.map((l) => `${l}\n`).join('');
}

/** kubectl's words when a live list comes back empty; undefined when something was read. */
export function noResourcesFound(report: Pick<Report, 'source' | 'reads'>): string | undefined {
  if (report.source.type !== 'cluster') return undefined;
  const reads = report.reads ?? [];
  if (reads.some((r) => r.primary && !r.complete)) return undefined;
  // The objects examined: the pods and templates when the command maps over them, else (nodes) its primary kinds.
  const streamed = reads.filter((r) => r.primary && STREAMED_RESOURCES.has(r.resource));
  const examined = streamed.length > 0 ? streamed : reads.filter((r) => r.primary);
  if (examined.length === 0 || examined.some((r) => (r.count ?? 0) > 0)) return undefined;
  const namespace = examined.find((r) => r.namespace !== undefined)?.namespace;
  return namespace !== undefined ? `No resources found in ${namespace} namespace.` : 'No resources found';
}
