import assert from 'node:assert/strict';
import {failsOn, makeReport, summarize} from '../../../src/report/build.js';
import type {Finding} from '../../../src/report/types.js';

const f = (id: string, severity: Finding['severity'], name = 'p'): Finding => ({id, severity, message: id, object: {kind: 'Pod', namespace: 'ns', name}});

describe('report/build', () => {
  it('builds the envelope with a summary and most severe findings first', () => {
    const r = makeReport('QoSReport', {type: 'manifests', files: ['a.yaml']}, [{x: 1}], [f('a/info', 'info'), f('a/err', 'error'), f('a/warn', 'warning')]);
    assert.equal(r.apiVersion, 'kubectl-win/v1');
    assert.equal(r.kind, 'QoSReport');
    assert.deepEqual(r.summary, {error: 1, warning: 1, info: 1});
    assert.deepEqual(r.findings.map((x) => x.severity), ['error', 'warning', 'info']);
    assert.deepEqual(r.skipped, []);
  });

  it('--fail-on decides exit 1 by severity threshold', () => {
    const s = summarize([f('a', 'warning')]);
    assert.equal(failsOn(s, 'error'), false);
    assert.equal(failsOn(s, 'warning'), true);
    assert.equal(failsOn(s, 'info'), true);
    assert.equal(failsOn(s, 'none'), false);
    assert.equal(failsOn(summarize([f('a', 'error')]), 'error'), true);
    assert.equal(failsOn(summarize([f('a', 'info')]), 'warning'), false);
  });
});
