// kubectl habits through the real CLI, with no cluster: unknown commands and stray arguments, and
// flags a command cannot honour, each one line on stderr with exit 2 (never silently ignored).
import assert from 'node:assert/strict';
import {spawnSync} from 'node:child_process';
import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {PROJECT_ROOT} from '../../harness/build.js';
import {ensureBuilt, runCli} from './cli.js';

const pkgVersion = (): string => (JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')) as {version: string}).version;

function oneLine(stderr: string): string {
  const lines = stderr.trim().split('\n');
  assert.equal(lines.length, 1, `expected one line on stderr, got:\n${stderr}`);
  return lines[0];
}

describe('e2e: kubectl habits (no cluster)', function () {
  this.timeout(120_000);

  it('an unknown command: exit 2, one kubectl-style line', async () => {
    const r = await runCli(['gmsa', 'nosuch']);
    assert.equal(r.code, 2);
    assert.equal(oneLine(r.stderr), 'error: unknown command "gmsa nosuch" for "kubectl win"; see kubectl win --help');
  });

  it('a namespace given as an argument to a command without arguments: exit 2, says to use -n', async () => {
    for (const args of [
      ['psp', 'readiness', 'web'],
      ['doctor', 'web'],
    ]) {
      const r = await runCli(args);
      assert.equal(r.code, 2, args.join(' '));
      assert.match(oneLine(r.stderr), /^error: "kubectl win (psp readiness|doctor)" takes no arguments, got "web" \(use -n NAMESPACE/);
    }
  });

  it('a reader that stops early (| head) ends the output quietly with 141, as kubectl does', () => {
    ensureBuilt();
    const dir = mkdtempSync(join(tmpdir(), 'kubectl-win-pipe-'));
    try {
      // More output than a pipe holds, so the writes are still going when head leaves.
      const pods = Array.from({length: 3000}, (_, i) => ({
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: {name: `p${i}`, namespace: 'ns'},
        spec: {os: {name: 'windows'}, containers: [{name: 'c', image: 'mcr.microsoft.com/windows/nanoserver:ltsc2022'}]},
      }));
      writeFileSync(join(dir, 'pods.json'), JSON.stringify({apiVersion: 'v1', kind: 'List', items: pods}));
      for (const output of ['json', 'yaml', 'wide']) {
        const r = spawnSync(
          'bash',
          ['-o', 'pipefail', '-c', `"${process.execPath}" bin/run.js qos -f "${join(dir, 'pods.json')}" -o ${output} | head -c 100 >/dev/null`],
          {cwd: PROJECT_ROOT, encoding: 'utf8', env: {...process.env, NO_COLOR: '1'}},
        );
        assert.equal(r.stderr, '', output);
        assert.equal(r.status, 141, output);
      }
    } finally {
      rmSync(dir, {recursive: true, force: true});
    }
  });

  it('--version names the plugin, its platform and the runtime that runs it, and exits 0', async () => {
    const r = await runCli(['--version']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, `kubectl-win/${pkgVersion()} ${process.platform}-${process.arch} node-${process.version}\n`);
  });

  it("kubectl win help COMMAND shows that command's help", async () => {
    const r = await runCli(['help', 'gmsa', 'check']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^USAGE\n {2}\$ kubectl win gmsa check /m);
  });

  it('gmsa nltest refuses -l and -A instead of ignoring them', async () => {
    const sel = await runCli(['gmsa', 'nltest', '-n', 'web', '-l', 'app=iis']);
    assert.equal(sel.code, 2);
    assert.match(oneLine(sel.stderr), /^error: gmsa nltest probes the pods it is given: -l is not supported/);
    const all = await runCli(['gmsa', 'nltest', '-A', 'iis-0']);
    assert.equal(all.code, 2);
    assert.match(oneLine(all.stderr), /^error: gmsa nltest probes pods in one namespace: -A is not supported; use -n NAMESPACE/);
  });
});
