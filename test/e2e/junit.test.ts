// -o junit end to end (issue 22): the built CLI's XML parsed back as a CI server reads it, for
// manifests and live: one testcase per object and check with findings (failures exactly the
// findings at --fail-on), the checks that found nothing passed, the exit code the same as -o
// json's, and a run that could not read what its checks need skips them (exit 4), never passes them.
import assert from 'node:assert/strict';
import {XMLParser} from 'fast-xml-parser';
import {controlPlane, type ControlPlane} from '../../harness/index.js';
import {runCli} from './cli.js';
import type {Report} from '../../src/report/types.js';
import {SEVERITY_RANK} from '../../src/report/types.js';

interface Case {
  name: string;
  classname: string;
  failure?: {message: string; type: string};
  skipped?: {message: string};
  'system-out'?: string;
}
interface Suite {
  name: string;
  tests: number;
  failures: number;
  skipped: number;
  testcase: Case[];
}

function suiteOf(xml: string): Suite {
  assert.match(xml, /^<\?xml version="1\.0" encoding="UTF-8"\?>\n<testsuites /);
  const doc = new XMLParser({ignoreAttributes: false, attributeNamePrefix: '', isArray: (n) => n === 'testcase', parseAttributeValue: true}).parse(xml);
  const suite = doc.testsuites.testsuite as Suite;
  assert.equal(doc.testsuites.tests, suite.tests);
  assert.equal(suite.tests, suite.testcase.length);
  assert.equal(suite.failures, suite.testcase.filter((c) => c.failure).length);
  assert.equal(suite.skipped, suite.testcase.filter((c) => c.skipped !== undefined).length);
  return suite;
}

const objectText = (o?: {kind: string; namespace?: string; name: string}) => (o ? ` ${o.kind}/${o.namespace ? `${o.namespace}/` : ''}${o.name}` : '');

/** The testcases the report's findings at or above `failOn` must fail. */
function failingNames(report: Report, failOn: 'error' | 'warning'): string[] {
  const names = report.findings.filter((f) => SEVERITY_RANK[f.severity] >= SEVERITY_RANK[failOn]).map((f) => `${f.id}${objectText(f.object)}`);
  return [...new Set(names)].sort();
}

describe('-o junit (e2e)', function () {
  this.timeout(300_000);

  for (const [args, name] of [
    [['lint', '-f', 'examples', '-R'], 'kubectl win lint'],
    [['doctor', '-f', 'examples', '-R'], 'kubectl win doctor'],
    [['qos', '-f', 'examples/qos'], 'kubectl win qos'],
    [['upgrade-plan', '--to', '2025', '-f', 'examples', '-R'], 'kubectl win upgrade-plan'],
  ] as const) {
    it(`${args.join(' ')}: the failures are the findings at --fail-on, the exit code is -o json's`, async () => {
      for (const failOn of ['error', 'warning'] as const) {
        const json = await runCli([...args, '-o', 'json', '--fail-on', failOn]);
        const xml = await runCli([...args, '-o', 'junit', '--fail-on', failOn]);
        assert.equal(xml.code, json.code, xml.stderr);
        const report = json.json<Report>();
        const suite = suiteOf(xml.stdout);
        assert.equal(suite.name, name);
        assert.deepEqual(
          suite.testcase
            .filter((c) => c.failure)
            .map((c) => c.name)
            .sort(),
          failingNames(report, failOn),
        );
        const withFinding = new Set(report.findings.map((f) => `${f.id}${objectText(f.object)}`));
        for (const c of suite.testcase) {
          if (c.failure || c.skipped !== undefined) continue;
          // A passed testcase: a check that found nothing, or findings below --fail-on, in system-out.
          if (withFinding.has(c.name)) assert.ok(c['system-out'], c.name);
          else assert.ok(!report.findings.some((f) => f.id === c.name), `${c.name} found something, yet passed`);
        }
        for (const s of report.skipped) {
          assert.equal(suite.testcase.find((c) => c.name === s.check)?.skipped?.message, s.reason, `${s.check} is skipped`);
        }
      }
    });
  }

  it('every command that reports findings takes -o junit and -o github, with the findings and exit code of -o json', async () => {
    const commands: string[][] = [['qos'], ['lint'], ['gmsa', 'check'], ['psp', 'readiness'], ['nodes'], ['why'], ['doctor'], ['upgrade-plan', '--to', '2025']];
    for (const cmd of commands) {
      const args = [...cmd, '-f', 'examples', '-R', '--fail-on', 'warning'];
      const json = await runCli([...args, '-o', 'json']);
      const report = json.json<Report>();
      const xml = await runCli([...args, '-o', 'junit']);
      assert.equal(xml.code, json.code, `${cmd.join(' ')} -o junit: ${xml.stderr}`);
      const suite = suiteOf(xml.stdout);
      assert.equal(suite.name, `kubectl win ${cmd.filter((w) => !w.startsWith('-') && !/^\d/.test(w)).join(' ')}`);
      assert.deepEqual(
        suite.testcase
          .filter((c) => c.failure)
          .map((c) => c.name)
          .sort(),
        failingNames(report, 'warning'),
        cmd.join(' '),
      );
      const github = await runCli([...args, '-o', 'github']);
      assert.equal(github.code, json.code, `${cmd.join(' ')} -o github: ${github.stderr}`);
      const lines = github.stdout.split('\n').filter(Boolean);
      for (const l of lines) assert.match(l, /^::(error|warning|notice)( [a-zA-Z]+=[^,:]*(,[a-zA-Z]+=[^,:]*)*)?::/, l);
      // The findings first, in the report's order, each titled with its check.
      assert.deepEqual(
        lines.slice(0, report.findings.length).map((l) => /title=([^,:]+)/.exec(l)?.[1]),
        report.findings.map((f) => f.id),
        cmd.join(' '),
      );
    }
  });

  it('-o junit|sarif|github with -w, or -o junit with --fix, is a usage error', async () => {
    const fix = await runCli(['lint', '-f', 'examples/lint', '--fix', '-o', 'junit']);
    assert.equal(fix.code, 2);
    assert.match(fix.stderr, /--fix prints manifests: it cannot be combined with -o json\|yaml\|junit/);
    for (const format of ['junit', 'sarif', 'github']) {
      const watch = await runCli(['nodes', '-w', '-o', format, '--server', 'https://127.0.0.1:1']);
      assert.equal(watch.code, 2);
      assert.match(watch.stderr, new RegExp(`-o ${format} .* cannot be combined with -w/--watch`));
    }
  });

  describe('live', () => {
    let cp: ControlPlane;
    before(async function () {
      this.timeout(600_000);
      cp = await controlPlane();
    });

    it('doctor -A as admin: a complete run, its XML parses; as a user who may read nothing: exit 4 and every check skipped', async () => {
      const ok = await runCli(['doctor', '-o', 'junit', '--fail-on', 'none'], {kubeconfig: cp.kubeconfig});
      assert.equal(ok.code, 0, ok.stderr);
      const suite = suiteOf(ok.stdout);
      assert.equal(suite.failures, 0, '--fail-on none fails nothing');
      assert.ok(suite.testcase.some((c) => c.name.startsWith('gmsa/') && c.skipped === undefined));

      const nobody = await cp.kubeconfigFor('e2e-junit-nobody');
      const none = await runCli(['doctor', '-o', 'junit'], {kubeconfig: nobody});
      assert.equal(none.code, 4, none.stderr);
      assert.match(none.stderr, /^incomplete: pods not read/m, 'stderr names the missing reads, as with -o json');
      const skipped = suiteOf(none.stdout);
      const checks = skipped.testcase.filter((c) => /^[a-z]+\/[a-z0-9-]+$/.test(c.name) && !c.name.startsWith('read/'));
      assert.ok(checks.length > 50);
      for (const c of checks) assert.ok(c.skipped !== undefined, `${c.name} was not run: never passed`);
      assert.equal(skipped.testcase.find((c) => c.name === 'read/pods')?.skipped?.message.startsWith('forbidden'), true);
    });
  });
});
