import assert from 'node:assert/strict';
import {mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {InputError} from '../../../src/cli/errors.js';
import {ManifestSource, matchesSelector, parseManifests} from '../../../src/source/manifest-source.js';
import type {Workload} from '../../../src/source/types.js';

async function collect(it: AsyncIterable<Workload>): Promise<Workload[]> {
  const out: Workload[] = [];
  for await (const w of it) out.push(w);
  return out;
}

const pod = (name: string, ns?: string, labels?: Record<string, string>) =>
  `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${name}\n${ns ? `  namespace: ${ns}\n` : ''}${labels ? `  labels: ${JSON.stringify(labels)}\n` : ''}spec:\n  containers:\n  - name: c\n    image: i\n`;

describe('source/manifest-source', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'kw-manifests-'));
  });
  afterEach(() => rmSync(dir, {recursive: true, force: true}));

  it('reads multi-document YAML, JSON and List kinds, with the line each object starts on', () => {
    const objs = parseManifests(`${pod('a')}---\n${pod('b')}`, 'x.yaml');
    assert.deepEqual(objs.map((o) => [o.object.metadata?.name, o.origin.line]), [['a', 1], ['b', 10]]);
    const list = parseManifests(JSON.stringify({apiVersion: 'v1', kind: 'List', items: [{apiVersion: 'v1', kind: 'Pod', metadata: {name: 'j'}}]}), 'l.json');
    assert.equal(list[0].object.metadata?.name, 'j');
  });

  it('names the file and line of invalid YAML (exit 2)', () => {
    assert.throws(
      () => parseManifests('apiVersion: v1\nkind: Pod\nmetadata:\n  name: [unclosed\n', 'bad.yaml'),
      (e: unknown) => e instanceof InputError && /bad\.yaml:\d+: invalid YAML/.test(e.message) && e.exitCode === 2,
    );
  });

  it('rejects documents that are not Kubernetes objects', () => {
    assert.throws(() => parseManifests('just: a map\n', 'x.yaml'), /x\.yaml:1: not a Kubernetes object/);
    assert.throws(() => parseManifests('- a\n- b\n', 'y.yaml'), /y\.yaml:1: not a Kubernetes object/);
  });

  it('reads directories (recursively with -R) and turns workloads into pod templates with their spec path', async () => {
    mkdirSync(join(dir, 'sub'));
    writeFileSync(join(dir, 'a.yaml'), pod('top', 'web'));
    writeFileSync(join(dir, 'notes.txt'), 'ignored');
    writeFileSync(
      join(dir, 'sub', 'cj.yaml'),
      'apiVersion: batch/v1\nkind: CronJob\nmetadata: {name: nightly, namespace: web}\nspec:\n  schedule: "* * * * *"\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          containers: [{name: c, image: i}]\n',
    );
    const flat = new ManifestSource({filenames: [dir], recursive: false});
    assert.deepEqual(flat.files, [join(dir, 'a.yaml')]);
    const deep = new ManifestSource({filenames: [dir], recursive: true});
    const ws = await collect((await deep.snapshot({pods: true, workloads: true})).workloads());
    assert.deepEqual(ws.map((w) => [w.kind, w.name, w.specPath, w.template]), [
      ['Pod', 'top', 'spec', false],
      ['CronJob', 'nightly', 'spec.jobTemplate.spec.template.spec', true],
    ]);
    assert.equal(ws[1].spec.containers[0].name, 'c');
  });

  it('reads stdin with -', async () => {
    const s = new ManifestSource({filenames: ['-'], recursive: false, stdin: () => pod('from-stdin')});
    const ws = await collect((await s.snapshot({pods: true})).workloads());
    assert.equal(ws[0].name, 'from-stdin');
    assert.equal(ws[0].namespace, 'default');
    assert.equal(ws[0].origin?.file, '<stdin>');
  });

  it('filters by namespace, label selector and name; an unknown name is an input error', async () => {
    writeFileSync(join(dir, 'p.yaml'), [pod('a', 'web', {app: 'iis'}), pod('b', 'web', {app: 'db'}), pod('c', 'other')].join('---\n'));
    const byNs = new ManifestSource({filenames: [dir], recursive: false, namespace: 'web', selector: 'app in (iis, x)'});
    assert.deepEqual((await collect((await byNs.snapshot({pods: true})).workloads())).map((w) => w.name), ['a']);
    const all = new ManifestSource({filenames: [dir], recursive: false, allNamespaces: true});
    assert.equal((await collect((await all.snapshot({pods: true})).workloads())).length, 3);
    await assert.rejects(all.snapshot({pods: true, names: ['nope']}), /"nope" not found/);
  });

  it('a missing path is an input error', () => {
    assert.throws(() => new ManifestSource({filenames: [join(dir, 'missing.yaml')], recursive: false}), /does not exist/);
  });

  it('holds small kinds whole, scoped to the namespace', async () => {
    writeFileSync(
      join(dir, 'n.yaml'),
      'apiVersion: v1\nkind: Node\nmetadata: {name: w1}\n---\napiVersion: v1\nkind: LimitRange\nmetadata: {name: lr, namespace: web}\n---\napiVersion: v1\nkind: LimitRange\nmetadata: {name: lr2, namespace: other}\n',
    );
    const s = await new ManifestSource({filenames: [dir], recursive: false, namespace: 'web'}).snapshot({kinds: ['nodes', 'limitranges']});
    assert.equal(s.objects.nodes?.length, 1);
    assert.deepEqual(s.objects.limitranges?.map((o) => o.metadata?.name), ['lr']);
  });

  it('label selectors: equality, inequality, set-based, existence', () => {
    const l = {app: 'iis', tier: 'web'};
    assert.equal(matchesSelector(l, 'app=iis'), true);
    assert.equal(matchesSelector(l, 'app==iis,tier=web'), true);
    assert.equal(matchesSelector(l, 'app!=iis'), false);
    assert.equal(matchesSelector(l, 'tier notin (db)'), true);
    assert.equal(matchesSelector(l, 'app'), true);
    assert.equal(matchesSelector(l, '!app'), false);
    assert.equal(matchesSelector(l, 'missing!=x'), true);
    assert.equal(matchesSelector(l, 'missing in (x)'), false);
    assert.throws(() => matchesSelector(l, 'app in (iis'), /invalid label selector/);
    assert.throws(() => matchesSelector(l, 'a=b=c'), /invalid label selector/);
  });
});
