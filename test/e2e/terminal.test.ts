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

/** Runs `node bin/run.js args` on a 100x20 (or `cols` wide) pseudo-terminal; script -e returns the CLI's exit code. */
function onTerminal(args: string[], cols = 100): {code: number; out: string} {
  const cli = [process.execPath, join(PROJECT_ROOT, 'bin', 'run.js'), ...args].map((a) => `'${a}'`).join(' ');
  const r = spawnSync('script', ['-qec', `stty rows 20 cols ${cols}; ${cli}`, '/dev/null'], {
    cwd: PROJECT_ROOT,
    encoding: 'utf8',
    env: {...process.env, NO_COLOR: '1', KUBECONFIG: '/dev/null'},
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
    const r = spawnSync('script', ['-qec', `stty rows 20 cols 100; '${process.execPath}' bin/run.js nodes -f examples -R --no-color`, '/dev/null'], {cwd: PROJECT_ROOT, encoding: 'utf8', env: {...process.env, NO_COLOR: undefined, FORCE_COLOR: undefined}});
    assert.equal(r.stdout.replace(/\r/g, ''), viaEnv.out);
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
      assert.ok(actions.some((a) => a.lines.length > 3 || a.lines.some((l) => l.length > 80)), 'some remedy is a manifest, or longer than the terminal');
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
});
