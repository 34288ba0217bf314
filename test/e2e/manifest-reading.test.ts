// Manifests as Windows workstations write them, and directory runs that go on past a document that
// cannot be read, through the real CLI (issue 19). No control plane: kubectl itself is the judge of
// the path message (it never reaches a server for it).
import assert from 'node:assert/strict';
import {spawnSync} from 'node:child_process';
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {ensureBinaries} from '../../harness/build.js';
import {runProcess} from '../../harness/client.js';
import {PROJECT_ROOT} from '../../harness/build.js';
import {ensureBuilt, runCli} from './cli.js';

const ds = (name: string, command = '"powershell -c \\"Write-Host a;\n\tWrite-Host b\\""') =>
  `apiVersion: apps/v1\nkind: DaemonSet\nmetadata: {name: ${name}, namespace: kube-system}\nspec:\n  selector: {matchLabels: {app: ${name}}}\n  template:\n    metadata: {labels: {app: ${name}}}\n    spec:\n      nodeSelector: {kubernetes.io/os: windows}\n      containers:\n      - name: c\n        image: mcr.microsoft.com/windows/nanoserver:ltsc2022\n        command: [${command}]\n`;

interface Report {
  items: Array<{name: string; valid?: boolean}>;
  inputErrors?: Array<{file: string; line?: number; message: string}>;
}

describe('e2e: manifests read as kubectl reads them; directory runs go on', function () {
  this.timeout(120_000);
  let dir: string;
  before(() => {
    ensureBuilt();
    dir = mkdtempSync(join(tmpdir(), 'kw-e2e-reading-'));
    writeFileSync(join(dir, 'a-tab-quoted.yaml'), ds('tab-quoted'));
    writeFileSync(join(dir, 'b-mixed.yaml'), `${ds('before-bad')}---\napiVersion: v1\nkind: Pod\nmetadata: {name: [\n---\n${ds('after-bad')}`);
    writeFileSync(join(dir, 'c-powershell.yaml'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(ds('utf16').replaceAll('\n', '\r\n'), 'utf16le')]));
    writeFileSync(join(dir, 'd-bom-crlf.yaml'), Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(ds('bom').replaceAll('\n', '\r\n'))]));
    writeFileSync(join(dir, 'e-not-an-object.yaml'), 'just: a map\n');
  });
  after(() => rmSync(dir, {recursive: true, force: true}));

  for (const cmd of [['lint'], ['qos'], ['psp', 'readiness'], ['doctor']]) {
    it(`${cmd.join(' ')}: every readable document is analysed, each unreadable one named with its line, then exit 2`, async () => {
      const r = await runCli([...cmd, '-f', dir, '-o', 'json']);
      assert.equal(r.code, 2, r.stderr);
      const report = JSON.parse(r.stdout) as Report;
      if (cmd[0] === 'lint' || cmd[0] === 'qos') {
        assert.deepEqual(report.items.map((i) => i.name).sort(), ['after-bad', 'before-bad', 'bom', 'tab-quoted', 'utf16']);
      }
      assert.deepEqual(
        report.inputErrors?.map((e) => [e.file.replace(`${dir}/`, ''), e.line]),
        [
          ['b-mixed.yaml', 19],
          ['e-not-an-object.yaml', 1],
        ],
      );
      const lines = r.stderr.trim().split('\n');
      assert.equal(lines.length, 2, r.stderr);
      assert.match(lines[0], new RegExp(`^error: ${dir}/b-mixed\\.yaml:19: invalid YAML: `));
      assert.match(lines[1], new RegExp(`^error: ${dir}/e-not-an-object\\.yaml:1: not a Kubernetes object`));
    });
  }

  it('text output too: the report first, then the unreadable documents, exit 2', async () => {
    const r = await runCli(['lint', '-f', dir]);
    assert.equal(r.code, 2);
    assert.match(r.stdout, /tab-quoted/);
    assert.match(r.stdout, /utf16/);
    assert.match(r.stderr, /b-mixed\.yaml:19/);
  });

  it('the PowerShell quoted string reads as kubectl folds it, and UTF-16 from stdin (-f -) reads', async () => {
    const r = await runCli(['lint', '-f', join(dir, 'a-tab-quoted.yaml'), '-o', 'json']);
    assert.equal(r.code, 0, r.stderr);
    const bytes = join(dir, 'c-powershell.yaml');
    const s = spawnSync('sh', ['-c', `node bin/run.js qos -f - -o json < '${bytes}'`], {
      cwd: PROJECT_ROOT,
      encoding: 'utf8',
      env: {...process.env, KUBECONFIG: '/nonexistent'},
    });
    assert.equal(s.status, 0, s.stderr);
    assert.deepEqual(
      (JSON.parse(s.stdout) as Report).items.map((i) => i.name),
      ['utf16'],
    );
  });

  it('a C:\\ path in -f that does not exist here is the one line kubectl prints', async () => {
    const path = 'C:\\manifests\\iis.yaml';
    const ours = await runCli(['lint', '-f', path]);
    assert.equal(ours.code, 2);
    const kubectl = await runProcess(join((await ensureBinaries()).binDir, 'kubectl'), ['create', '--dry-run=client', '-f', path], {
      env: {...process.env, KUBECONFIG: '/nonexistent'},
    });
    assert.equal(ours.stderr.trim(), kubectl.stderr.trim());
  });
});
