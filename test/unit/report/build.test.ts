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
