// SARIF fixes for -o sarif: the files with fixable findings read again and each finding's exact
// edit computed (src/fix/text-edit.ts). Bounded, because each edit parses its file again: YAML
// files up to MAX_FILE_BYTES, at most MAX_EDITS edits a run; a finding past those keeps its remedy
// in the message and properties only, as one whose remedy is not a patch does.
import {readFileSync, statSync} from 'node:fs';
import {decodeManifestBytes} from '../source/kubectl-yaml.js';
import {exactEdit, type TextEdit} from '../fix/text-edit.js';
import type {Finding, Report} from '../report/types.js';

const MAX_FILE_BYTES = 1024 * 1024;
const MAX_EDITS = 500;

const fixable = (f: Finding) =>
  f.location !== undefined && f.location.file !== '<stdin>' && f.remedy?.target !== undefined && (f.remedy.patch !== undefined || f.remedy.apply === 'replace');

/** Each fixable manifest finding's exact edit of its file. */
export function sarifFixes(report: Report, defaultNamespace: string): Map<Finding, TextEdit> {
  const edits = new Map<Finding, TextEdit>();
  const texts = new Map<string, string | undefined>();
  for (const f of report.findings.filter(fixable)) {
    if (edits.size >= MAX_EDITS) break;
    const file = f.location!.file;
    if (!texts.has(file)) texts.set(file, readYaml(file));
    const text = texts.get(file);
    const edit = text === undefined ? undefined : exactEdit(text, f, defaultNamespace);
    if (edit) edits.set(f, edit);
  }
  return edits;
}

/** A small YAML file's text; undefined for JSON (--fix would rewrite it as YAML), a large or unreadable file. */
function readYaml(file: string): string | undefined {
  try {
    if (statSync(file).size > MAX_FILE_BYTES) return undefined;
    const text = decodeManifestBytes(readFileSync(file));
    return /^\s*[{[]/.test(text) ? undefined : text;
  } catch {
    return undefined;
  }
}
