// `--fix` (lint, qos, psp readiness, doctor): instead of the report, the manifests read with -f with
// every machine fix of the report applied (src/fix/manifest-fix.ts). The exit code still follows
// the report, which describes the input as it was.
// The fixing itself (and the yaml library) is imported only when --fix is given: commands start fast.
import {readFileSync} from 'node:fs';
import {Flags} from '@oclif/core';
import type {Report} from '../report/types.js';
import {InputError} from '../errors.js';
import type {CommonOptions} from '../options.js';

export const fixFlag = Flags.boolean({
  description: 'With -f: print the manifests with every machine fix applied (comments, key order and document separators kept), instead of the report',
  helpGroup: 'OUTPUT',
});

/** --fix rewrites files: it needs -f with files or directories (not stdin), and the human output. */
export function checkFixable(opts: CommonOptions): void {
  if (opts.filenames.length === 0) throw new InputError('error: --fix works on manifests: give them with -f');
  if (opts.filenames.includes('-')) throw new InputError('error: --fix cannot rewrite stdin (-f -): give files or directories with -f');
  if (opts.output === 'json' || opts.output === 'yaml' || opts.output === 'junit' || opts.output === 'sarif' || opts.output === 'github') {
    throw new InputError('error: --fix prints manifests: it cannot be combined with -o json|yaml|junit|sarif|github');
  }
}

/** The fixed manifests: one file as it is; several, each after a `# Source: FILE` line, separated by `---`. */
async function fixedManifests(report: Report, opts: CommonOptions): Promise<string> {
  const {applyFixes, fixesOf} = await import('../fix/manifest-fix.js');
  const files = report.source.type === 'manifests' ? report.source.files : [];
  const fixes = fixesOf(report.findings);
  const ns = opts.namespace ?? 'default';
  const fixed = files.map((file) => ({file, text: applyFixes(readFileSync(file, 'utf8'), fixes, ns).text}));
  if (fixed.length === 1) return fixed[0].text;
  return fixed.map(({file, text}) => `# Source: ${file}\n${text.replace(/^---\n/, '')}${text.endsWith('\n') ? '' : '\n'}`).join('---\n');
}

/** The command result's plainText under --fix: the fixed manifests instead of the report. */
export async function fixOutput(ctx: {flags: {fix?: boolean}; opts: CommonOptions}, report: Report): Promise<{plainText?: () => string}> {
  if (!ctx.flags.fix) return {};
  const text = await fixedManifests(report, ctx.opts);
  return {plainText: () => text};
}
