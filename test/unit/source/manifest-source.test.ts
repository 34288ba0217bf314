import assert from 'node:assert/strict';
import {execFileSync} from 'node:child_process';
import {mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {InputError} from '../../../src/errors.js';
import {MANIFEST_LIMITS} from '../../../src/source/manifest-parse.js';
import {ManifestSource, matchesSelector, parseManifests} from '../../../src/source/manifest-source.js';
import type {Workload} from '../../../src/k8s/snapshot.js';

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
    assert.deepEqual(
      objs.map((o) => [o.object.metadata?.name, o.origin.line]),
      [
        ['a', 1],
        ['b', 10],
      ],
    );
    const list = parseManifests(JSON.stringify({apiVersion: 'v1', kind: 'List', items: [{apiVersion: 'v1', kind: 'Pod', metadata: {name: 'j'}}]}), 'l.json');
    assert.equal(list[0].object.metadata?.name, 'j');
  });

  it('names the file and line of invalid YAML (exit 2)', () => {
    assert.throws(
      () => parseManifests('apiVersion: v1\nkind: Pod\nmetadata:\n  name: [unclosed\n', 'bad.yaml'),
      (e: unknown) => e instanceof InputError && /bad\.yaml:\d+: invalid YAML/.test(e.message),
    );
  });

  it('an invalid-YAML error quotes the offending line instead of ending on a dangling colon', () => {
    assert.throws(
      () => parseManifests('apiVersion: v1\nkind: Pod\nmetadata:\n  name: a\n\tlabels: {}\n', 'tab.yaml'),
      (e: unknown) =>
        e instanceof InputError && e.message === 'error: tab.yaml:5: invalid YAML: Tabs are not allowed as indentation; the line reads "\\tlabels: {}"',
    );
    assert.throws(
      () => parseManifests('a:\n  - b\n  c: d\n', 'm.yaml'),
      (e: unknown) => e instanceof InputError && /m\.yaml:3: invalid YAML: [^\n]*; the line reads " {2}c: d"$/.test(e.message),
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
    assert.deepEqual(
      ws.map((w) => [w.kind, w.name, w.specPath, w.template]),
      [
        ['Pod', 'top', 'spec', false],
        ['CronJob', 'nightly', 'spec.jobTemplate.spec.template.spec', true],
      ],
    );
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
    assert.deepEqual(
      (await collect((await byNs.snapshot({pods: true})).workloads())).map((w) => w.name),
      ['a'],
    );
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
    assert.deepEqual(
      s.objects.limitranges?.map((o) => o.metadata?.name),
      ['lr'],
    );
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

  describe('-f that yields no Kubernetes object is an input error naming the path', () => {
    const cases: Array<[string, (d: string) => string, RegExp]> = [
      ['an empty file', (d) => write(d, 'empty.yaml', ''), /error: -f .*empty\.yaml: no Kubernetes objects in the file/],
      ['a file of comments and empty documents', (d) => write(d, 'c.yaml', '# nothing\n---\n# here\n---\n'), /c\.yaml: no Kubernetes objects in the file/],
      ['an empty List', (d) => write(d, 'l.json', '{"apiVersion": "v1", "kind": "List", "items": []}'), /l\.json: no Kubernetes objects/],
      [
        'a directory without manifests',
        (d) => (write(d, 'notes.txt', 'x'), d),
        /: no Kubernetes objects: the directory has no \.yaml, \.yml or \.json files \(-R reads its subdirectories\)/,
      ],
      ['a directory of empty manifests', (d) => (write(d, 'a.yaml', ''), write(d, 'b.yml', '# c\n'), d), /: no Kubernetes objects in its 2 manifest files/],
    ];
    for (const [what, make, message] of cases) {
      it(what, () => {
        const path = make(dir);
        assert.throws(
          () => new ManifestSource({filenames: [path], recursive: false}),
          (e: unknown) => e instanceof InputError && message.test(e.message) && e.message.includes(path),
        );
      });
    }

    it('empty stdin', () => {
      assert.throws(() => new ManifestSource({filenames: ['-'], recursive: false, stdin: () => ''}), /error: -f - \(stdin\): no Kubernetes objects/);
    });

    it('each -f argument on its own: a good one does not excuse an empty one', () => {
      const good = write(dir, 'good.yaml', pod('g'));
      const empty = write(dir, 'empty.yaml', '');
      assert.throws(() => new ManifestSource({filenames: [good, empty], recursive: false}), /empty\.yaml: no Kubernetes objects/);
      // Inside a directory, an empty file next to manifests is fine (kubectl apply -f dir/ reads it so).
      const s = new ManifestSource({filenames: [dir], recursive: false});
      assert.equal(s.objects.length, 1);
    });
  });

  describe('limits: input errors with the file and line, never a crash', () => {
    const small = {...MANIFEST_LIMITS, maxDepth: 8, maxAliasCount: 50, maxYamlDocumentBytes: 2048};
    const nested = (n: number) => `${'  '.repeat(n)}k:\n`;

    it('nesting: block and flow YAML and JSON, with the line where the limit is passed', () => {
      let block = 'apiVersion: v1\nkind: Pod\nmetadata: {name: d}\nspec:\n';
      for (let i = 1; i <= 10; i++) block += nested(i);
      assert.throws(() => parseManifests(block, 'b.yaml', small), /error: b\.yaml:12: nested more than 8 levels deep/);
      const flow = `apiVersion: v1\nkind: Pod\nmetadata: {name: f}\nspec: ${'['.repeat(20)}${']'.repeat(20)}\n`;
      assert.throws(() => parseManifests(flow, 'f.yaml', small), /error: f\.yaml:4: nested more than 8 levels deep/);
      const json = `{"apiVersion": "v1", "kind": "Pod",\n"spec": ${'['.repeat(20)}${']'.repeat(20)}}`;
      assert.throws(() => parseManifests(json, 'j.json', small), /error: j\.json:2: nested more than 8 levels deep/);
      // Brackets inside strings are not nesting.
      assert.equal(parseManifests(`{"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "${'[{'.repeat(50)}\\"["}}`, 's.json', small).length, 1);
    });

    it('nesting up to the real limit reads (the composer and every later step stay within the stack)', () => {
      const n = MANIFEST_LIMITS.maxDepth - 3;
      const flow = `apiVersion: v1\nkind: Pod\nmetadata: {name: f}\nspec:\n  x: ${'['.repeat(n)}${']'.repeat(n)}\n`;
      assert.equal(parseManifests(flow, 'ok.yaml').length, 1);
      const deeper = `apiVersion: v1\nkind: Pod\nmetadata: {name: f}\nspec:\n  x: ${'['.repeat(100_000)}${']'.repeat(100_000)}\n`;
      assert.throws(() => parseManifests(deeper, 'deep.yaml'), /error: deep\.yaml:5: nested more than 256 levels deep/);
    });

    it('an alias bomb', () => {
      let bomb = 'apiVersion: v1\nkind: Pod\nmetadata: {name: b}\nspec:\n  a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n';
      for (let i = 1; i < 9; i++)
        bomb += `  a${i}: &a${i} [${Array(10)
          .fill(`*a${i - 1}`)
          .join(', ')}]\n`;
      assert.throws(() => parseManifests(bomb, 'bomb.yaml'), /error: bomb\.yaml:1: too many YAML alias expansions in one document/);
      // Ordinary anchors still read.
      const anchors = 'apiVersion: v1\nkind: Pod\nmetadata: {name: m, labels: &l {app: web}}\nspec:\n  one: *l\n  two: [*l, *l]\n';
      assert.deepEqual(parseManifests(anchors, 'm.yaml')[0].object.spec, {one: {app: 'web'}, two: [{app: 'web'}, {app: 'web'}]});
      // As go-yaml v2 reads it for kubectl, a plain `y` key is the boolean true, so its key is "true".
      assert.deepEqual(parseManifests('apiVersion: v1\nkind: Foo\ny: 1\n', 'y.yaml')[0].object.true, 1);
    });

    it('document size: a YAML document over the limit, with the line it starts on; smaller documents around it read', () => {
      const big = `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: big}\ndata:\n${Array.from({length: 200}, (_, i) => `  k${i}: ${'v'.repeat(20)}\n`).join('')}`;
      assert.throws(
        () => parseManifests(`${pod('a')}---\n${big}`, 'big.yaml', small),
        /error: big\.yaml:9: a YAML document of \d+ bytes, more than the 2048 bytes this reader takes/,
      );
      assert.equal(parseManifests(`${pod('a')}---\n${pod('b')}---\n${pod('c')}---\n${pod('d')}---\n${pod('e')}---\n${pod('f')}`, 'many.yaml', small).length, 6);
    });

    it('reads one document at a time: the line of each object, across many documents', () => {
      const text = Array.from({length: 300}, (_, i) => pod(`p${i}`)).join('---\n');
      const objs = parseManifests(text, 'many.yaml');
      assert.equal(objs.length, 300);
      assert.deepEqual(
        objs.slice(0, 3).map((o) => o.origin.line),
        [1, 10, 19],
      );
      assert.equal(objs[299].origin.line, 1 + 299 * 9);
    });
  });

  describe('unreadable paths are input errors naming the path', () => {
    it('a dangling symbolic link among the manifests of a directory', () => {
      symlinkSync(join(dir, 'gone.yaml'), join(dir, 'link.yaml'));
      assert.throws(
        () => new ManifestSource({filenames: [dir], recursive: false}),
        (e: unknown) => e instanceof InputError && /link\.yaml/.test(e.message),
      );
    });

    it('a symbolic link loop given with -f', () => {
      symlinkSync(join(dir, 'loop'), join(dir, 'loop'));
      assert.throws(() => new ManifestSource({filenames: [join(dir, 'loop')], recursive: false}), /error: cannot read path .*loop: ELOOP/);
    });

    it('a FIFO met in a directory walk is refused instead of blocking the read', () => {
      execFileSync('mkfifo', [join(dir, 'pipe.yaml')]);
      assert.throws(() => new ManifestSource({filenames: [dir], recursive: false}), /pipe\.yaml: not a regular file/);
    });
  });

  describe('names with -f, as kubectl reads them', () => {
    const deployment = (name: string) =>
      `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: ${name}}\nspec:\n  selector: {matchLabels: {app: w}}\n  template:\n    metadata: {labels: {app: w}}\n    spec:\n      containers: [{name: c, image: i}]\n`;

    it('kind/name matches that kind only; a bare name is a Pod', async () => {
      writeFileSync(join(dir, 'w.yaml'), `${pod('web')}---\n${deployment('web')}---\n${deployment('api')}`);
      const s = new ManifestSource({filenames: [dir], recursive: false});
      const names = async (names: string[]) =>
        (await collect((await s.snapshot({pods: true, workloads: true, names})).workloads())).map((w) => `${w.kind}/${w.name}`);
      assert.deepEqual(await names(['deployment/web']), ['Deployment/web']);
      assert.deepEqual(await names(['deploy/api', 'web']), ['Pod/web', 'Deployment/api']);
      assert.deepEqual(await names(['deployments.apps/web']), ['Deployment/web']);
      await assert.rejects(s.snapshot({pods: true, workloads: true, names: ['statefulset/web']}), /error: statefulsets "web" not found in /);
      await assert.rejects(s.snapshot({pods: true, workloads: true, names: ['api']}), /error: pods "api" not found in /);
      await assert.rejects(s.snapshot({pods: true, workloads: true, names: ['service/web']}), /doesn't have a resource type "service"/);
    });
  });
});

function write(d: string, name: string, text: string): string {
  const p = join(d, name);
  writeFileSync(p, text);
  return p;
}
