import assert from 'node:assert/strict';
import {stringify} from 'yaml';
import {dataChunks, jsonChunks, renderData} from '../../../src/render/data.js';
import {Quantity} from '../../../src/k8s/quantity.js';
import {makeReport} from '../../../src/report/build.js';
import type {Report} from '../../../src/report/types.js';
import {prng} from '../../support/random.js';

function randomValue(rand: () => number, depth: number): unknown {
  const r = rand();
  if (depth > 3 || r < 0.3) {
    const leaves = [null, true, false, 0, -1.5, 1e21, '', 'a\nb "quoted" \\ \u2028 \t', 'ünïcödé', undefined];
    return leaves[Math.floor(rand() * leaves.length)];
  }
  if (r < 0.55) return Array.from({length: Math.floor(rand() * 4)}, () => randomValue(rand, depth + 1));
  const o: Record<string, unknown> = {};
  for (let i = 0; i < Math.floor(rand() * 4); i++) o[`k${i}\n"`] = randomValue(rand, depth + 1);
  return o;
}

const expected = (r: unknown) => JSON.stringify(r, null, 2) + '\n';

/** A report's members, each an array of generated values half the time, else one value. */
function generatedEnvelope(rand: () => number, value: (rand: () => number, depth: number) => unknown): Record<string, unknown> {
  const doc: Record<string, unknown> = {};
  for (const key of ['apiVersion', 'kind', 'source', 'items', 'findings', 'skipped', 'summary']) {
    doc[key] = rand() < 0.5 ? Array.from({length: Math.floor(rand() * 5)}, () => value(rand, 1)) : value(rand, 1);
  }
  return doc;
}

describe('render/data: -o json written in chunks', () => {
  it('joins to exactly JSON.stringify(report, null, 2) for a real report, whatever the chunk size', () => {
    const items = Array.from({length: 50}, (_, i) => ({
      kind: 'Pod',
      name: `p-${i}`,
      q: Quantity.parse('1536Mi'),
      nested: {list: [1, {a: `x\ny${i}`}], empty: [], obj: {}},
    }));
    const report = makeReport('QoSReport', {type: 'manifests', files: ['a.yaml']} as never, items, [
      {
        id: 'qos/windows-no-memory-limit',
        severity: 'warning',
        object: {kind: 'Pod', namespace: 'n', name: 'p-1'},
        field: 'spec',
        message: 'm "q"',
        source: 's',
      },
    ]);
    for (const size of [1, 7, 100, 1 << 16]) assert.equal([...jsonChunks(report, size)].join(''), expected(report), `chunk size ${size}`);
    assert.equal(renderData(report, 'json'), expected(report));
  });

  it('keeps chunks bounded: a large items array is not one string', () => {
    const items = Array.from({length: 2000}, (_, i) => ({name: `pod-${i}`, padding: 'x'.repeat(100)}));
    const report = makeReport('QoSReport', {type: 'cluster'} as never, items, []);
    const chunks = [...jsonChunks(report, 4096)];
    assert.ok(chunks.length > 25, `${chunks.length} chunks`);
    // A chunk is flushed once it passes the size; the slice that passed it is itself about one chunk.
    for (const c of chunks) assert.ok(c.length < 2 * 4096 + 400, `a chunk of ${c.length} characters`);
  });

  it('matches JSON.stringify on generated envelopes (empty arrays, undefined members, toJSON, escapes)', () => {
    const seed = 20261124;
    const rand = prng(seed);
    for (let n = 0; n < 300; n++) {
      const doc = generatedEnvelope(rand, randomValue);
      if (rand() < 0.1) doc.items = [{toJSON: () => 'custom'}, () => 1];
      const size = 1 + Math.floor(rand() * 64);
      assert.equal([...jsonChunks(doc as unknown as Report, size)].join(''), expected(doc), `seed ${seed}, document ${n}`);
    }
    assert.equal([...jsonChunks({} as Report)].join(''), expected({}));
  });
});

describe('render/data: -o yaml written in chunks', () => {
  const reference = (r: unknown) => stringify(r, {lineWidth: 0, aliasDuplicateObjects: false});
  const MULTI_LINE = [
    'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n',
    'two lines\nno break at the end',
    'blank lines\n\n\nbetween\n',
    '  leading blanks\nkeep an indicator\n',
    '\nleading break',
    'trailing blanks\n  ',
    'kept breaks\n\n',
    'a tab\n\tline\n',
    'control \u0007 character\nline',
    'ünïcödé\nline\n',
    '--- a marker\n...\n',
    'a: b\n# comment\n',
  ];

  function randomYamlValue(rand: () => number, depth: number): unknown {
    const r = rand();
    if (depth > 3 || r < 0.3) {
      const leaves = [null, true, false, 0, -1.5, 1e21, '', '500m', 'no cpu or memory requests or limits', 'a: b', 'it\'s "x"', ...MULTI_LINE, undefined];
      return leaves[Math.floor(rand() * leaves.length)];
    }
    if (r < 0.55) return Array.from({length: Math.floor(rand() * 4)}, () => randomYamlValue(rand, depth + 1));
    const o: Record<string, unknown> = {};
    for (let i = 0; i < Math.floor(rand() * 4); i++) o[['b', 'a', '10', 'key: x', 'k'][Math.floor(rand() * 5)] + i] = randomYamlValue(rand, depth + 1);
    return o;
  }

  it('joins to exactly what the yaml library writes for a real report, whatever the chunk size', () => {
    const items = Array.from({length: 50}, (_, i) => ({
      kind: 'Pod',
      name: `p-${i}`,
      q: Quantity.parse('1536Mi'),
      manifest: `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p-${i}\n`,
      nested: {list: [1, {a: `x\ny${i}`}], empty: [], obj: {}},
    }));
    const report = makeReport('QoSReport', {type: 'manifests', files: ['a.yaml']} as never, items, []);
    for (const size of [1, 7, 100, 1 << 16]) assert.equal([...dataChunks(report, 'yaml', size)].join(''), reference(report), `chunk size ${size}`);
    assert.equal(renderData(report, 'yaml'), reference(report));
    assert.ok([...dataChunks(report, 'yaml', 1024)].length > 3, 'the items are written a few at a time');
  });

  it('matches the yaml library on generated envelopes (multi-line strings, empty arrays, undefined members, toJSON)', () => {
    const seed = 20261207;
    const rand = prng(seed);
    for (let n = 0; n < 500; n++) {
      const doc = generatedEnvelope(rand, randomYamlValue);
      if (rand() < 0.1) doc.items = [{toJSON: () => 'custom'}, new Date(0), Quantity.parse('1Gi'), [undefined], null];
      const size = 1 + Math.floor(rand() * 64);
      assert.equal([...dataChunks(doc as unknown as Report, 'yaml', size)].join(''), reference(doc), `seed ${seed}, document ${n}`);
    }
    assert.equal(renderData({} as Report, 'yaml'), reference({}));
  });
});
