// Suppressions and the baseline, at the top (issue 22): the config file and the baseline are read
// and checked before any other read (a bad one is exit 2 naming its file and line), and applied
// once to every command's finished report, before anything is printed and before the exit code is
// chosen, so every command and every output format gets them (src/report/suppress.ts).
import {existsSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {InputError} from '../errors.js';
import type {CommonOptions} from '../options.js';
import type {BaselineEntry, ReadStatus, Report} from '../report/types.js';
import type {DoctorItem} from '../analyses/doctor/run.js';
import type {Suppressions} from '../report/suppress.js';
import type {Controllers} from '../report/baseline.js';

/** What the files say, read once per run; the annotations come with each report. */
type SuppressionFiles = Pick<Suppressions, 'config' | 'baseline'>;

/** The config file a run uses without --config: this name in the working directory, when it is there. */
const CONFIG_FILE_NAME = '.kubectl-win.yaml';

export async function readSuppressionFiles(opts: Pick<CommonOptions, 'configFile' | 'baselineFile'>, cwd = process.cwd()): Promise<SuppressionFiles> {
  const config = await readConfig(opts.configFile, cwd);
  // An id the catalogue no longer has cannot match a finding: the entry is then listed as fixed.
  const baseline =
    opts.baselineFile !== undefined
      ? ((await import('../source/baseline-file.js')).readBaselineFile(opts.baselineFile) as {file: string; entries: BaselineEntry[]})
      : undefined;
  return {...(config ? {config} : {}), ...(baseline ? {baseline} : {})};
}

/** --config FILE, else the working directory's config file if any; every rule's checks name known checks. */
async function readConfig(given: string | undefined, cwd: string): Promise<SuppressionFiles['config']> {
  const path = given ?? join(cwd, CONFIG_FILE_NAME);
  if (given === undefined && !existsSync(path)) return undefined;
  const config = (await import('../source/config-file.js')).readConfigFile(path, given ?? CONFIG_FILE_NAME);
  if (config.ignore.length === 0) return config;
  const [{ALL_CHECKS}, {unknownCheckPatterns}] = await Promise.all([import('../report/all-checks.js'), import('../report/suppress.js')]);
  const known = ALL_CHECKS.map((c) => c.id);
  for (const rule of config.ignore) {
    const unknown = unknownCheckPatterns(rule, known);
    if (unknown.length > 0) {
      throw new InputError(`error: ${config.file}:${rule.line}: checks: ${unknown.map((p) => `"${p}"`).join(', ')} names no check (docs/checks.md lists them)`);
    }
  }
  return config;
}

/**
 * The report with its suppressions applied, in place (the command's view reads the same object).
 * With --write-baseline, the findings no annotation or config rule suppressed are written first.
 */
export async function applySuppressionsTo(
  report: Report,
  files: SuppressionFiles,
  opts: Pick<CommonOptions, 'writeBaselineFile'>,
  commandId: string | undefined,
): Promise<void> {
  const {applySuppressions, objectFactsOf} = await import('../report/suppress.js');
  const {annotations, controllers, unreadOwners} = objectFactsOf(report);
  if (opts.writeBaselineFile !== undefined) {
    const kept = applySuppressions(report, {annotations, controllers, config: files.config}).findings;
    await writeBaseline(opts.writeBaselineFile, kept, controllers, (await import('./usage-words.js')).commandLine(commandId));
  }
  if (!annotations && !unreadOwners && !files.config && !files.baseline) return;
  const after = applySuppressions(report, {annotations, controllers, unreadOwners, ...files});
  report.findings = after.findings;
  report.summary = after.summary;
  if (after.suppressed) report.suppressed = after.suppressed;
  if (after.baselineFixed) report.baselineFixed = after.baselineFixed;
  if (after.ownerReads && after.ownerReads.length > 0) report.reads = withReads(report.reads ?? [], after.ownerReads);
  if (report.kind === 'DoctorReport') (await import('../analyses/doctor/summaries.js')).recountAnalyses(report as Report<DoctorItem>);
}

/** `reads` with these in place of any entry for the same resource and namespace. */
function withReads(reads: readonly ReadStatus[], added: readonly ReadStatus[]): ReadStatus[] {
  const same = (a: ReadStatus, b: ReadStatus) => a.resource === b.resource && a.namespace === b.namespace;
  return [...reads.filter((r) => !added.some((a) => same(a, r))), ...added];
}

async function writeBaseline(file: string, findings: Report['findings'], controllers: Controllers | undefined, command: string): Promise<void> {
  const {baselineDocument, baselineEntries} = await import('../report/baseline.js');
  try {
    writeFileSync(file, baselineDocument(baselineEntries(findings, controllers), command));
  } catch (err) {
    throw new InputError(`error: --write-baseline ${file}: ${(err as Error).message}`);
  }
}
