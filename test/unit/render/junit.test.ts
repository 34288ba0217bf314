// -o junit (issue 22), read back with fast-xml-parser's XMLParser as a CI server reads it.
import assert from 'node:assert/strict';
import {XMLBuilder, XMLParser} from 'fast-xml-parser';
import {LINT_CHECKS} from '../../../src/analyses/lint/checks.js';
import {makeReport} from '../../../src/report/build.js';
import {finding} from '../../../src/report/finding.js';
import type {Report, SuppressedFinding} from '../../../src/report/types.js';
import {junitCases, junitChunks, renderJunit} from '../../../src/render/junit.js';

interface Case {
  name: string;
  classname: string;
  failure?: {message: string; type: string; '#text': string};
  skipped?: {message: string} | '';
  'system-out'?: string;
}
interface Suite {
  name: string;
  tests: number;
  failures: number;
  errors: number;
  skipped: number;
  testcase: Case[];
}

function parse(xml: string): {suites: {tests: number; failures: number; skipped: number}; suite: Suite} {
  const doc = new XMLParser({ignoreAttributes: false, attributeNamePrefix: '', isArray: (name) => name === 'testcase', parseAttributeValue: true}).parse(xml);
  return {suites: doc.testsuites, suite: doc.testsuites.testsuite};
}

const pod = (name: string) => ({kind: 'Pod', namespace: 'web', name});
const subpath = (name: string, field = 'spec.containers[0].volumeMounts[0].subPath') =>
  finding('lint/subpath-mount', {object: pod(name), field, message: 'subPath is not supported'});
const hostProcess = finding('lint/hostprocess-host-network', {object: pod('hp'), field: 'spec.hostNetwork', message: 'hostNetwork must be true <&> "x"'});

function lintReport(over: Partial<Report> = {}): Report {
  return {...makeReport('LintReport', {type: 'manifests', files: ['a.yaml']}, [], [hostProcess, subpath('a'), subpath('a', 'spec.containers[1]')]), ...over};
}

const byName = (suite: Suite, name: string) => {
  const c = suite.testcase.find((t) => t.name === name);
  assert.ok(c, `a testcase named ${name}: ${suite.testcase.map((t) => t.name).join(', ')}`);
  return c;
};

/** What -o junit wrote before it streamed: every testcase made first, the document built whole. */
function builtWhole(report: Report, command: string, failOn: 'error' | 'warning' | 'info' | 'none'): string {
  const list = junitCases(report, failOn);
  const cases = Array.from({length: list.length}, (_, i) => list.at(i));
  const counts = {
    '@_tests': cases.length,
    '@_failures': cases.filter((c) => c.failure).length,
    '@_errors': 0,
    '@_skipped': cases.filter((c) => c.skipped).length,
  };
  const builder = new XMLBuilder({ignoreAttributes: false, attributeNamePrefix: '@_', format: true, suppressEmptyNode: true});
  return builder.build({
    '?xml': {'@_version': '1.0', '@_encoding': 'UTF-8'},
    testsuites: {'@_name': 'kubectl-win', ...counts, testsuite: {'@_name': command, ...counts, testcase: cases}},
  }) as string;
}

describe('render/junit', () => {
  it('is written in pieces that join to what XMLBuilder writes for the whole document, whatever the number of testcases', () => {
    for (const n of [0, 1, 63, 64, 65, 200]) {
      const findings = Array.from({length: n}, (_, i) =>
        i % 3 === 0 ? subpath(`p-${i}`) : finding('lint/hostprocess-host-network', {object: pod(`h-${i}`), field: 'spec.hostNetwork', message: `m ${i} <&>`}),
      );
      const suppressed: SuppressedFinding[] = n > 2 ? [{...subpath('s'), suppression: {by: 'annotation', reason: 'r', where: 'Pod/web/s'}}] : [];
      for (const report of [
        lintReport({findings}),
        lintReport({findings, suppressed}),
        makeReport('DoctorReport', {type: 'cluster', context: 'c', server: 's'}, [], findings),
      ]) {
        for (const failOn of ['error', 'warning', 'none'] as const) {
          const whole = builtWhole(report, 'kubectl win lint', failOn);
          for (const size of [1, 512, 1 << 16])
            assert.equal(
              [...junitChunks(report, {command: 'kubectl win lint', failOn}, size)].join(''),
              whole,
              `${n} findings, --fail-on ${failOn}, chunk size ${size}`,
            );
          const {suite} = parse(whole);
          assert.equal(suite.tests, suite.testcase?.length ?? 0);
        }
      }
    }
  });

  it('one suite for the command; a failure per object and check at --fail-on, every finding of it in the text', () => {
    const {suites, suite} = parse(renderJunit(lintReport(), {command: 'kubectl win lint', failOn: 'warning'}));
    assert.equal(suite.name, 'kubectl win lint');
    const failed = byName(suite, 'lint/subpath-mount Pod/web/a');
    assert.equal(failed.classname, 'lint');
    assert.equal(failed.failure?.type, 'warning');
    assert.equal(failed.failure?.message, 'subPath is not supported');
    assert.match(failed.failure?.['#text'] ?? '', /spec\.containers\[0\]\.volumeMounts\[0\]\.subPath[\s\S]*spec\.containers\[1\]/);
    assert.equal(byName(suite, 'lint/hostprocess-host-network Pod/web/hp').failure?.message, 'hostNetwork must be true <&> "x"', 'escaped and read back');
    assert.equal(suite.failures, 2);
    assert.equal(suites.failures, 2);
    assert.equal(suite.tests, suite.testcase.length);
    assert.equal(suite.errors, 0);
  });

  it('findings below --fail-on pass, with the findings in system-out', () => {
    const {suite} = parse(renderJunit(lintReport(), {command: 'kubectl win lint', failOn: 'error'}));
    const c = byName(suite, 'lint/subpath-mount Pod/web/a');
    assert.equal(c.failure, undefined);
    assert.equal(c.skipped, undefined);
    assert.match(c['system-out'] ?? '', /^WARNING lint\/subpath-mount: spec\.containers\[0\]/);
    assert.ok(byName(suite, 'lint/hostprocess-host-network Pod/web/hp').failure, 'the error still fails');
    assert.equal(suite.failures, 1);
    assert.equal(parse(renderJunit(lintReport(), {command: 'x', failOn: 'none'})).suite.failures, 0, '--fail-on none fails nothing');
  });

  it('each check that found nothing is one passed testcase; a skipped check is skipped, never passed', () => {
    const report = lintReport({
      skipped: [
        {check: 'lint/windows-toleration-missing', reason: 'offline: no node inventory'},
        {check: 'read/nodes', reason: 'forbidden'},
      ],
    });
    const {suite} = parse(renderJunit(report, {command: 'kubectl win lint', failOn: 'error'}));
    const passed = byName(suite, 'lint/os-name-missing');
    assert.equal(passed.failure ?? passed.skipped ?? passed['system-out'], undefined);
    assert.equal((byName(suite, 'lint/windows-toleration-missing').skipped as {message: string}).message, 'offline: no node inventory');
    assert.equal((byName(suite, 'read/nodes').skipped as {message: string}).message, 'forbidden');
    assert.equal(suite.testcase.filter((t) => t.name === 'lint/subpath-mount').length, 0, 'a check with findings has no passed testcase');
    // 2 object testcases, every other lint check once, the read.
    assert.equal(suite.tests, 2 + (LINT_CHECKS.length - 2) + 1);
    assert.equal(suite.skipped, 2);
  });

  it('an incomplete run passes no check: each is skipped with the read it missed', () => {
    const report = lintReport({
      findings: [],
      summary: {error: 0, warning: 0, info: 0},
      reads: [{resource: 'pods', primary: true, complete: false, reason: 'forbidden'}],
    });
    const {suite} = parse(renderJunit(report, {command: 'kubectl win lint', failOn: 'error'}));
    assert.equal(suite.skipped, suite.tests);
    assert.equal((byName(suite, 'lint/os-name-missing').skipped as {message: string}).message, 'not checked: could not read pods');
  });

  it('suppressed findings are skipped with who suppressed them and why', () => {
    const s: SuppressedFinding = {...subpath('b'), suppression: {by: 'annotation', reason: 'legacy', where: 'Deployment/web/b'}};
    const c = {...subpath('c'), suppression: {by: 'config' as const, reason: 'later', where: '.kubectl-win.yaml:4'}};
    const {suite} = parse(renderJunit(lintReport({suppressed: [s, c]}), {command: 'kubectl win lint', failOn: 'warning'}));
    assert.equal((byName(suite, 'lint/subpath-mount Pod/web/b').skipped as {message: string}).message, 'suppressed by annotation on Deployment/web/b: legacy');
    assert.equal((byName(suite, 'lint/subpath-mount Pod/web/c').skipped as {message: string}).message, 'suppressed by config rule .kubectl-win.yaml:4: later');
  });

  it('a doctor report passes the checks of the analyses that ran and skips those of one that could not read', () => {
    const report = makeReport(
      'DoctorReport',
      {type: 'cluster', context: 'c', server: 'https://127.0.0.1'},
      [
        {analysis: 'nodes', status: 'ran'},
        {analysis: 'psp', status: 'incomplete', unread: ['namespaces']},
      ],
      [],
    );
    const {suite} = parse(renderJunit(report, {command: 'kubectl win doctor', failOn: 'error'}));
    assert.ok(suite.testcase.some((t) => t.name.startsWith('nodes/') && t.skipped === undefined));
    assert.ok(
      suite.testcase
        .filter((t) => t.name.startsWith('psp/'))
        .every((t) => (t.skipped as {message: string}).message === 'not checked: could not read namespaces'),
    );
    assert.equal(suite.testcase.filter((t) => t.name.startsWith('lint/')).length, 0, 'lint did not run');
  });

  it('characters XML 1.0 cannot carry are replaced, so the document always parses', () => {
    const bad = finding('lint/subpath-mount', {object: pod('x'), message: 'a\u0001b\u001bc\uD800'});
    const xml = renderJunit(lintReport({findings: [bad]}), {command: 'kubectl win lint', failOn: 'warning'});
    for (const c of ['\u0001', '\u001b', '\uD800']) assert.ok(!xml.includes(c), `no ${JSON.stringify(c)} in the XML`);
    assert.equal(byName(parse(xml).suite, 'lint/subpath-mount Pod/web/x').failure?.message, 'a\uFFFDb\uFFFDc\uFFFD');
  });
});
