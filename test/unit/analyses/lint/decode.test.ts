import assert from 'node:assert/strict';
import {lintWorkload} from '../../../../src/analyses/lint/analysis.js';
import {evaluate} from '../../../../src/analyses/qos/analysis.js';
import type {KubeObject} from '../../../../src/k8s/object.js';
import {toWorkload} from '../../../../src/source/workloads.js';
import {winSpec} from './helpers.js';
import type {FieldValidation} from '../../../../src/k8s/decode.js';

const manifest = (spec: unknown, kind = 'Pod'): KubeObject =>
  kind === 'Pod'
    ? {apiVersion: 'v1', kind, metadata: {name: 'p', namespace: 'ns'}, spec}
    : {
        apiVersion: 'apps/v1',
        kind,
        metadata: {name: 'd', namespace: 'ns'},
        spec: {selector: {matchLabels: {a: 'b'}}, template: {metadata: {labels: {a: 'b'}}, spec}},
      };
const origin = {file: 'x.yaml', line: 1};
const lint = (obj: KubeObject, validation?: FieldValidation) => lintWorkload(toWorkload(obj, 'ns', origin)!, undefined, undefined, 37, validation);

describe('lint: decoding and unknown fields (manifests)', () => {
  it('an object the apiserver cannot decode is one error with its message, valid: false, and no other finding', () => {
    const r = lint(manifest({...winSpec(), containers: {name: 'a', image: 'x'}}));
    assert.equal(r.item.valid, false);
    assert.deepEqual(
      r.findings.map((f) => [f.id, f.severity, f.field, f.message]),
      [
        [
          'lint/undecodable',
          'error',
          'spec.containers',
          'Pod in version "v1" cannot be handled as a Pod: json: cannot unmarshal object into Go struct field PodSpec.spec.containers of type []v1.Container',
        ],
      ],
    );
  });

  it('an unparseable quantity is a decode error too (not only in qos)', () => {
    const r = lint(manifest(winSpec({}, {resources: {limits: {cpu: 'lots'}}}), 'Deployment'));
    assert.equal(r.item.valid, false);
    assert.equal(r.findings[0].id, 'lint/undecodable');
    assert.equal(r.findings[0].field, 'spec.template.spec.containers[0].resources.limits.cpu');
    assert.match(r.findings[0].message, /^Deployment in version "v1" cannot be handled as a Deployment: quantities must match/);
  });

  it('a Workload built without the decode pass still gets the decode error for a bad quantity, never a crash', () => {
    const w = {...toWorkload(manifest(winSpec({}, {resources: {limits: {memory: '2 GB'}}})), 'ns')!, admitted: false};
    assert.deepEqual(
      lintWorkload(w, undefined).findings.map((f) => f.id),
      ['lint/undecodable'],
    );
  });

  it('objects read from the apiserver (admitted) are not decoded or resource-checked again; the Windows rules still run', () => {
    const live = toWorkload(
      manifest(winSpec({securityContext: {windowsOptions: {runAsUserName: 'a\\b\\c'}}}, {resources: {limits: {'hugepages-2Mi': '2Mi'}}})),
      'ns',
    )!;
    assert.equal(live.admitted, true);
    assert.deepEqual(
      lintWorkload(live, undefined)
        .findings.filter((f) => f.severity === 'error')
        .map((f) => f.id),
      ['lint/run-as-username-invalid'],
    );
  });

  it('--validate=warn: misplaced Windows options are unknown-field warnings that say where they belong; the pod stays valid', () => {
    const r = lint(manifest(winSpec({windowsOptions: {runAsUserName: 'x'}}, {runAsUserName: 'ContainerUser'})), 'Warn');
    assert.equal(r.item.valid, true);
    const unknown = r.findings.filter((f) => f.id === 'lint/unknown-field');
    assert.deepEqual(
      unknown.map((f) => [f.severity, f.field, f.message]),
      [
        ['warning', 'spec.containers[0].runAsUserName', 'unknown field "spec.containers[0].runAsUserName"'],
        ['warning', 'spec.windowsOptions', 'unknown field "spec.windowsOptions"'],
      ],
    );
    assert.match(unknown[0].remedy!.text, /securityContext\.windowsOptions/);
    assert.match(unknown[1].remedy!.text, /Move windowsOptions under securityContext/);
  });

  it('--validate=strict (the default, as kubectl): each unknown field is an error worded as the 400, valid: false, and nothing is validated', () => {
    // The hugepages error would be a validation cause: the apiserver never gets that far.
    const obj = manifest(winSpec({windowsOptions: {runAsUserName: 'x'}}, {runAsUserName: 'ContainerUser', resources: {limits: {'hugepages-2Mi': '2Mi'}}}));
    for (const r of [lint(obj), lint(obj, 'Strict')]) {
      assert.equal(r.item.valid, false);
      assert.equal(r.item.errors, 2);
      assert.deepEqual(
        r.findings.map((f) => [f.id, f.severity, f.field, f.message]),
        [
          [
            'lint/unknown-field',
            'error',
            'spec.containers[0].runAsUserName',
            'Pod in version "v1" cannot be handled as a Pod: strict decoding error: unknown field "spec.containers[0].runAsUserName"',
          ],
          [
            'lint/unknown-field',
            'error',
            'spec.windowsOptions',
            'Pod in version "v1" cannot be handled as a Pod: strict decoding error: unknown field "spec.windowsOptions"',
          ],
        ],
      );
      assert.match(r.findings[1].remedy!.text, /Move windowsOptions under securityContext/);
    }
  });

  it('--validate=strict: a type error still wins over unknown fields (the decoder fails before strictness is judged)', () => {
    const r = lint(manifest({...winSpec(), hostNetwork: 'yes', nope: 1}), 'Strict');
    assert.deepEqual(
      r.findings.map((f) => f.id),
      ['lint/undecodable'],
    );
  });

  it('--validate=ignore: unknown fields are dropped silently and the rest is validated', () => {
    const r = lint(manifest(winSpec({windowsOptions: {runAsUserName: 'x'}}, {resources: {limits: {'hugepages-2Mi': '2Mi'}}})), 'Ignore');
    assert.equal(r.item.valid, false);
    assert.deepEqual(
      r.findings.filter((f) => f.id === 'lint/unknown-field'),
      [],
    );
    assert.ok(r.findings.some((f) => f.id === 'lint/hugepages-without-cpu-memory'));
  });

  it('strict, warn and ignore agree on an object with no unknown field', () => {
    const obj = manifest(winSpec({}, {resources: {limits: {'hugepages-2Mi': '2Mi'}}}));
    const [strict, warn, ignore] = (['Strict', 'Warn', 'Ignore'] as const).map((v) => lint(obj, v));
    assert.deepEqual(warn, strict);
    assert.deepEqual(ignore, strict);
  });

  it('resource errors make the pod invalid in lint and give it no QoS class in qos', () => {
    const obj = manifest(winSpec({}, {resources: {limits: {'hugepages-2Mi': '2Mi'}}}));
    const r = lint(obj);
    assert.equal(r.item.valid, false);
    assert.deepEqual(
      r.findings.filter((f) => f.severity === 'error').map((f) => [f.id, f.field, f.message]),
      [['lint/hugepages-without-cpu-memory', 'spec.containers[0].resources', 'Forbidden: HugePages require cpu or memory']],
    );
    const q = evaluate(toWorkload(obj, 'ns', origin)!, {minor: 34, nodes: new Map(), limitRanges: new Map()});
    assert.equal(q.item, undefined);
    assert.deepEqual(
      q.findings.map((f) => [f.id, f.message]),
      [['qos/invalid-resources', 'Forbidden: HugePages require cpu or memory']],
    );
  });
});
