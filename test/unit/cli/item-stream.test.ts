// -o json and -o yaml with items written during the pass (src/cli/item-stream.ts): the bytes are those
// of the whole report written at once, for the analyses that hand their items over (qos, lint) and
// those that do not, and the report's items are let go as they are written.
import assert from 'node:assert/strict';
import {Writable} from 'node:stream';
import {parse, stringify} from 'yaml';
import {ItemStream, UNFINISHED_YAML, type StreamedFormat} from '../../../src/cli/item-stream.js';
import {objectNames} from '../../../src/cli/name-output.js';
import {renderGithub} from '../../../src/render/github.js';
import {renderJunit} from '../../../src/render/junit.js';
import {renderSarif} from '../../../src/render/sarif.js';
import {lintAnalysis} from '../../../src/analyses/lint/analysis.js';
import {qosAnalysis} from '../../../src/analyses/qos/analysis.js';
import {nodesAnalysis} from '../../../src/analyses/nodes/analysis.js';
import {runAnalysis, type Analysis, type ReportHead} from '../../../src/analyses/types.js';
import type {KubeObject} from '../../../src/k8s/object.js';
import type {Snapshot, Workload} from '../../../src/k8s/snapshot.js';
import {toWorkload} from '../../../src/source/workloads.js';
import type {Report} from '../../../src/report/types.js';

/** A writable that keeps what it is given; past its small high-water mark it says "full", so drain is awaited. */
class Collect extends Writable {
  text = '';
  writes = 0;
  override _write(chunk: Buffer, _enc: string, done: () => void): void {
    this.text += chunk.toString();
    this.writes++;
    setImmediate(done);
  }
}

function pod(i: number): KubeObject {
  const limits = i % 3 === 0 ? {cpu: '1', memory: '1Gi'} : undefined;
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {name: `p-${i}`, namespace: `ns-${i % 7}`, uid: `u-${i}`},
    spec: {
      os: {name: 'windows'},
      nodeName: 'win-0',
      containers: [{name: 'c', image: 'mcr.microsoft.com/windows/nanoserver:ltsc2022', resources: limits ? {limits} : {}}],
    },
    status: {phase: 'Running', qosClass: limits ? 'Guaranteed' : 'BestEffort'},
  };
}

function snapshotOf(n: number): Snapshot {
  const node: KubeObject = {apiVersion: 'v1', kind: 'Node', metadata: {name: 'win-0', labels: {'kubernetes.io/os': 'windows'}}, status: {capacity: {cpu: '4'}}};
  return {
    source: {type: 'cluster', context: 'c', server: 'https://127.0.0.1:1'},
    objects: {nodes: [node], limitranges: [], runtimeclasses: []},
    skipped: [],
    async *workloads(): AsyncGenerator<Workload> {
      for (let i = 0; i < n; i++) yield toWorkload(pod(i), 'ns')!;
    },
  };
}

const WHOLE = {
  json: (report: Report) => JSON.stringify(report, null, 2) + '\n',
  // What -o yaml wrote before it streamed: the library's stringify of the whole report.
  yaml: (report: Report) => stringify(report, {lineWidth: 0, aliasDuplicateObjects: false}),
  name: (report: Report) => objectNames(report, undefined),
};

async function bothWays(
  analysis: Analysis<unknown, unknown>,
  n: number,
  chunkSize: number,
  format: StreamedFormat = 'json',
): Promise<{whole: string; streamed: string; report: Report; stream: ItemStream}> {
  const caps = {mode: 'cluster' as const};
  const whole = WHOLE[format](await runAnalysis(analysis, snapshotOf(n), {}, caps));
  const out = new Collect({highWaterMark: 256});
  const stream = new ItemStream(format, out as never, chunkSize);
  const report = await runAnalysis(analysis, snapshotOf(n), {}, caps, stream);
  if (stream.started) await stream.finish(report);
  return {whole, streamed: out.text, report, stream};
}

describe('cli/item-stream: -o json and -o yaml with the items written as they are made', function () {
  this.timeout(60_000);

  for (const [name, analysis] of [
    ['qos', qosAnalysis],
    ['lint', lintAnalysis],
  ] as const) {
    for (const format of ['json', 'yaml', 'name'] as const) {
      for (const n of [0, 1, 63, 64, 65, 1000]) {
        it(`${name} -o ${format}, ${n} pods: the same bytes as the whole report, and the report keeps only the last items`, async () => {
          const {whole, streamed, report, stream} = await bothWays(analysis as Analysis<unknown, unknown>, n, 512, format);
          assert.equal(stream.started, n >= 64, 'items are handed over every 64 pods');
          if (!stream.started) return;
          assert.equal(streamed, whole);
          assert.ok(report.items.length < 64, `${report.items.length} items kept`);
          const written = format === 'name' ? streamed.split('\n').slice(0, -1) : (format === 'json' ? JSON.parse(streamed) : parse(streamed)).items;
          assert.equal(written.length, n);
        });
      }
    }
  }

  it('an analysis that makes its items at the end (nodes) is not streamed: emit writes the report whole', async () => {
    const {stream, report} = await bothWays(nodesAnalysis as Analysis<unknown, unknown>, 200, 512);
    assert.equal(stream.started, false);
    assert.equal(report.items.length, 1);
  });

  it('refuses to close a document whose report does not begin as its items did', async () => {
    const out = new Collect();
    const stream = new ItemStream('json', out as never);
    await stream.write({apiVersion: 'kubectl-win/v1', kind: 'QoSReport', source: {type: 'manifests', files: []}}, [{a: 1}]);
    const report = {apiVersion: 'kubectl-win/v1', kind: 'LintReport', source: {type: 'manifests', files: []}, items: []} as unknown as Report;
    await assert.rejects(stream.finish(report), /does not begin as its streamed items did/);
    const reordered = {apiVersion: 'kubectl-win/v1', kind: 'QoSReport', items: [], source: {type: 'manifests', files: []}} as unknown as Report;
    await assert.rejects(stream.finish(reordered), /does not begin as its streamed items did/);
  });

  it('a document a failed run began does not parse: JSON is left unclosed, YAML gets a line no parser accepts', async () => {
    const head: ReportHead = {apiVersion: 'kubectl-win/v1', kind: 'QoSReport', source: {type: 'manifests', files: []}};
    for (const format of ['json', 'yaml'] as const) {
      const out = new Collect();
      const stream = new ItemStream(format, out as never, 16);
      await stream.write(head, [{name: 'a', manifest: 'kind: Pod\n'}]);
      let heard = 0;
      assert.equal(
        stream.abandon(() => heard++),
        format === 'yaml',
        'only YAML needs a line of its own',
      );
      assert.equal(stream.abandon(), false, 'once');
      await stream.write(head, [{name: 'b'}]);
      await stream.finish({...head, items: [{name: 'c'}], findings: []} as unknown as Report);
      await new Promise((resolve) => out.end(resolve));
      const begun = out.text;
      assert.ok(!/name: b|"b"|name: c|"c"/.test(begun), 'nothing is written after it');
      assert.equal(heard, format === 'yaml' ? 1 : 0, 'the caller hears when the last line is out');
      if (format === 'yaml') {
        assert.ok(begun.endsWith(UNFINISHED_YAML) && begun.indexOf(UNFINISHED_YAML) === begun.length - UNFINISHED_YAML.length, 'written once, last');
        assert.deepEqual(parse(begun.slice(0, -UNFINISHED_YAML.length)).items, [{name: 'a', manifest: 'kind: Pod\n'}], 'without it, the part would parse');
        assert.throws(() => parse(begun));
      } else assert.throws(() => JSON.parse(begun));
    }
  });

  it('a finished document is never marked unfinished', async () => {
    const out = new Collect();
    const stream = new ItemStream('yaml', out as never);
    await stream.write({apiVersion: 'kubectl-win/v1', kind: 'QoSReport', source: {type: 'manifests', files: []}}, [{a: 1}]);
    const report = {apiVersion: 'kubectl-win/v1', kind: 'QoSReport', source: {type: 'manifests', files: []}, items: [], findings: []} as unknown as Report;
    await stream.finish(report);
    stream.abandon();
    await new Promise((resolve) => out.end(resolve));
    assert.deepEqual(parse(out.text), {...report, items: [{a: 1}]});
  });

  it('-o sarif, junit and github print no items: with the items let go as they are handed over, the same output', async () => {
    const caps = {mode: 'cluster' as const};
    const ci = (report: Report) => [
      renderSarif(report, {version: '1.0.0', command: 'qos', cwd: '/work', executionSuccessful: true, fixes: new Map()}),
      renderJunit(report, {command: 'kubectl win qos', failOn: 'warning'}),
      renderGithub(report),
    ];
    let findings = 0;
    for (const analysis of [qosAnalysis, lintAnalysis] as Array<Analysis<unknown, unknown>>) {
      const whole = await runAnalysis(analysis, snapshotOf(1000), {}, caps);
      let dropped = 0;
      const report = await runAnalysis(analysis, snapshotOf(1000), {}, caps, {write: (_head, items) => void (dropped += items.length)});
      assert.ok(dropped > 900 && report.items.length < 64, `${dropped} items let go, ${report.items.length} kept`);
      findings += whole.findings.length;
      assert.deepEqual(ci(report), ci(whole));
    }
    assert.ok(findings > 0, 'the fleet has findings to print');
  });
});
