// The one --k8s-version parser (DESIGN.md, "Flags users expect from kubectl"): the same accepted
// forms for every command, `v1.N` within what the command's analyses know, or `latest`
// (LATEST_MINOR everywhere). `--version` is the deprecated hidden alias. Also what is said when a live
// server is outside the minors the suite tests.
import type {Report, Skipped} from '../report/types.js';
import {LATEST_MINOR, nearestKnown, TESTED_MINORS, VERSIONED_ANALYSES, type MinorRange, type VersionedAnalysis} from '../k8s/minor-versions.js';
import {InputError} from '../errors.js';
import {maxOf, minOf} from '../util/arrays.js';

/** PSA's own form for policy versions (api/helpers.go ParseVersion): v1.N, no leading zeros. */
const MINOR_FORM = /^v1\.(0|[1-9][0-9]{0,3})$/;
const PATCH_FORM = /^v?1\.(0|[1-9][0-9]*)\.\d+\S*$/;

export const DEPRECATED_VERSION_NOTICE = 'warning: --version is deprecated and will be removed; use --k8s-version';

type Warn = (line: string) => void;
const toStderr: Warn = (line) => void process.stderr.write(`${line}\n`);

/** The minors every one of these analyses knows; with none, any minor some analysis knows (it changes nothing). */
export function rangeOf(analyses: readonly VersionedAnalysis[]): MinorRange {
  const ranges = analyses.length > 0 ? analyses.map((a) => VERSIONED_ANALYSES[a]) : Object.values(VERSIONED_ANALYSES);
  const oldest = ranges.map((r) => r.oldest);
  const newest = ranges.map((r) => r.newest);
  return analyses.length > 0
    ? {oldest: maxOf(-Infinity, oldest), newest: minOf(Infinity, newest)}
    : {oldest: minOf(Infinity, oldest), newest: maxOf(-Infinity, newest)};
}

function rangeText(analyses: readonly VersionedAnalysis[]): string {
  const r = rangeOf(analyses);
  const who = analyses.length > 0 ? [analyses.slice(0, -1).join(', '), analyses.at(-1)].filter(Boolean).join(' and ') : 'kubectl-win';
  return `${who} ${analyses.length > 1 ? 'know' : 'knows'} v1.${r.oldest} to v1.${r.newest}, latest is v1.${LATEST_MINOR}`;
}

/** `v1.N` or `latest` to a minor the analyses all know; anything else is an input error naming the range. */
export function parseK8sVersion(value: string, analyses: readonly VersionedAnalysis[], flag = '--k8s-version'): number {
  if (value === 'latest') return LATEST_MINOR;
  const m = MINOR_FORM.exec(value);
  if (!m) {
    const patch = PATCH_FORM.exec(value);
    const hint = patch ? `a minor (v1.${patch[1]})` : 'v1.N';
    throw new InputError(`error: invalid ${flag} "${value}": use ${hint} or latest; ${rangeText(analyses)}`);
  }
  const minor = Number(m[1]);
  const r = rangeOf(analyses);
  if (minor < r.oldest || minor > r.newest) throw new InputError(`error: invalid ${flag} "${value}": ${rangeText(analyses)}`);
  return minor;
}

/**
 * The minor the flags ask for (undefined: the server's live, latest offline). Reads --k8s-version or
 * its deprecated alias --version (one line on stderr), never both.
 */
export function k8sVersionFromFlags(
  flags: {'k8s-version'?: string; version?: string},
  analyses: readonly VersionedAnalysis[],
  warn: Warn = toStderr,
): number | undefined {
  const current = flags['k8s-version'];
  const deprecated = flags.version;
  if (current !== undefined && deprecated !== undefined) throw new InputError('error: --version is the old name of --k8s-version: give only --k8s-version');
  if (deprecated !== undefined) warn(DEPRECATED_VERSION_NOTICE);
  const value = current ?? deprecated;
  return value === undefined ? undefined : parseK8sVersion(value, analyses, current !== undefined ? '--k8s-version' : '--version');
}

const UNTESTED_SERVER_CHECK = 'k8s-version/untested-server';

/** The note for a live server outside TESTED_MINORS, naming the rules each analysis uses instead. */
export function untestedServerNote(serverVersion: string | undefined, analyses: readonly VersionedAnalysis[], chosen?: number): Skipped | undefined {
  const m = serverVersion === undefined ? null : /^v?1\.(\d+)/.exec(serverVersion);
  if (!m) return undefined;
  const minor = Number(m[1]);
  if (minor >= TESTED_MINORS.oldest && minor <= TESTED_MINORS.newest) return undefined;
  const rules = chosen !== undefined ? [] : analyses.map((a) => `${a} uses the rules of v1.${nearestKnown(minor, VERSIONED_ANALYSES[a])}`);
  return {
    check: UNTESTED_SERVER_CHECK,
    reason:
      `the server is ${serverVersion}, outside the versions kubectl-win is tested against (v1.${TESTED_MINORS.oldest} to v1.${TESTED_MINORS.newest})` +
      (chosen !== undefined ? `; the rules of v1.${chosen} (--k8s-version) are used` : rules.length > 0 ? `: ${rules.join(', ')} (the nearest known)` : ''),
  };
}

/** Says an untested live server out loud: in the report's `skipped` and as one line on stderr. */
export function noteUntestedServer(report: Report, analyses: readonly VersionedAnalysis[], chosen?: number, warn: Warn = toStderr): void {
  if (report.source.type !== 'cluster') return;
  const note = untestedServerNote(report.source.serverVersion, analyses, chosen);
  if (!note) return;
  report.skipped.push(note);
  warn(`warning: ${note.reason}`);
}
