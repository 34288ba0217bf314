// -o sarif and -o github end to end (issue 22): every SARIF document this suite produces is valid
// against the official SARIF 2.1.0 schema and with Microsoft's validator, and each manifest result's
// region is the line of the field it names (read back from the file).
import assert from 'node:assert/strict';
import {readFileSync} from 'node:fs';
import {join} from 'node:path';
import {controlPlane, type ControlPlane} from '../../harness/index.js';
import {PROJECT_ROOT} from '../../harness/build.js';
import {runCli} from './cli.js';

const runCliInput = (args: string[], input: string) => runCli(args, {input});
import {parseFieldPath} from '../../src/source/positions.js';
import {multitoolProblems, schemaErrors} from '../support/sarif-validate.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- SARIF as JSON, walked by the assertions
type Sarif = any;

/** Every SARIF document produced here, validated by the multitool in one run at the end. */
const produced: Array<{name: string; sarif: Sarif}> = [];

async function sarifOf(name: string, args: string[], kubeconfig?: string): Promise<{code: number; sarif: Sarif}> {
  const r = await runCli([...args, '-o', 'sarif'], kubeconfig ? {kubeconfig} : {});
  assert.ok(r.code === 0 || r.code === 1, `${name}: exit ${r.code}: ${r.stderr}`);
  const sarif = r.json();
  assert.deepEqual(schemaErrors(sarif), [], `${name}: not valid against the SARIF 2.1.0 schema`);
  produced.push({name, sarif});
  return {code: r.code, sarif};
}

/** The last named segment of a field path: the key written on the field's line. */
function keyOf(path: string): string | undefined {
  const segments = parseFieldPath(path) ?? [];
  const last = segments[segments.length - 1];
  return last === undefined || /^\d+$/.test(last) ? undefined : last;
}

/** Reads each manifest result's region back from its file and finds the field's key where the region starts. */
function checkRegions(sarif: Sarif): number {
  let checked = 0;
  for (const r of sarif.runs[0].results) {
    const physical = r.locations?.[0]?.physicalLocation;
    if (!physical) continue;
    const path = r.properties.locatedAt ?? r.properties.field;
    const key = path === undefined || path === 'the object' ? undefined : keyOf(path);
    const lines = readFileSync(join(PROJECT_ROOT, decodeURIComponent(physical.artifactLocation.uri)), 'utf8').split('\n');
    const {startLine, startColumn, endLine} = physical.region;
    assert.ok(endLine >= startLine && endLine <= lines.length, `${r.ruleId}: region ${startLine}-${endLine} outside the file`);
    if (key === undefined) continue;
    const at = lines[startLine - 1].slice(startColumn - 1);
    assert.ok(
      at.startsWith(key) || at.startsWith(`"${key}"`),
      `${r.ruleId} ${path}: line ${startLine} of ${physical.artifactLocation.uri} is "${lines[startLine - 1]}"`,
    );
    checked++;
  }
  return checked;
}

describe('-o sarif and -o github (offline)', function () {
  this.timeout(300_000);

  it('lint -f examples -R: valid SARIF, each region at its field, the exit code of -o json', async () => {
    const {code, sarif} = await sarifOf('lint -f examples -R', ['lint', '-f', 'examples', '-R']);
    const json = await runCli(['lint', '-f', 'examples', '-R', '-o', 'json']);
    assert.equal(code, json.code);
    const results = sarif.runs[0].results;
    assert.equal(results.length, json.json().findings.length);
    assert.ok(
      results.every((r: Sarif) => r.locations[0].physicalLocation),
      'every lint finding on manifests has a file region',
    );
    assert.ok(checkRegions(sarif) >= 20);
    assert.equal(sarif.runs[0].invocations[0].executionSuccessful, true);
  });

  it('doctor -f examples -R: valid SARIF, each region at its field', async () => {
    const {sarif} = await sarifOf('doctor -f examples -R', ['doctor', '-f', 'examples', '-R']);
    assert.ok(checkRegions(sarif) >= 20);
  });

  it('every command that reports findings takes -o sarif', async () => {
    const commands: Array<[string[], string[]]> = [
      [['qos'], []],
      [['gmsa', 'check'], []],
      [['psp', 'readiness'], []],
      [['nodes'], []],
      [['why'], []],
      [['upgrade-plan'], ['--to', '2025']],
    ];
    for (const [cmd, flags] of commands) {
      const {sarif} = await sarifOf(`${cmd.join(' ')} -f examples -R`, [...cmd, ...flags, '-f', 'examples', '-R']);
      assert.equal(sarif.runs[0].properties.command, `kubectl win ${cmd.join(' ')}`);
      checkRegions(sarif);
    }
  });

  it('a SARIF fix, applied to the file as a viewer applies it, makes the finding go away', async () => {
    const file = 'examples/lint/warn-os-name-missing.yaml';
    const {sarif} = await sarifOf('lint fixes', ['lint', '-f', file]);
    const fixed = sarif.runs[0].results.filter((r: Sarif) => r.fixes);
    assert.ok(fixed.length > 0, 'a patch remedy on a YAML manifest is a SARIF fix');
    const r = fixed[0];
    const change = r.fixes[0].artifactChanges[0];
    assert.equal(decodeURIComponent(change.artifactLocation.uri), file);
    const text = readFileSync(join(PROJECT_ROOT, file), 'utf8');
    const lines = text.split('\n');
    const offset = (line: number, column: number) => lines.slice(0, line - 1).reduce((n, l) => n + l.length + 1, 0) + column - 1;
    const {deletedRegion: d, insertedContent} = change.replacements[0];
    const after = text.slice(0, offset(d.startLine, d.startColumn)) + insertedContent.text + text.slice(offset(d.endLine, d.endColumn));
    const again = await runCliInput(['lint', '-f', '-', '-o', 'json'], after);
    const same = (f: Sarif) => f.id === r.ruleId && f.object?.name === r.properties.object.name;
    assert.equal(again.json().findings.filter(same).length, 0, after);
  });

  it('a missing field is shown at its nearest ancestor, named in the result', async () => {
    const {sarif} = await sarifOf('lint os-name-missing', ['lint', '-f', 'examples/lint/warn-os-name-missing.yaml']);
    const r = sarif.runs[0].results.find((x: Sarif) => x.ruleId === 'lint/os-name-missing');
    assert.ok(r.properties.locatedAt, JSON.stringify(r.properties));
    assert.notEqual(r.properties.locatedAt, r.properties.field);
    assert.ok(checkRegions(sarif) >= 1);
  });

  it('-o github: one workflow command per finding at its file and line, the same exit code', async () => {
    const r = await runCli(['lint', '-f', 'examples/lint/rejected/run-as-username.yaml', '-o', 'github']);
    const json = await runCli(['lint', '-f', 'examples/lint/rejected/run-as-username.yaml', '-o', 'json']);
    assert.equal(r.code, json.code);
    // The findings' lines, then notices (skipped checks) that name no file.
    const lines = r.stdout.split('\n').filter((l) => l.includes(' file='));
    assert.equal(lines.length, json.json().findings.length);
    const text = readFileSync(join(PROJECT_ROOT, 'examples/lint/rejected/run-as-username.yaml'), 'utf8').split('\n');
    for (const l of lines) {
      const m = /^::(error|warning|notice) file=([^,]+),line=(\d+),(?:col=\d+,)?endLine=\d+,(?:endColumn=\d+,)?title=([a-z-]+\/[a-z0-9-]+)::(.+)$/.exec(l);
      assert.ok(m, l);
      assert.equal(m[2], 'examples/lint/rejected/run-as-username.yaml');
      assert.match(text[Number(m[3]) - 1], /runAsUserName|windowsOptions/);
    }
  });
});

describe('-o sarif (live)', function () {
  this.timeout(600_000);
  let cp: ControlPlane;

  before(async function () {
    this.timeout(600_000);
    cp = await controlPlane();
    await cp.createNamespace('sarif-e2e');
    await cp.apply(`apiVersion: v1
kind: Pod
metadata: {name: no-os, namespace: sarif-e2e}
spec:
  nodeName: ${cp.nodes.win2022}
  nodeSelector: {kubernetes.io/os: windows}
  tolerations: [{key: os, operator: Equal, value: windows, effect: NoSchedule}]
  containers: [{name: iis, image: mcr.microsoft.com/windows/servercore/iis}]
`);
  });

  it('doctor -A: valid SARIF, live objects as logical locations (no file)', async () => {
    const {sarif} = await sarifOf('doctor -A', ['doctor', '-A'], cp.kubeconfig);
    const results = sarif.runs[0].results;
    // Other files leave objects named no-os in their own namespaces.
    const pod = results.filter((r: Sarif) => r.properties.object?.name === 'no-os' && r.properties.object?.namespace === 'sarif-e2e');
    assert.ok(pod.length > 0);
    for (const r of pod) {
      assert.equal(r.locations[0].physicalLocation, undefined);
      assert.match(r.locations[0].logicalLocations[0].fullyQualifiedName, /^Pod\/sarif-e2e\/no-os/);
    }
  });
});

describe("-o sarif: every document above, by Microsoft's validator", function () {
  this.timeout(300_000);

  it('Sarif.Multitool validate reports no error, no warning, and only the notes we leave (MULTITOOL_NOTES_LEFT)', () => {
    // One run over all of them: the validator takes seconds to start.
    assert.ok(produced.length >= 9, `${produced.length} documents`);
    const problems = multitoolProblems(produced.map((p) => p.sarif));
    assert.deepEqual(problems, [], `Sarif.Multitool: ${problems.join('\n')}`);
  });

  it('the validator can fail: a region that ends before it starts is an error', () => {
    const broken = structuredClone(produced[0].sarif);
    const region = broken.runs[0].results.find((r: Sarif) => r.locations?.[0]?.physicalLocation?.region.startLine > 1).locations[0].physicalLocation.region;
    region.endLine = region.startLine - 1;
    assert.ok(multitoolProblems([broken]).some((p) => p.startsWith('SARIF1007 error')));
  });
});
