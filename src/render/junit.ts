// -o junit: JUnit XML, as GitLab (artifacts:reports:junit), Jenkins (junit step) and Azure
// Pipelines (PublishTestResults@2) read it (docs/ci.md, "JUnit"). One <testsuite> per command; a
// <testcase> per object and check with findings, named `<check id> <Kind/namespace/name>`:
//   - a finding at or above --fail-on is a <failure> (every finding of that check on that object
//     in its text);
//   - findings below --fail-on pass, with the findings in <system-out> (they do not fail the run);
//   - suppressed findings are <skipped> with who suppressed them and why.
// Each check of the analyses that ran that found nothing is one testcase named by its id, passed;
// a check that could not run (a `skipped` entry, or a run missing a read its checks need) is
// <skipped>, never passed. Built with fast-xml-parser's XMLBuilder.
import {XMLBuilder} from 'fast-xml-parser';
import {ALL_CHECKS} from '../report/all-checks.js';
import type {FailOn} from '../report/build.js';
import {missingPrimaryReads} from '../report/reads.js';
import {objectText} from '../report/suppress.js';
import {SEVERITY_RANK, type Finding, type Report, type SuppressedFinding} from '../report/types.js';

interface JunitOptions {
  /** `kubectl win lint`: the test suite's name. */
  command: string;
  failOn: FailOn;
}

/** The analyses whose checks a report's kind ran (doctor: its items say). */
const ANALYSIS_OF_KIND: Record<string, string> = {
  QoSReport: 'qos',
  LintReport: 'lint',
  GMSAReport: 'gmsa',
  PSPReadinessReport: 'psp',
  NodesReport: 'nodes',
  WhyReport: 'why',
};

interface Case {
  '@_name': string;
  '@_classname': string;
  '@_file'?: string;
  failure?: {'@_message': string; '@_type': string; '#text': string};
  skipped?: {'@_message': string};
  'system-out'?: string;
}

// XML 1.0 has no place for most control characters, even escaped; a message quoting a user's bytes may hold them.
// eslint-disable-next-line no-control-regex -- the characters XML 1.0 forbids are the point
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const xmlText = (s: string) => s.replace(NOT_XML, '\uFFFD');
/** An attribute on one line: parsers turn a newline in an attribute into a space anyway. */
const xmlAttr = (s: string) => xmlText(s).replace(/\s*\n\s*/g, ' ');

const atOrAbove = (f: Finding, failOn: FailOn) => failOn !== 'none' && SEVERITY_RANK[f.severity] >= SEVERITY_RANK[failOn];

function findingText(f: Finding): string {
  const where = f.location ? ` (${f.location.file}:${f.location.line}:${f.location.column})` : '';
  const fix = f.remedy?.text ? `\n  fix: ${f.remedy.text}` : '';
  return `${f.severity.toUpperCase()} ${f.id}${where}: ${f.field ? `${f.field}: ` : ''}${f.message}${fix}`;
}

function suppressedText(f: SuppressedFinding): string {
  const {by, reason, where} = f.suppression;
  return `suppressed by ${by === 'annotation' ? `annotation on ${where}` : by === 'config' ? `config rule ${where}` : `baseline ${where}`}${reason ? `: ${reason}` : ''}`;
}

/** The testcase key of a finding: its check on its object (the pod itself: -o wide detail, not folded). */
const caseName = (f: Finding) => (f.object ? `${f.id} ${objectText(f.object)}` : f.id);

function groupBy<T extends Finding>(findings: readonly T[]): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const f of findings) {
    const key = caseName(f);
    const list = out.get(key);
    if (list) list.push(f);
    else out.set(key, [f]);
  }
  return out;
}

function findingCase(name: string, found: Finding[], suppressed: SuppressedFinding[], failOn: FailOn): Case {
  const first = found[0] ?? suppressed[0];
  const c: Case = {'@_name': xmlAttr(name), '@_classname': first.id.split('/')[0]};
  const file = [...found, ...suppressed].find((f) => f.location)?.location?.file;
  if (file) c['@_file'] = xmlAttr(file);
  const failing = found.filter((f) => atOrAbove(f, failOn));
  const notes = suppressed.map((f) => `${findingText(f)}\n  ${suppressedText(f)}`);
  if (failing.length > 0) {
    c.failure = {'@_message': xmlAttr(failing[0].message), '@_type': failing[0].severity, '#text': xmlText(found.map(findingText).join('\n'))};
    if (notes.length > 0) c['system-out'] = xmlText(notes.join('\n'));
  } else if (found.length > 0) {
    c['system-out'] = xmlText([...found.map(findingText), ...notes].join('\n'));
  } else {
    c.skipped = {'@_message': xmlAttr(suppressedText(suppressed[0]))};
    c['system-out'] = xmlText(notes.join('\n'));
  }
  return c;
}

/** The analyses whose checks ran to the end in this report, and why the others' did not. */
function analysesOf(report: Report): {ran: string[]; notRun: Map<string, string>} {
  const notRun = new Map<string, string>();
  if (report.kind !== 'DoctorReport') {
    const a = ANALYSIS_OF_KIND[report.kind];
    return {ran: a ? [a] : [], notRun};
  }
  const ran: string[] = [];
  for (const item of report.items as Array<{analysis: string; status: string; unread?: string[]; error?: string}>) {
    if (item.status === 'ran') ran.push(item.analysis);
    else
      notRun.set(
        item.analysis,
        item.status === 'failed' ? `the analysis failed: ${item.error ?? ''}` : `not checked: could not read ${(item.unread ?? []).join(', ')}`,
      );
  }
  return {ran, notRun};
}

/** One testcase per check that found nothing: passed when it ran, skipped when it could not. */
function checkCases(report: Report, withFindings: ReadonlySet<string>): Case[] {
  const skippedBy = new Map(report.skipped.map((s) => [s.check, s.reason]));
  const missing = missingPrimaryReads(report);
  const incomplete = missing.length > 0 ? `not checked: could not read ${missing.map((r) => r.resource).join(', ')}` : undefined;
  const {ran, notRun} = analysesOf(report);
  const out: Case[] = [];
  for (const check of ALL_CHECKS) {
    const analysis = check.id.split('/')[0];
    if (withFindings.has(check.id) || !(ran.includes(analysis) || notRun.has(analysis))) continue;
    const why = skippedBy.get(check.id) ?? notRun.get(analysis) ?? incomplete;
    out.push({'@_name': check.id, '@_classname': analysis, ...(why !== undefined ? {skipped: {'@_message': xmlAttr(why)}} : {})});
  }
  // Skipped entries that are not a check of the catalogue: a read (read/pods), an analysis that failed.
  for (const s of report.skipped) {
    if (!ALL_CHECKS.some((c) => c.id === s.check))
      out.push({'@_name': xmlAttr(s.check), '@_classname': 'kubectl-win', skipped: {'@_message': xmlAttr(s.reason)}});
  }
  return out;
}

/** A report's testcases, made one at a time when asked, and what they add up to. */
interface CaseList {
  readonly length: number;
  readonly failures: number;
  readonly skipped: number;
  at(i: number): Case;
}

/** The testcases of a report, findings first (in the report's order), then the checks that found nothing. */
export function junitCases(report: Report, failOn: FailOn): CaseList {
  const found = groupBy(report.findings);
  const suppressed = groupBy(report.suppressed ?? []);
  const names = [...new Set([...found.keys(), ...suppressed.keys()])];
  const withFindings = new Set([...report.findings, ...(report.suppressed ?? [])].map((f) => f.id as string));
  const checks = checkCases(report, withFindings);
  // What findingCase makes of each name, counted without making its text.
  let failures = checks.filter((c) => c.failure).length;
  let skipped = checks.filter((c) => c.skipped).length;
  for (const n of names) {
    const list = found.get(n) ?? [];
    if (list.some((f) => atOrAbove(f, failOn))) failures++;
    else if (list.length === 0) skipped++;
  }
  return {
    length: names.length + checks.length,
    failures,
    skipped,
    at: (i) => (i < names.length ? findingCase(names[i], found.get(names[i]) ?? [], suppressed.get(names[i]) ?? [], failOn) : checks[i - names.length]),
  };
}

export function renderJunit(report: Report, o: JunitOptions): string {
  return [...junitChunks(report, o)].join('');
}

/** Testcases built into XML at once (a finding's case holds its findings' text). */
const CASES_PER_SLICE = 64;

/**
 * The JUnit XML in pieces of about `chunkSize` characters; joined, they are what XMLBuilder writes
 * for the whole document. The testcases are made and built a slice at a time inside the same
 * <testsuites> and <testsuite> (the counts come first), and only the lines between the suite's
 * opening and closing tags are kept of each: `doctor -A -o junit` on 100,000 pods is 86 MB of XML.
 */
export function* junitChunks(report: Report, o: JunitOptions, chunkSize = 1 << 16): Generator<string> {
  const cases = junitCases(report, o.failOn);
  const counts = {'@_tests': cases.length, '@_failures': cases.failures, '@_errors': 0, '@_skipped': cases.skipped};
  const builder = new XMLBuilder({ignoreAttributes: false, attributeNamePrefix: '@_', format: true, suppressEmptyNode: true});
  const xml = (testcase: Case[]) =>
    builder.build({
      '?xml': {'@_version': '1.0', '@_encoding': 'UTF-8'},
      testsuites: {'@_name': 'kubectl-win', ...counts, testsuite: {'@_name': xmlAttr(o.command), ...counts, testcase}},
    }) as string;
  if (cases.length === 0) {
    yield xml([]);
    return;
  }
  let out = '';
  let tail = '';
  for (let i = 0; i < cases.length; i += CASES_PER_SLICE) {
    const slice = Array.from({length: Math.min(CASES_PER_SLICE, cases.length - i)}, (_, k) => cases.at(i + k));
    const text = xml(slice);
    const body = text.indexOf('\n', text.indexOf('<testsuite ')) + 1;
    const end = text.lastIndexOf('  </testsuite>');
    out += text.slice(i === 0 ? 0 : body, end);
    tail = text.slice(end);
    if (out.length >= chunkSize) {
      yield out;
      out = '';
    }
  }
  yield out + tail;
}
