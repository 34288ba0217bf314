// On a terminal (a pseudo-terminal through script(1)) the CLI renders with ink: the exit code must
// still follow --fail-on, and the output must be written once (no clear-screen that wipes the
// user's scrollback when the output is taller than the terminal). Offline (-f): no control plane.
import assert from 'node:assert/strict';
import {spawnSync} from 'node:child_process';
import {join} from 'node:path';
import {ensureBuilt, runCli} from './cli.js';
import {remedyActionLines} from '../../src/report/remedy.js';
import type {Finding, Report} from '../../src/report/types.js';
import {PROJECT_ROOT} from '../../harness/build.js';
import {controlPlane} from '../../harness/index.js';

/** Runs `node bin/run.js args` on a 100x20 (or `cols` wide) pseudo-terminal; script -e returns the CLI's exit code. */
function onTerminal(args: string[], cols = 100, kubeconfig = '/dev/null'): {code: number; out: string} {
  const cli = [process.execPath, join(PROJECT_ROOT, 'bin', 'run.js'), ...args].map((a) => `'${a}'`).join(' ');
  const r = spawnSync('script', ['-qec', `stty rows 20 cols ${cols}; ${cli}`, '/dev/null'], {
    cwd: PROJECT_ROOT,
    encoding: 'utf8',
    env: {...process.env, NO_COLOR: '1', KUBECONFIG: kubeconfig, COLUMNS: undefined},
    timeout: 60_000,
  });
  if (r.error) throw r.error;
  return {code: r.status ?? -1, out: r.stdout.replace(/\r/g, '')};
}

describe('e2e: output on a terminal (ink)', function () {
  this.timeout(120_000);
  before(function () {
    if (spawnSync('script', ['--version']).error) throw new Error('script(1) (util-linux) is needed for the terminal tests');
    ensureBuilt();
  });

  it('--no-color and NO_COLOR give the same plain output', () => {
    const viaEnv = onTerminal(['nodes', '-f', 'examples', '-R']);
    const r = spawnSync('script', ['-qec', `stty rows 20 cols 100; '${process.execPath}' bin/run.js nodes -f examples -R --no-color`, '/dev/null'], {
      cwd: PROJECT_ROOT,
      encoding: 'utf8',
      env: {...process.env, NO_COLOR: undefined, FORCE_COLOR: undefined},
    });
    assert.equal(r.stdout.replace(/\r/g, ''), viaEnv.out);
    // eslint-disable-next-line no-control-regex -- an escape code in the output is what is asserted on
    assert.doesNotMatch(viaEnv.out, /\u001b\[/);
  });

  it('exit code 1 on findings at --fail-on, 0 with --fail-on none, as when piped', () => {
    const args = ['lint', '-f', 'examples/lint', '-R'];
    const failing = onTerminal(args);
    assert.equal(failing.code, 1, failing.out.slice(-500));
    assert.equal(onTerminal([...args, '--fail-on', 'none']).code, 0);
  });

  it('a long report is written once: no clear-screen, every row, the table header on one line', () => {
    const {code, out} = onTerminal(['qos', '-f', 'examples', '-R']);
    assert.equal(code, 1, out.slice(-500));
    // NO_COLOR: no escape code at all (no clear-screen, no colour, no bold), as with --no-color
    // eslint-disable-next-line no-control-regex -- an escape code in the output is what is asserted on
    assert.doesNotMatch(out, /\u001b\[/);
    assert.ok(out.split('\n').length > 40, `taller than the 20-row terminal:\n${out}`);
    assert.match(out, /^NAMESPACE +NAME +QOS +CONTAINERS +NODE-OS *$/m);
    assert.match(out, /pods and templates checked: 1 error, \d+ warnings, \d+ info/);
  });

  for (const command of [['lint'], ['gmsa', 'check'], ['psp', 'readiness']]) {
    it(`${command.join(' ')} at 80 columns: what a user copies of each remedy equals the JSON remedy byte for byte (paste-safe)`, async () => {
      const args = [...command, '-f', 'examples', '-R', '--fail-on', 'none'];
      const findings: Finding[] = (JSON.parse((await runCli([...args, '-o', 'json'])).stdout) as Report).findings;
      const actions = findings.flatMap((f) => (f.remedy ? [remedyActionLines(f.remedy)] : [])).filter((a) => a !== undefined);
      assert.ok(
        actions.some((a) => a.lines.length > 3 || a.lines.some((l) => l.length > 80)),
        'some remedy is a manifest, or longer than the terminal',
      );
      const {code, out} = onTerminal(args, 80);
      assert.equal(code, 0, out.slice(-500));
      const lines = out.split('\n');
      for (const a of actions) {
        // The block appears as consecutive whole lines: no wrap, no indent, nothing added.
        const at = lines.findIndex((_, i) => a.lines.every((x, j) => lines[i + j] === x));
        assert.ok(at >= 0, `not printed verbatim:\n${a.lines.join('\n')}\n--- terminal:\n${out}`);
      }
    });
  }

  describe('every line fits the terminal (80 and 160 columns)', () => {
    /** What a user copies is exempt: it is never wrapped (docs/remedies.md): remedy actions, and the commands of items (psp's label commands). */
    async function copiedLines(args: string[], kubeconfig?: string): Promise<Set<string>> {
      const report = JSON.parse((await runCli([...args, '-o', 'json'], kubeconfig ? {kubeconfig} : {})).stdout) as Report;
      const remedies = report.findings.flatMap((f) => (f.remedy ? (remedyActionLines(f.remedy)?.lines ?? []) : []));
      const commands = JSON.stringify(report.items).match(/"kubectl [^"\\]*(?:\\.[^"\\]*)*"/g) ?? [];
      return new Set([...remedies, ...commands.map((c) => JSON.parse(c) as string)]);
    }

    /** The lines wider than `cols`, but for copied lines and a single word that cannot break (a long field path). */
    function tooWide(out: string, cols: number, copied: Set<string>): string[] {
      return (
        out
          .split('\n')
          // eslint-disable-next-line no-control-regex -- an escape code in the output is what is asserted on
          .map((l) => l.replace(/^.*\u001b\[2K/, '')) // the progress line on stderr, erased before the output
          .filter((l) => l.length > cols && !copied.has(l) && /\S\s+\S/.test(l.trim()))
      );
    }

    const offline = [['doctor'], ['qos'], ['lint'], ['gmsa', 'check'], ['psp', 'readiness'], ['nodes']];
    for (const cols of [80, 160]) {
      for (const command of offline) {
        it(`${command.join(' ')} -f examples at ${cols} columns`, async () => {
          const args = [...command, '-f', 'examples', '-R', '--fail-on', 'none'];
          const {code, out} = onTerminal(args, cols);
          assert.equal(code, 0, out.slice(-500));
          assert.deepEqual(tooWide(out, cols, await copiedLines(args)), []);
        });
      }
    }

    for (const cols of [80, 160]) {
      for (const command of [['nodes'], ['doctor']]) {
        it(`${command.join(' ')} live at ${cols} columns: no row wider than the terminal, every node named whole`, async function () {
          this.timeout(600_000);
          const cp = await controlPlane();
          const args = [...command, '--fail-on', 'none'];
          const {code, out} = onTerminal(args, cols, cp.kubeconfig);
          assert.equal(code, 0, out.slice(-500));
          assert.deepEqual(tooWide(out, cols, await copiedLines(args, cp.kubeconfig)), []);
          if (command[0] === 'nodes')
            for (const node of [cp.nodes.win2019, cp.nodes.win2022, cp.nodes.winOldRuntime]) assert.match(out, new RegExp(`^${node} `, 'm'));
        });
      }
    }

    it('doctor at 160 columns: one line per check, the example message cut short', async () => {
      const {out} = onTerminal(['doctor', '-f', 'examples', '-R', '--fail-on', 'none'], 160);
      const table = out.slice(out.indexOf('SEVERITY'), out.indexOf('\n\n', out.indexOf('SEVERITY'))).split('\n');
      assert.ok(table.length > 10, out);
      for (const row of table.slice(1)) assert.match(row, /^(ERROR|WARNING|INFO) +\S+ +\d+ +\S/, `a row that wrapped: ${row}`);
      assert.ok(
        table.some((r) => r.endsWith('...')),
        'some message is cut short',
      );
    });
  });
});
