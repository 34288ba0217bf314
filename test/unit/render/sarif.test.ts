import assert from 'node:assert/strict';
import {renderSarif, sarifChunks, fileUri, type SarifContext} from '../../../src/render/sarif.js';
import {escapeData, escapeProperty, renderGithub} from '../../../src/render/github.js';
import {ALL_CHECKS} from '../../../src/report/all-checks.js';
import {finding} from '../../../src/report/finding.js';
import {makeReport} from '../../../src/report/build.js';
import type {Report, SuppressedFinding} from '../../../src/report/types.js';
import {schemaErrors} from '../../support/sarif-validate.js';

const CTX: SarifContext = {version: '0.1.0', command: 'lint', cwd: '/work/repo', executionSuccessful: true};

/** A manifest finding at a file's line, a live one, one from stdin, one suppressed by annotation, one by a baseline. */
function sampleReport(): Report {
  const inFile = finding('lint/run-as-username-invalid', {
    object: {kind: 'Deployment', namespace: 'web', name: 'iis'},
    field: 'spec.template.spec.securityContext.windowsOptions.runAsUserName',
    message: 'Invalid value: "a\\\\b\\\\c": runAsUserName\'s Domain doesn\'t match',
    remedy: {text: 'Use DOMAIN\\user', target: {kind: 'Deployment', namespace: 'web', name: 'iis'}, patch: {spec: {}}},
  });
  inFile.location = {file: 'k8s/web app.yaml', line: 12, column: 9, endLine: 12, endColumn: 40};
  const missing = finding('lint/os-name-missing', {object: {kind: 'Pod', namespace: 'web', name: 'p'}, field: 'spec.os', message: 'spec.os.name is not set'});
  missing.location = {file: 'k8s/pod.yaml', line: 5, column: 1, endLine: 9, endColumn: 20, ancestor: 'spec'};
  const live = finding('nodes/no-windows-nodes', {message: 'no Windows nodes'});
  const liveObject = finding('qos/windows-besteffort', {object: {kind: 'Pod', namespace: 'web', name: 'x'}, message: 'BestEffort, 50%: a\nb'});
  const stdin = finding('lint/subpath-mount', {
    object: {kind: 'Pod', namespace: 'default', name: 's'},
    field: 'spec.containers[0].volumeMounts[0].subPath',
    message: 'subPath',
  });
  stdin.location = {file: '<stdin>', line: 3, column: 1, endLine: 3, endColumn: 9};
  const report = makeReport(
    'LintReport',
    {type: 'manifests', files: ['k8s/web app.yaml', '-']},
    [],
    [inFile, missing, live, liveObject, stdin],
    [{check: 'lint/scheduling', reason: 'no nodes given (--nodes)'}],
  );
  const byAnnotation: SuppressedFinding = {
    ...finding('lint/privileged', {
      object: {kind: 'Pod', namespace: 'web', name: 'priv'},
      field: 'spec.containers[0].securityContext.privileged',
      message: 'privileged',
    }),
    suppression: {by: 'annotation', reason: 'a test rig', where: 'Pod/web/priv'},
  };
  const byBaseline: SuppressedFinding = {
    ...finding('lint/privileged', {object: {kind: 'Pod', namespace: 'web', name: 'old'}, message: 'privileged'}),
    suppression: {by: 'baseline', where: 'baseline.json'},
  };
  report.suppressed = [byAnnotation, byBaseline];
  report.inputErrors = [{file: 'k8s/broken.yaml', line: 4, message: 'did not find expected key'}];
  report.reads = [{resource: 'pods', primary: true, complete: false, reason: 'forbidden', rule: 'list pods at cluster scope'}];
  return report;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the SARIF log as JSON, walked by the assertions
const sarifOf = (report: Report, ctx = CTX): any => JSON.parse(renderSarif(report, ctx));

describe('-o sarif (render/sarif.ts)', () => {
  it('is written in pieces that join to exactly JSON.stringify(log, null, 2): no results, some, and many in small chunks', () => {
    const many = sampleReport();
    many.findings = Array.from({length: 500}, (_, i) => ({...many.findings[i % many.findings.length], message: `m ${i} "q"`}));
    const none = makeReport('LintReport', {type: 'cluster', context: 'c', server: 'https://x'}, [], []);
    for (const report of [none, sampleReport(), many]) {
      for (const size of [1, 100, 4096, 1 << 16]) {
        const chunks = [...sarifChunks(report, CTX, size)];
        const text = chunks.join('');
        assert.equal(text, `${JSON.stringify(JSON.parse(text), null, 2)}\n`, `chunk size ${size}`);
        assert.equal(text, renderSarif(report, CTX));
        const results = JSON.parse(text).runs[0].results as unknown[];
        assert.equal(results.length, report.findings.length + (report.suppressed?.length ?? 0));
        if (report === many && size === 4096) assert.ok(chunks.length > 20 && chunks.slice(1, -1).every((c) => c.length < 3 * 4096), `${chunks.length} chunks`);
      }
    }
  });

  it('is valid against the official SARIF 2.1.0 schema, with every kind of result', () => {
    assert.deepEqual(schemaErrors(sarifOf(sampleReport())), []);
    assert.deepEqual(schemaErrors(sarifOf(makeReport('QoSReport', {type: 'cluster', context: 'c', server: 'https://127.0.0.1:6443'}, [], []))), []);
  });

  it('the schema check can fail: a level SARIF does not have is caught', () => {
    const log = sarifOf(sampleReport());
    log.runs[0].results[0].level = 'info';
    assert.ok(schemaErrors(log).some((e) => e.includes('/runs/0/results/0/level')));
  });

  it('one run; the rules are the whole check catalogue, each with its level, source and help', () => {
    const run = sarifOf(sampleReport()).runs[0];
    assert.equal(run.tool.driver.name, 'kubectl-win');
    assert.equal(run.tool.driver.rules.length, ALL_CHECKS.length);
    const rule = run.tool.driver.rules.find((r: {id: string}) => r.id === 'lint/os-name-missing');
    assert.equal(rule.name, 'LintOsNameMissing');
    assert.equal(rule.defaultConfiguration.level, 'warning');
    assert.match(rule.help.text, /kubernetes\//);
    assert.equal(rule.helpUri, 'https://github.com/kubectl-win/kubectl-win/blob/main/docs/checks.md#kubectl-win-lint');
    assert.equal(run.tool.driver.rules.find((r: {id: string}) => r.id === 'gmsa/nltest-failed').helpUri.split('#')[1], 'kubectl-win-gmsa-nltest');
    assert.equal(run.tool.driver.rules.find((r: {id: string}) => r.id === 'qos/windows-memory-request-below-limit').defaultConfiguration.level, 'note');
  });

  it('a manifest result: its rule, level, region in the file relative to the working directory, and the object as a logical location', () => {
    const run = sarifOf(sampleReport()).runs[0];
    const r = run.results.find((x: {ruleId: string}) => x.ruleId === 'lint/run-as-username-invalid');
    assert.equal(run.tool.driver.rules[r.ruleIndex].id, r.ruleId);
    assert.equal(r.level, 'error');
    assert.deepEqual(r.locations[0].physicalLocation, {
      artifactLocation: {uri: 'k8s/web%20app.yaml', uriBaseId: 'SRCROOT'},
      region: {startLine: 12, startColumn: 9, endLine: 12, endColumn: 40},
    });
    assert.equal(run.originalUriBaseIds.SRCROOT.uri, 'file:///work/repo/');
    assert.equal(r.locations[0].logicalLocations[0].fullyQualifiedName, 'Deployment/web/iis/spec.template.spec.securityContext.windowsOptions.runAsUserName');
    // The remedy is a patch, not a text edit: no SARIF fix, the remedy in the message and properties, with why.
    assert.equal(r.fixes, undefined);
    assert.match(r.message.text, /Remedy: Use DOMAIN\\user$/);
    assert.deepEqual(r.properties.remedy.patch, {spec: {}});
    assert.match(r.properties.remedyNotAFix, /^Not a SARIF fix/);
  });

  it('an exact edit of the file is a SARIF fix: one replacement, described by the remedy', () => {
    const report = sampleReport();
    const edit = {startLine: 12, startColumn: 9, endLine: 12, endColumn: 40, text: 'runAsUserName: web'};
    const log = sarifOf(report, {...CTX, fixes: new Map([[report.findings.find((f) => f.id === 'lint/run-as-username-invalid')!, edit]])});
    assert.deepEqual(schemaErrors(log), []);
    const r = log.runs[0].results.find((x: {ruleId: string}) => x.ruleId === 'lint/run-as-username-invalid');
    assert.deepEqual(r.fixes, [
      {
        description: {text: 'Use DOMAIN\\user.'},
        artifactChanges: [
          {
            artifactLocation: {uri: 'k8s/web%20app.yaml', uriBaseId: 'SRCROOT'},
            replacements: [{deletedRegion: {startLine: 12, startColumn: 9, endLine: 12, endColumn: 40}, insertedContent: {text: 'runAsUserName: web'}}],
          },
        ],
      },
    ]);
    assert.equal(r.properties.remedyNotAFix, undefined);
  });

  it('a missing field: the region of its nearest ancestor, and the message says so', () => {
    const r = sarifOf(sampleReport()).runs[0].results.find((x: {ruleId: string}) => x.ruleId === 'lint/os-name-missing');
    assert.equal(r.properties.locatedAt, 'spec');
    assert.match(r.message.text, /not in the file: shown at spec/);
  });

  it('live objects and standard input: a logical location naming the object, no file', () => {
    const results = sarifOf(sampleReport()).runs[0].results;
    const live = results.find((x: {ruleId: string}) => x.ruleId === 'qos/windows-besteffort');
    assert.deepEqual(live.locations, [{logicalLocations: [{name: 'x', fullyQualifiedName: 'Pod/web/x', kind: 'resource'}]}]);
    assert.match(live.message.text, /^Pod\/web\/x: /);
    const stdin = results.find((x: {ruleId: string}) => x.ruleId === 'lint/subpath-mount');
    assert.equal(stdin.locations[0].physicalLocation, undefined);
    assert.equal(results.find((x: {ruleId: string}) => x.ruleId === 'nodes/no-windows-nodes').locations, undefined);
  });

  it('suppressed findings are results with suppressions: inSource for an annotation, external for a baseline', () => {
    const suppressed = sarifOf(sampleReport()).runs[0].results.filter((x: {suppressions?: unknown}) => x.suppressions);
    assert.deepEqual(
      suppressed.map((x: {suppressions: unknown[]}) => x.suppressions[0]),
      [
        {kind: 'inSource', status: 'accepted', justification: 'a test rig', properties: {by: 'annotation', where: 'Pod/web/priv'}},
        {kind: 'external', status: 'accepted', properties: {by: 'baseline', where: 'baseline.json'}},
      ],
    );
  });

  it('input errors, incomplete reads and skipped checks are tool notifications; executionSuccessful is the caller`s', () => {
    const inv = sarifOf(sampleReport(), {...CTX, executionSuccessful: false}).runs[0].invocations[0];
    assert.equal(inv.executionSuccessful, false);
    const notes = inv.toolExecutionNotifications;
    assert.deepEqual(
      notes.map((n: {level: string}) => n.level),
      ['error', 'error', 'warning'],
    );
    assert.equal(notes[0].locations[0].physicalLocation.region.startLine, 4);
    assert.equal(notes[1].descriptor.id, 'read/pods');
    assert.equal(notes[2].descriptor.id, 'lint/scheduling');
  });

  it('file URIs are relative to the working directory, percent-encoded', () => {
    assert.equal(fileUri('/work/repo/a b/c#.yaml', '/work/repo'), 'a%20b/c%23.yaml');
    assert.equal(fileUri('x.yaml', '/work/repo'), 'x.yaml');
    assert.equal(fileUri('/elsewhere/x.yaml', '/work/repo'), '../../elsewhere/x.yaml');
  });
});

describe('-o github (render/github.ts)', () => {
  it('escapes as actions/toolkit command.ts does: % CR LF in data, and : , in properties', () => {
    assert.equal(escapeData('50% a\r\nb: c, d'), '50%25 a%0D%0Ab: c, d');
    assert.equal(escapeProperty('a:b,c%\n'), 'a%3Ab%2Cc%25%0A');
  });

  it('one workflow command per finding: level by severity, file and range, title the check id', () => {
    const lines = renderGithub(sampleReport()).trimEnd().split('\n');
    assert.equal(
      lines[0],
      '::error file=k8s/web app.yaml,line=12,col=9,endLine=12,endColumn=40,title=lint/run-as-username-invalid::' +
        'spec.template.spec.securityContext.windowsOptions.runAsUserName: Invalid value: "a\\\\b\\\\c": runAsUserName\'s Domain doesn\'t match%0ARemedy: Use DOMAIN\\user',
    );
    // A range over several lines: no columns (the toolkit refuses them there).
    assert.ok(lines.includes('::warning file=k8s/pod.yaml,line=5,endLine=9,title=lint/os-name-missing::spec.os: spec.os.name is not set'), lines.join('\n'));
    // Live: no file, the object named in the message; info is a notice.
    assert.ok(lines.includes('::warning title=qos/windows-besteffort::Pod/web/x: BestEffort, 50%25: a%0Ab'), lines.join('\n'));
    assert.ok(lines.includes('::notice title=nodes/no-windows-nodes::no Windows nodes'));
    assert.ok(lines.includes('::warning title=lint/subpath-mount::Pod/default/s spec.containers[0].volumeMounts[0].subPath: subPath'));
  });

  it('input errors, incomplete reads, skipped checks and the suppressed count follow the findings', () => {
    const lines = renderGithub(sampleReport()).trimEnd().split('\n');
    assert.deepEqual(lines.slice(-4), [
      '::error file=k8s/broken.yaml,line=4,title=input::did not find expected key',
      '::error title=read/pods::pods could not be read whole: forbidden',
      '::notice title=lint/scheduling::skipped: no nodes given (--nodes)',
      '::notice title=suppressed::2 findings were suppressed',
    ]);
  });
});
