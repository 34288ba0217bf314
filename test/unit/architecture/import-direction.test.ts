// Source -> Snapshot -> Analysis -> Report -> View -> Renderer, held true: the real imports of the
// repository go only the way test/unit/architecture/layers.ts allows, and a planted upward import is caught.
import assert from 'node:assert/strict';
import {join} from 'node:path';
import {EXCEPTIONS, importEdges, importViolations, violationsOf, type Edge, type Exception} from './layers.js';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const FIXTURE = join(import.meta.dirname, 'fixture');

describe('import direction', () => {
  let edges: Edge[] = [];
  before(() => {
    edges = importEdges(ROOT);
  });
  const found = (planted: Edge[]) => violationsOf([...edges, ...planted]).map((v) => `${v.from} -> ${v.to}: ${v.why}`);

  it('the repository imports only downward (or through a listed exception with its reason)', () => {
    assert.deepEqual(violationsOf(edges), []);
  });

  it('walks every checked folder, static, re-export and dynamic imports alike', () => {
    const has = (from: string, to: string) => edges.some((e) => e.from === from && e.to === to);
    assert.ok(has('src/cli/main.ts', 'commands/registry.ts'), 'static, into commands/');
    assert.ok(has('src/report/types.ts', 'src/k8s/snapshot.ts'), 'import and re-export');
    assert.ok(has('commands/gmsa/nltest.ts', 'src/source/named-pods.ts'), 'dynamic');
    assert.ok(has('scripts/demo.ts', 'harness/start.ts') && has('bench/run.ts', 'harness/index.ts'), 'scripts/ and bench/ use the harness');
    assert.ok(has('test/unit/cli/startup.test.ts', 'scripts/build.mjs'), '.mjs');
  });

  it('every listed exception is still needed', () => {
    const used = new Set<Exception>();
    violationsOf(edges, EXCEPTIONS, used);
    assert.deepEqual(
      EXCEPTIONS.filter((e) => !used.has(e)).map((e) => e.why),
      [],
    );
  });

  it('fails on an upward import planted into the real graph, in any layer', () => {
    assert.deepEqual(found([{from: 'src/k8s/qos.ts', to: 'src/source/cluster-source.ts'}]), [
      'src/k8s/qos.ts -> src/source/cluster-source.ts: k8s may import only util, base',
    ]);
    assert.deepEqual(found([{from: 'src/errors.ts', to: 'src/cli/exit-codes.ts'}]), [
      'src/errors.ts -> src/cli/exit-codes.ts: base may import nothing outside itself',
    ]);
    assert.deepEqual(found([{from: 'src/source/open.ts', to: 'src/report/build.ts'}]), [
      'src/source/open.ts -> src/report/build.ts: source may import only k8s, util, base',
    ]);
    assert.deepEqual(found([{from: 'src/analyses/nltest/targets.ts', to: 'src/source/name-args.ts'}]), [
      'src/analyses/nltest/targets.ts -> src/source/name-args.ts: analyses may import only report, render, k8s, util, base',
    ]);
    assert.deepEqual(found([{from: 'src/analyses/qos/analysis.ts', to: 'node:readline'}]), [
      'src/analyses/qos/analysis.ts -> node:readline: analyses do no I/O',
    ]);
  });

  it('fails when anything outside test/ imports test/, or the product imports its tooling', () => {
    assert.deepEqual(found([{from: 'scripts/demo.ts', to: 'test/e2e/cli.ts'}]), [
      'scripts/demo.ts -> test/e2e/cli.ts: scripts/ may import only src/, commands/, harness/',
    ]);
    assert.deepEqual(found([{from: 'harness/index.ts', to: 'test/support/random.ts'}]), [
      'harness/index.ts -> test/support/random.ts: harness/ may import only src/',
    ]);
    assert.deepEqual(found([{from: 'bench/run.ts', to: 'test/e2e/harness/index.ts'}]), [
      'bench/run.ts -> test/e2e/harness/index.ts: bench/ may import only src/, commands/, harness/, scripts/',
    ]);
    assert.deepEqual(found([{from: 'src/cli/main.ts', to: 'harness/build.ts'}]), ['src/cli/main.ts -> harness/build.ts: src/ may import only commands/']);
  });

  it('fails on files planted on disk: an upward import, an analysis reading a file and one importing a concrete source (static or dynamic)', () => {
    const planted = importViolations(FIXTURE)
      .map((v) => `${v.from} -> ${v.to}`)
      .sort();
    assert.deepEqual(planted, [
      'src/analyses/demo/reads-a-file.ts -> node:fs',
      'src/analyses/demo/reads-a-file.ts -> src/source/cluster-source.ts',
      'src/k8s/planted.ts -> src/analyses/demo/reads-a-file.ts',
    ]);
  });

  it('an exception lets exactly the import it names through', () => {
    const exception = {from: /^src\/k8s\/planted\.ts$/, to: /^src\/analyses\//, why: 'test'};
    const left = importViolations(FIXTURE, [exception]).map((v) => v.to);
    assert.ok(!left.includes('src/analyses/demo/reads-a-file.ts'));
    assert.ok(left.includes('node:fs'));
  });
});
