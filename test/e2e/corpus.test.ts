// The real-manifest corpus (test/fixtures/corpus, sources and licences in SOURCES.md): public
// Windows manifests, read as a directory by every command and judged object by object by the real
// kube-apiserver v1.34 (server-side dry run) and the real kubectl reader.
import assert from 'node:assert/strict';
import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join, relative} from 'node:path';
import {controlPlane, type ControlPlane} from '../../harness/index.js';
import {runCli} from './cli.js';
import {PROJECT_ROOT} from '../../harness/build.js';
import {decodeManifestBytes} from '../../src/source/kubectl-yaml.js';
import {readManifests, type ManifestObject} from '../../src/source/manifest-parse.js';
import {expandFilenames} from '../../src/source/manifest-source.js';
import type {Finding} from '../../src/report/types.js';

const CORPUS = join(PROJECT_ROOT, 'test/fixtures/corpus');
// Whether the command lists the corpus's objects as items (gmsa check lists gMSA pods, nodes lists nodes: none here).
const COMMANDS: Array<[string[], boolean]> = [
  [['qos'], true],
  [['lint'], true],
  [['psp', 'readiness'], true],
  [['gmsa', 'check'], false],
  [['nodes'], false],
  [['doctor'], true],
];

interface LintReport {
  items: Array<{kind: string; namespace: string; name: string; valid: boolean}>;
  findings: Finding[];
}

describe('real-manifest corpus: every command on the directory, every object against kube-apiserver v1.34', function () {
  this.timeout(600_000);
  let cp: ControlPlane;
  let dir: string;
  const files = expandFilenames([CORPUS], true);
  const reads = files.map((file) => ({file, read: readManifests(decodeManifestBytes(readFileSync(file)), file)}));
  const unreadable = reads.filter((r) => r.read.problems.length > 0).map((r) => r.file);

  before(async () => {
    cp = await controlPlane();
    dir = mkdtempSync(join(tmpdir(), 'kw-corpus-'));
  });
  after(() => rmSync(dir, {recursive: true, force: true}));

  it('the corpus is big enough to mean something, and what kubectl cannot read is exactly what we cannot', async () => {
    const objects = reads.flatMap((r) => r.read.objects);
    assert.ok(files.length >= 20 && objects.length >= 35, `${files.length} files, ${objects.length} objects`);
    const kubectlRefuses: string[] = [];
    for (const file of files) {
      const k = await cp.kubectl(['label', '--local', '-f', file, 'kw-corpus=1', '-o', 'name']);
      if (k.code !== 0) kubectlRefuses.push(file);
    }
    assert.deepEqual(unreadable, kubectlRefuses);
  });

  for (const [cmd, listsObjects] of COMMANDS) {
    it(`${cmd.join(' ')} -f corpus -R: everything readable is analysed, then exit 2 naming only the unreadable documents`, async () => {
      const r = await runCli([...cmd, '-f', CORPUS, '-R', '-o', 'json']);
      assert.doesNotMatch(r.stderr, /internal error|\bat .*\.(js|ts):\d+/);
      const report = JSON.parse(r.stdout) as {kind: string; inputErrors?: Array<{file: string}>; items: unknown[]};
      assert.match(report.kind, /Report$/);
      if (listsObjects) assert.ok(report.items.length > 0, 'the readable objects were analysed');
      assert.deepEqual([...new Set((report.inputErrors ?? []).map((e) => e.file))], unreadable);
      assert.equal(r.code, unreadable.length > 0 ? 2 : 1, r.stderr);
      const lines = r.stderr.trim().split('\n').filter(Boolean);
      assert.equal(lines.length, report.inputErrors?.length ?? 0, r.stderr);
      for (const line of lines) assert.match(line, /^error: .+:\d+: /);
    });
  }

  it("lint's verdict is the apiserver's: accepted objects are valid, and every lint error is the apiserver's own message", async () => {
    const objects: ManifestObject[] = reads.flatMap((x) => x.read.objects);
    const wrong: string[] = [];
    let accepted = 0;
    let rejected = 0;
    let customResources = 0;
    for (const [i, {object, origin}] of objects.entries()) {
      // Each object on its own, to the apiserver and to lint, so two objects of one name never mix.
      const file = join(dir, `o${i}.json`);
      writeFileSync(file, JSON.stringify(object));
      const k = await cp.kubectl(['create', '--dry-run=server', '-o', 'name', '-f', file]);
      const report = JSON.parse((await runCli(['lint', '-f', file, '-o', 'json'])).stdout) as LintReport;
      const where = `${relative(CORPUS, origin.file)}:${origin.line} ${object.kind} ${object.metadata?.name}`;
      const errors = report.findings.filter((f) => f.severity === 'error');
      const item = report.items[0];
      if (k.code !== 0 && /ensure CRDs are installed first/.test(k.stderr) && !errors.some((e) => e.id === 'lint/api-not-served')) {
        // A custom resource whose CRD the test cluster lacks: offline it is valid-unknown, never invalid.
        customResources++;
        if (errors.length > 0) wrong.push(`${where}: a custom resource, lint calls it invalid: ${JSON.stringify(errors.map((e) => e.message))}`);
        continue;
      }
      // AlreadyExists comes from storage, after decoding, admission and validation all passed: other
      // e2e files share this control plane and may have created the same cluster-scoped object (the
      // gMSA CRD), so it counts as accepted.
      const alreadyExists = k.code !== 0 && /\(AlreadyExists\)|already exists/.test(k.stderr);
      if (k.code === 0 || alreadyExists) {
        accepted++;
        if (errors.length > 0 || (item && !item.valid))
          wrong.push(`${where}: the apiserver accepts it, lint says ${JSON.stringify(errors.map((e) => e.message))}`);
      } else {
        rejected++;
        if (errors.length === 0) wrong.push(`${where}: the apiserver rejects it (${k.stderr.trim()}), lint finds no error`);
        for (const e of errors) if (!k.stderr.includes(e.message)) wrong.push(`${where}: lint says "${e.message}", the apiserver: ${k.stderr.trim()}`);
      }
    }
    assert.deepEqual(wrong, []);
    assert.ok(accepted > 30 && rejected > 0, `${accepted} accepted, ${rejected} rejected, ${customResources} custom resources`);
  });
});
