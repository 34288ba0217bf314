import assert from 'node:assert/strict';
import {failsOn, makeReport, summarize} from '../../../src/report/build.js';
import type {CheckId} from '../../../src/report/all-checks.js';
import {finding} from '../../../src/report/finding.js';

// One check of each severity (the catalogue decides it).
const ERROR: CheckId = 'qos/invalid-quantity';
const WARNING: CheckId = 'qos/windows-no-memory-limit';
const INFO: CheckId = 'psp/can-tighten';
const f = (id: CheckId, name = 'p') => finding(id, {object: {kind: 'Pod', namespace: 'ns', name}, message: id});

describe('report/build', () => {
  it('builds the envelope with a summary and most severe findings first', () => {
    const r = makeReport('QoSReport', {type: 'manifests', files: ['a.yaml']}, [{x: 1}], [f(INFO), f(ERROR), f(WARNING)]);
    assert.equal(r.apiVersion, 'kubectl-win/v1');
    assert.equal(r.kind, 'QoSReport');
    assert.deepEqual(r.summary, {error: 1, warning: 1, info: 1});
    assert.deepEqual(
      r.findings.map((x) => x.severity),
      ['error', 'warning', 'info'],
    );
    assert.deepEqual(r.skipped, []);
  });

  it("lists the failed reads in one order whichever failed first, then the analysis's own entries as given", () => {
    const nodes = {check: 'read/nodes', reason: 'forbidden: cannot list nodes'};
    const runtimeClasses = {check: 'read/runtimeclasses', reason: 'forbidden: cannot list runtimeclasses'};
    const secretsA = {check: 'read/secrets', reason: 'forbidden: cannot list secrets in namespace "a"'};
    const secretsB = {check: 'read/secrets', reason: 'forbidden: cannot list secrets in namespace "b"'};
    const own = {check: 'qos/windows-cpu-limit-above-node', reason: 'nodes could not be read'};
    const other = {check: 'gmsa/crd-missing', reason: 'not read'};
    const arrivals = [
      [nodes, runtimeClasses, secretsB, secretsA, own, other],
      [secretsA, runtimeClasses, secretsB, nodes, own, other],
      [runtimeClasses, own, secretsB, nodes, other, secretsA],
    ];
    for (const skipped of arrivals) {
      const r = makeReport('QoSReport', {type: 'manifests', files: []}, [], [], skipped);
      assert.deepEqual(r.skipped, [nodes, runtimeClasses, secretsA, secretsB, own, other]);
    }
    assert.deepEqual(makeReport('QoSReport', {type: 'manifests', files: []}, [], []).skipped, []);
  });

  it('--fail-on decides exit 1 by severity threshold', () => {
    const s = summarize([f(WARNING)]);
    assert.equal(failsOn(s, 'error'), false);
    assert.equal(failsOn(s, 'warning'), true);
    assert.equal(failsOn(s, 'info'), true);
    assert.equal(failsOn(s, 'none'), false);
    assert.equal(failsOn(summarize([f(ERROR)]), 'error'), true);
    assert.equal(failsOn(summarize([f(INFO)]), 'warning'), false);
  });
});
