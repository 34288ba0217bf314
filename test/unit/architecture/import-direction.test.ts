// Source -> Snapshot -> Analysis -> Report -> View -> Renderer, held true: the real imports of src/
// go only the way test/unit/architecture/layers.ts allows, and a planted upward import is caught.
import assert from 'node:assert/strict';
import {join} from 'node:path';
import {EXCEPTIONS, importViolations, type Exception} from './layers.js';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const FIXTURE = join(import.meta.dirname, 'fixture');

describe('import direction', () => {
  it('src/ imports only downward (or through a listed exception with its reason)', () => {
    assert.deepEqual(importViolations(ROOT), []);
  });

  it('every listed exception is still needed', () => {
    const used = new Set<Exception>();
    importViolations(ROOT, EXCEPTIONS, used);
    assert.deepEqual(EXCEPTIONS.filter((e) => !used.has(e)).map((e) => e.why), []);
  });

  it('fails on a planted upward import, an analysis reading a file and one importing a concrete source (static or dynamic)', () => {
    const found = importViolations(FIXTURE).map((v) => `${v.from} -> ${v.to}`).sort();
    assert.deepEqual(found, [
      'src/analyses/demo/reads-a-file.ts -> node:fs',
      'src/analyses/demo/reads-a-file.ts -> src/source/cluster-source.ts',
      'src/k8s/planted.ts -> src/analyses/demo/reads-a-file.ts',
    ]);
  });

  it('an exception lets exactly the import it names through', () => {
    const exception = {from: /^src\/k8s\/planted\.ts$/, to: /^src\/analyses\//, why: 'test'};
    const found = importViolations(FIXTURE, [exception]).map((v) => v.to);
    assert.ok(!found.includes('src/analyses/demo/reads-a-file.ts'));
    assert.ok(found.includes('node:fs'));
  });
});
