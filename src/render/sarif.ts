// -o sarif: the report as SARIF 2.1.0 (OASIS sarif-v2.1.0 errata01), one run, for GitHub code
// scanning and other SARIF viewers. Rules are the check catalogue; a manifest finding is at its
// file's region (Finding.location), a live one at its object (a logical location); suppressed
// findings are results with SARIF suppressions. Validated in the tests against the official schema
// and with Microsoft's validator (test/support/sarif-validate.ts).
import {relative, resolve, sep} from 'node:path';
import {pathToFileURL} from 'node:url';
import {ALL_CHECKS} from '../report/all-checks.js';
import {MemberSlices} from './data.js';
import type {CheckDefinition} from '../report/catalogue.js';
import type {Finding, ObjectRef, Report, Severity, SuppressedFinding} from '../report/types.js';

const SARIF_SCHEMA = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';
const HOME = 'https://github.com/kubectl-win/kubectl-win';
/** The run's base for file URIs: the working directory (artifact URIs are relative to it). */
const ROOT = 'SRCROOT';

/** What the SARIF document says beyond the report: who made it, where, and whether the run was complete. */
export interface SarifContext {
  /** The tool's version (package.json). */
  version: string;
  /** The command's id as oclif names it (`lint`, `gmsa:check`). */
  command: string;
  /** The working directory: file URIs are relative to it. */
  cwd: string;
  /** False when the run exits 2 or 4 (input that could not be read, an incomplete read, --strict). */
  executionSuccessful: boolean;
  /** Findings whose remedy is one exact replacement in their file (src/fix/text-edit.ts): SARIF fixes. */
  fixes?: ReadonlyMap<Finding, SarifTextEdit>;
}

/** A replacement of a region of the finding's file (1-based; end one past the last character). */
interface SarifTextEdit {
  startLine: number;
  startColumn: number;
  endLine: number;
  endColumn: number;
  text: string;
}

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = {error: 'error', warning: 'warning', info: 'note'};

/** The SARIF log of one report, as indented JSON. */
export function renderSarif(report: Report, ctx: SarifContext): string {
  return [...sarifChunks(report, ctx)].join('');
}

/**
 * The SARIF log in pieces of about `chunkSize` characters; joined, they are exactly
 * `JSON.stringify(log, null, 2) + '\n'`. The results, one per finding (tens of thousands on a large
 * cluster, each with its remedy), are made and stringified a slice at a time, so neither all of them
 * nor the whole text exist at once: `doctor -A -o sarif` on 10,000 pods is a 26 MB document.
 */
export function* sarifChunks(report: Report, ctx: SarifContext, chunkSize = 1 << 16): Generator<string> {
  const ruleIndex = new Map<string, number>(ALL_CHECKS.map((c, i) => [c.id, i]));
  const log = {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {driver: {name: 'kubectl-win', version: ctx.version, semanticVersion: ctx.version, informationUri: HOME, rules: ALL_CHECKS.map(rule)}},
        invocations: [invocation(report, ctx)],
        originalUriBaseIds: {[ROOT]: {uri: directoryUri(ctx.cwd)}},
        columnKind: 'utf16CodeUnits',
        results: RESULTS,
        properties: {command: `kubectl win ${ctx.command.replaceAll(':', ' ')}`, reportKind: report.kind, source: report.source, summary: report.summary},
      },
    ],
  };
  const text = `${JSON.stringify(log, null, 2)}\n`;
  const at = text.indexOf(RESULTS_JSON);
  const suppressed = report.suppressed ?? [];
  const count = report.findings.length + suppressed.length;
  const resultAt = (i: number) =>
    i < report.findings.length
      ? result(report.findings[i], ruleIndex, ctx)
      : {...result(suppressed[i - report.findings.length], ruleIndex, ctx), suppressions: [suppression(suppressed[i - report.findings.length])]};
  let out = text.slice(0, at);
  if (count === 0) out += '[]';
  // Each slice is stringified where the results stand in the log (runs[0].results), so its indentation is theirs.
  const slices = new MemberSlices((slice) => ({runs: [{results: slice}]}), SLICE_HEAD, SLICE_TAIL, chunkSize);
  for (let i = 0; i < count;) {
    const end = Math.min(count, i + slices.size);
    out += (i === 0 ? '[\n' : ',\n') + slices.text(Array.from({length: end - i}, (_, k) => resultAt(i + k)));
    i = end;
    if (i === count) out += '\n      ]';
    if (out.length >= chunkSize) {
      yield out;
      out = '';
    }
  }
  yield out + text.slice(at + RESULTS_JSON.length);
}

/** Where the results go in the log's text, and what JSON.stringify puts around a slice of them there. */
const RESULTS = '\u0000results';
const RESULTS_JSON = JSON.stringify(RESULTS);
const SLICE_HEAD = '{\n  "runs": [\n    {\n      "results": [\n';
const SLICE_TAIL = '\n      ]\n    }\n  ]\n}';

/** docs/checks.md's section for a check (its heading's anchor as GitHub makes it). */
function helpUri(id: string): string {
  const section = id.startsWith('gmsa/nltest-')
    ? 'gmsa-nltest'
    : id.startsWith('gmsa/')
      ? 'gmsa-check'
      : id.startsWith('psp/')
        ? 'psp-readiness'
        : id.split('/')[0];
  return `${HOME}/blob/main/docs/checks.md#kubectl-win-${section}`;
}

const sentence = (s: string) => (/[.!?]$/.test(s) ? s : `${s}.`);

/**
 * A rule's friendly name: its id in Pascal case (`lint/subpath-mount`: LintSubpathMount). A one-letter
 * word joins the one before in lower case (`why/exit-ctrl-c`: WhyExitCtrlc): the validator's
 * SARIF2012 wants each capital followed by a lower-case letter or digit.
 */
function ruleName(id: string): string {
  const words = id.split(/[/-]/);
  let name = '';
  for (const w of words) name += w.length === 1 && name !== '' ? w : w.charAt(0).toUpperCase() + w.slice(1);
  return name;
}

function rule(c: CheckDefinition) {
  return {
    id: c.id,
    name: ruleName(c.id),
    shortDescription: {text: sentence(c.title.split(/: /)[0])},
    fullDescription: {text: sentence(c.title)},
    help: {text: `${sentence(c.title)} The rule follows ${c.source}.`, markdown: `${sentence(c.title)}\n\nThe rule follows \`${c.source}\`.`},
    helpUri: helpUri(c.id),
    defaultConfiguration: {level: LEVEL[c.severity]},
    properties: {source: c.source},
  };
}

const objectName = (o: ObjectRef) => [o.kind, o.namespace, o.name].filter((x) => x !== undefined).join('/');

function result(f: Finding, ruleIndex: Map<string, number>, ctx: SarifContext) {
  const where = locations(f, ctx.cwd);
  const edit = ctx.fixes?.get(f);
  return {
    ruleId: f.id,
    ruleIndex: ruleIndex.get(f.id)!,
    level: LEVEL[f.severity],
    message: {text: messageOf(f)},
    ...(where.length > 0 ? {locations: where} : {}),
    ...(edit && f.location ? {fixes: [fixOf(f, edit, ctx.cwd)]} : {}),
    properties: {
      ...(f.object ? {object: f.object} : {}),
      ...(f.owner ? {owner: f.owner} : {}),
      ...(f.field !== undefined ? {field: f.field} : {}),
      ...(f.source ? {source: f.source} : {}),
      ...(f.location?.ancestor !== undefined ? {locatedAt: f.location.ancestor === '' ? 'the object' : f.location.ancestor} : {}),
      ...(f.remedy ? {remedy: f.remedy, ...(edit ? {} : {remedyNotAFix: NOT_A_FIX})} : {}),
    },
  };
}

/** The finding's edit as a SARIF fix: one replacement in its file, described by the remedy. */
function fixOf(f: Finding, e: SarifTextEdit, cwd: string) {
  return {
    description: {text: sentence(f.remedy!.text)},
    artifactChanges: [
      {
        artifactLocation: {uri: fileUri(f.location!.file, cwd), uriBaseId: ROOT},
        replacements: [
          {
            deletedRegion: {startLine: e.startLine, startColumn: e.startColumn, endLine: e.endLine, endColumn: e.endColumn},
            insertedContent: {text: e.text},
          },
        ],
      },
    ],
  };
}

/**
 * Why a remedy is not a SARIF fix. A fix is an exact replacement in a file: only a manifest
 * finding whose remedy is a patch (or corrected object) of a YAML file gets one (src/fix/text-edit.ts,
 * what --fix writes); commands, live objects, standard input, JSON files (--fix would rewrite them
 * as YAML) and files past the size bound (src/cli/sarif-fixes.ts) keep the remedy in words.
 */
const NOT_A_FIX =
  'Not a SARIF fix: the remedy is not an exact replacement in a YAML file here (a command, a live object, standard input, a JSON or very large file); apply it as the remedy says, or with kubectl win lint --fix for manifests.';

/** The finding's message, the object named when no file shows it, and the remedy's words. */
function messageOf(f: Finding): string {
  const parts: string[] = [];
  if (f.object && !f.location) parts.push(`${objectName(f.object)}${f.field !== undefined ? ` ${f.field}` : ''}:`);
  else if (f.field !== undefined) parts.push(`${f.field}:`);
  parts.push(f.message);
  if (f.location?.ancestor !== undefined) parts.push(`(not in the file: shown at ${f.location.ancestor === '' ? 'the object' : f.location.ancestor})`);
  if (f.remedy) parts.push(`Remedy: ${f.remedy.text}`);
  return parts.join(' ');
}

function locations(f: Finding, cwd: string) {
  const logical = f.object
    ? [
        f.field !== undefined
          ? {name: f.field, fullyQualifiedName: `${objectName(f.object)}/${f.field}`, kind: 'property'}
          : {name: f.object.name, fullyQualifiedName: objectName(f.object), kind: 'resource'},
      ]
    : undefined;
  const loc = f.location;
  // Standard input has no file to point at: its results name the object, as live ones do.
  if (loc && loc.file !== '<stdin>') {
    const region = {startLine: loc.line, startColumn: loc.column, endLine: loc.endLine, endColumn: loc.endColumn};
    return [{physicalLocation: {artifactLocation: {uri: fileUri(loc.file, cwd), uriBaseId: ROOT}, region}, ...(logical ? {logicalLocations: logical} : {})}];
  }
  return logical ? [{logicalLocations: logical}] : [];
}

/** A suppressed finding's SARIF suppression: in the source for an annotation, external for the config file or a baseline. */
function suppression(f: SuppressedFinding) {
  const s = f.suppression;
  return {
    kind: s.by === 'annotation' ? 'inSource' : 'external',
    status: 'accepted',
    ...(s.reason !== undefined ? {justification: s.reason} : {}),
    properties: {by: s.by, where: s.where},
  };
}

function invocation(report: Report, ctx: SarifContext) {
  const notes = [
    ...(report.inputErrors ?? []).map((e) => ({
      level: 'error',
      message: {text: `${e.file}${e.line !== undefined ? `:${e.line}` : ''}: ${e.message}`},
      ...(e.file !== '<stdin>'
        ? {
            locations: [
              {
                physicalLocation: {
                  artifactLocation: {uri: fileUri(e.file, ctx.cwd), uriBaseId: ROOT},
                  ...(e.line !== undefined ? {region: {startLine: e.line}} : {}),
                },
              },
            ],
          }
        : {}),
    })),
    ...report.reads
      .filter((r) => !r.complete)
      .map((r) => ({
        level: r.primary ? 'error' : 'warning',
        message: {
          text: sentence(
            `${r.resource}${r.namespace ? ` in ${r.namespace}` : ''} could not be read whole: ${r.reason ?? 'not complete'}${r.rule ? ` (needs ${r.rule})` : ''}`,
          ),
        },
        descriptor: {id: `read/${r.resource}`},
      })),
    ...report.skipped.map((s) => ({level: 'warning', message: {text: sentence(`${s.check} was skipped: ${s.reason}`)}, descriptor: {id: s.check}})),
  ];
  return {
    executionSuccessful: ctx.executionSuccessful,
    workingDirectory: {uri: directoryUri(ctx.cwd)},
    ...(notes.length > 0 ? {toolExecutionNotifications: notes} : {}),
  };
}

/** A file's URI relative to the working directory, each path segment percent-encoded. */
export function fileUri(file: string, cwd: string): string {
  return relative(cwd, resolve(cwd, file)).split(sep).map(encodeURIComponent).join('/');
}

/** The working directory as an absolute file URI ending in a slash (SARIF: a base URI is a directory). */
function directoryUri(cwd: string): string {
  const href = pathToFileURL(resolve(cwd)).href;
  return href.endsWith('/') ? href : `${href}/`;
}
