// YAML read as kubectl reads it (go-yaml v2 through sigs.k8s.io/yaml), and directory runs that go
// on past a document that cannot be read. The same cases are held to a real kubectl in
// test/e2e/yaml-differential.test.ts.
import assert from 'node:assert/strict';
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {decodeManifestBytes, resolvePlainScalar} from '../../../src/source/kubectl-yaml.js';
import {readManifests} from '../../../src/source/manifest-parse.js';
import {ManifestSource} from '../../../src/source/manifest-source.js';
import {InputError} from '../../../src/errors.js';

const pod = (name: string) => `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${name}\nspec:\n  containers:\n  - name: c\n    image: i\n`;

describe('source/kubectl-yaml: YAML as kubectl reads it', () => {
  describe('plain scalars resolve as go-yaml v2 resolves them (resolve.go)', () => {
    const cases: Array<[string, unknown]> = [
      ['yes', true],
      ['Y', true],
      ['on', true],
      ['ON', true],
      ['TRUE', true],
      ['no', false],
      ['n', false],
      ['Off', false],
      ['yEs', 'yEs'],
      ['~', null],
      ['', null],
      ['Null', null],
      ['0777', 511],
      ['0o17', 15],
      ['0x1F', 31],
      ['+0x1F', 31],
      ['0b101', 5],
      ['-0b101', -5],
      ['1_000', 1000],
      ['08', 8],
      ['1e3', 1000],
      ['1.', 1],
      ['+.5', 0.5],
      ['.5', 0.5],
      ['._5', '._5'],
      ['1e400', '1e400'],
      ['2001-12-14', '2001-12-14'],
      ['190:20:30', '190:20:30'],
      ['-', '-'],
      ['0', 0],
      ['-9223372036854775808', -9223372036854775808],
      ['0x', '0x'],
      ['1_0.5', 10.5],
      ['12345678901234567890', Number('12345678901234567890')],
    ];
    for (const [scalar, want] of cases) it(`${JSON.stringify(scalar)} -> ${JSON.stringify(want)}`, () => assert.deepEqual(resolvePlainScalar(scalar), want));
    it('NaN and the infinities resolve (kubectl then refuses them)', () => {
      assert.ok(Number.isNaN(resolvePlainScalar('.NaN')));
      assert.equal(resolvePlainScalar('-.inf'), Number.NEGATIVE_INFINITY);
    });
  });

  describe('documents', () => {
    const data = (body: string) => readManifests(`apiVersion: v1\nkind: Foo\nmetadata: {name: x}\ndata:\n${body}`, 'f.yaml');
    it('quoted scalars continue on tab-indented and unindented lines, as go-yaml scans them', () => {
      const r = data('  a: "powershell -c \\"a;\n\tb\\""\n  b: \'x\n\t  y\'\n  c: "x\ny"\n  d: 1\n');
      assert.deepEqual(r.problems, []);
      assert.deepEqual(r.objects[0].object.data, {a: 'powershell -c "a; b"', b: 'x y', c: 'x y', d: 1});
    });
    it('a document marker still ends a quoted scalar (an error, as in go-yaml)', () => {
      assert.equal(data('  a: "x\n---\ny"\n').problems.length > 0, true);
    });
    it('quoted and tagged scalars stay strings; merge keys merge; a repeated key keeps the last', () => {
      const r = data('  a: "yes"\n  b: !!str 0x10\n  <<: {m: 1}\n  c: <<\n  d: 1\n  d: 2\n');
      assert.deepEqual(r.objects[0].object.data, {a: 'yes', b: '0x10', m: 1, c: '<<', d: 2});
    });
    it('.nan is a document kubectl cannot read, with its words', () => {
      assert.match(data('  a: .nan\n').problems[0].reason, /json: unsupported value: NaN/);
    });
    it('CRLF line ends read the same', () => {
      const r = readManifests(pod('crlf').replaceAll('\n', '\r\n'), 'w.yaml');
      assert.deepEqual(r.objects[0].object, readManifests(pod('crlf'), 'u.yaml').objects[0].object);
    });
  });

  describe('bytes: byte-order marks as cli-runtime decodes them', () => {
    const text = pod('bom');
    it('UTF-8 with a mark, UTF-16LE (PowerShell 5.1 >) and UTF-16BE with a mark, plain UTF-8', () => {
      assert.equal(decodeManifestBytes(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)])), text);
      assert.equal(decodeManifestBytes(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')])), text);
      assert.equal(decodeManifestBytes(Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(text, 'utf16le').swap16()])), text);
      assert.equal(decodeManifestBytes(Buffer.from(text)), text);
    });
  });

  describe('directory runs go on past a document that cannot be read', () => {
    let dir: string;
    beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'kw-goes-on-'))));
    afterEach(() => rmSync(dir, {recursive: true, force: true}));

    it('every other document is read; each bad one is a problem with file, line and reason', async () => {
      writeFileSync(join(dir, 'a.yaml'), `${pod('a1')}---\napiVersion: v1\nkind: Pod\nmetadata: {name: [\n---\n${pod('a2')}`);
      writeFileSync(join(dir, 'b.yaml'), 'just: a map\n');
      writeFileSync(join(dir, 'c.yaml'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(pod('c'), 'utf16le')]));
      const s = new ManifestSource({filenames: [dir], recursive: false});
      assert.deepEqual(
        s.objects.map((o) => o.object.metadata?.name),
        ['a1', 'a2', 'c'],
      );
      const snap = await s.snapshot({pods: true});
      assert.deepEqual(
        snap.inputErrors?.map((e) => [e.file.replace(`${dir}/`, ''), e.line, e.message.split(':')[0]]),
        [
          ['a.yaml', 13, 'invalid YAML'],
          ['b.yaml', 1, 'not a Kubernetes object'],
        ],
      );
    });

    it('nothing readable at all: one input error before any output, naming the first and counting the rest', () => {
      writeFileSync(join(dir, 'a.yaml'), 'just: a map\n');
      writeFileSync(join(dir, 'b.yaml'), 'x: [\n');
      assert.throws(
        () => new ManifestSource({filenames: [dir], recursive: false}),
        (e: unknown) => e instanceof InputError && /a\.yaml:1: not a Kubernetes object.*\(and 1 more document that could not be read\)$/.test(e.message),
      );
    });

    it('a clean directory has no input errors', async () => {
      writeFileSync(join(dir, 'a.yaml'), pod('a'));
      assert.equal((await new ManifestSource({filenames: [dir], recursive: false}).snapshot({pods: true})).inputErrors, undefined);
    });
  });
});
