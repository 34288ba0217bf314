// yamlBlock must write what yaml's stringify writes, byte for byte: checked on real manifests and on
// generated data with the strings that change a scalar's style (numbers, booleans, indicators,
// quotes, colons, document markers, line breaks, unicode) as keys and values at every depth.
import assert from 'node:assert/strict';
import {readdirSync, readFileSync} from 'node:fs';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {setFlagsFromString} from 'node:v8';
import {runInNewContext} from 'node:vm';
import {parseAllDocuments, stringify} from 'yaml';
import {AS_GIVEN, yamlBlock, yamlMember, yamlMemberItem} from '../../../src/util/yaml-block.js';

const OPTIONS = {lineWidth: 0, sortMapEntries: true, aliasDuplicateObjects: false} as const;
const reference = (v: unknown) => stringify(v, OPTIONS);

const TRICKY = [
  '',
  ' ',
  'a',
  'iis',
  'true',
  'True',
  'TRUE',
  'false',
  'null',
  'Null',
  '~',
  'yes',
  'no',
  'on',
  'off',
  'y',
  '0',
  '-1',
  '+1',
  '007',
  '0o17',
  '0x1F',
  '1.5',
  '.5',
  '1e3',
  '-.inf',
  '.nan',
  '.NaN',
  '1_000',
  '12:30',
  '2026-12-06',
  'a: b',
  'a:b',
  'a:',
  ':a',
  'a #b',
  'a#b',
  '#a',
  '- a',
  '-',
  '-a',
  '?',
  '? a',
  '?a',
  '[a]',
  '{a}',
  'a,b',
  '&a',
  '*a',
  '!a',
  '|',
  '>',
  "'a'",
  '"a"',
  "it's",
  'say "hi"',
  `both ' and "`,
  '%a',
  '@a',
  '`a',
  '---',
  '--- a',
  '...',
  'a ',
  ' a',
  'a\tb',
  '\ta',
  'line\nbreak',
  'trailing\n',
  '\nlead',
  'blank lines\n\n\nbetween\n',
  'kept breaks\n\n',
  'trailing blank\n ',
  '  leading blanks\nline\n',
  'a: b\n# not a comment\n- not an item',
  'apiVersion: v1\nkind: Pod\n---\nkind: Service\n',
  'a tab\n\tline',
  'a\r\nb',
  'é',
  'Ünïcödé',
  '日本',
  'emoji 🙂',
  '\u0000',
  '\u0007',
  '\u001b[0m',
  // The edges of printable ASCII, alone, in a sentence and over lines.
  '\u007f',
  'a sentence \u007f',
  '~ a sentence ~',
  'line one\nline \u007f two\n',
  'line one\nline ~ two\n',
  'line one\nligne é deux\n',
  'line one\u2028line two\n',
  '\\',
  'a\\b',
  'kubernetes.io/os',
  'C:\\Windows',
  '/var/run',
  'LimitRanger plugin set: memory request for container iis',
  'k'.repeat(1100),
  'NaN',
  'Infinity',
  '=',
  '<<',
];

/** A small deterministic generator (no Math.random: the cases are the same every run). */
function generator(seed: number, strings: readonly string[]) {
  let s = seed;
  const next = () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)];
  const scalar = (): unknown =>
    pick<() => unknown>([
      () => pick(strings),
      () => Math.floor(next() * 2000) - 1000,
      () => next() * 100,
      () => next() > 0.5,
      () => null,
      () => -0,
      () => 1e21,
    ])();
  const value = (depth: number): unknown => {
    const r = next();
    if (depth > 3 || r < 0.5) return scalar();
    if (r < 0.75) return Array.from({length: Math.floor(next() * 4)}, () => value(depth + 1));
    const obj: Record<string, unknown> = {};
    for (let i = Math.floor(next() * 5); i > 0; i--) obj[pick(strings)] = next() < 0.1 ? undefined : value(depth + 1);
    return obj;
  };
  return value;
}

describe('util/yaml-block', () => {
  it('writes the example manifests as yaml does', () => {
    const root = fileURLToPath(new URL('../../../examples', import.meta.url));
    let compared = 0;
    for (const dir of readdirSync(root)) {
      for (const file of readdirSync(join(root, dir)).filter((f) => /\.ya?ml$/.test(f))) {
        for (const doc of parseAllDocuments(readFileSync(join(root, dir, file), 'utf8'))) {
          const obj = (doc as {toJS(): unknown}).toJS();
          assert.equal(yamlBlock(obj), reference(obj), `${dir}/${file}`);
          compared++;
        }
      }
    }
    assert.ok(compared > 20, `only ${compared} documents`);
  });

  it('writes 3,000 generated documents as yaml does', () => {
    // Half from every string, half from those it writes itself (the rest send a document to yaml whole).
    const own = TRICKY.filter((t) => ![...t].some((c) => c < ' ' && c !== '\n' && c !== '\t') && !/^(%|---|\.\.\.)|^\s|\s$/.test(t) && t.length < 1000);
    for (const value of [generator(23, TRICKY), generator(25, own)]) {
      for (let i = 0; i < 1500; i++) {
        const v = value(0);
        assert.equal(yamlBlock(v), reference(v), JSON.stringify(v));
      }
    }
  });

  it('writes every tricky string as a key and as a value, in maps and sequences, as yaml does', () => {
    for (const s of TRICKY) {
      for (const v of [{[s]: s}, {a: {[s]: [s, {[s]: s}]}}, [s, [s], {k: s}], {list: [[s]], empty: {}, none: []}]) {
        assert.equal(yamlBlock(v), reference(v), JSON.stringify(v));
      }
    }
  });

  it('writes a map whose values are all undefined, and a map without a prototype, as yaml does', () => {
    const bare = Object.assign(Object.create(null) as Record<string, unknown>, {b: 1, a: [{}, []]});
    for (const v of [{a: {b: undefined}, c: [{d: undefined}]}, {a: undefined, b: {}}, bare, {nested: bare}]) {
      assert.equal(yamlBlock(v), reference(v), JSON.stringify(v));
    }
  });

  it('writes maps of one set of keys in any order, again and again, and past 16,384 distinct key sequences, as yaml does', () => {
    // The writer remembers each sequence of keys it met (src/util/yaml-block.ts Shape) and starts
    // again past its bound: the answer must never depend on what it met before.
    const orders = [
      {b: 1, a: 2, c: {z: 1, y: [2]}},
      {a: 2, c: {y: [2], z: 1}, b: 1},
      {c: {z: undefined, y: []}, b: undefined, a: 2},
      {c: {z: undefined}, a: undefined, b: 'x'},
    ];
    for (let round = 0; round < 3; round++) for (const v of orders) assert.equal(yamlBlock(v), reference(v), JSON.stringify(v));
    const many = Array.from({length: 20_000}, (_, i) => ({[`k${i}`]: i, [`a${i % 7}`]: 'v', '10': i % 3 === 0 ? undefined : 1, '9': {}}));
    for (const v of many) assert.equal(yamlBlock(v), reference(v), JSON.stringify(v));
    for (const v of orders) assert.equal(yamlBlock(v), reference(v), JSON.stringify(v));
  });

  it('returns a block as one flat string, not the tree of pieces it was grown from', () => {
    // Kept (a finding's corrected manifest), the pieces were about 6x the text: measured on V8's heap.
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const env = Array.from({length: 40}, (_, i) => ({name: `VARIABLE_${i}`, value: `value-${i}`}));
    const pod = (i: number) => ({apiVersion: 'v1', kind: 'Pod', metadata: {name: `web-${i}`}, spec: {containers: [{name: 'iis', image: 'iis:ltsc2022', env}]}});
    gc();
    const before = process.memoryUsage().heapUsed;
    const kept = Array.from({length: 2000}, (_, i) => yamlBlock(pod(i)));
    gc();
    const grown = process.memoryUsage().heapUsed - before;
    const text = kept.reduce((n, s) => n + s.length, 0);
    assert.ok(grown < 2 * text, `${grown} bytes of heap for ${text} characters`);
  });

  it('leaves what JSON would not carry to yaml', () => {
    for (const v of [{d: new Date(0)}, {m: new Map([['a', 1]])}, [undefined, 1], 'top', 5, null, {}, []]) assert.equal(yamlBlock(v), reference(v));
  });

  it('writes a member of a top-level map, and an item of its sequence member, with the keys in their own order, as yaml does', () => {
    const given = (v: Record<string, unknown>) =>
      Object.entries(v)
        .map(([k, x]) => yamlMember(k, x))
        .join('') || '{}\n';
    const items = (list: readonly unknown[]) => `items:\n${list.map((x) => yamlMemberItem(x)).join('')}`;
    const value = generator(27, TRICKY);
    for (let i = 0; i < 1500; i++) {
      const v = {z: value(0), a: value(0), '10': value(0)};
      assert.equal(given(v), stringify(v, AS_GIVEN), JSON.stringify(v));
      const list = [value(0), value(0)].map((x) => (x === undefined ? null : x));
      assert.equal(items(list), stringify({items: list}, AS_GIVEN), JSON.stringify(list));
    }
    for (const s of TRICKY) {
      const v = {[s]: s, b: {[s]: [s, {z: s, [s]: s}]}};
      assert.equal(given(v), stringify(v, AS_GIVEN), JSON.stringify(v));
      assert.equal(items([s, v, [s]]), stringify({items: [s, v, [s]]}, AS_GIVEN), JSON.stringify(s));
    }
  });
});
