import assert from 'node:assert/strict';
import {maskHeader, requestTrace} from '../../../src/source/request-trace.js';

describe('source/request-trace (-v)', () => {
  it('masks credentials as round_trippers.go maskValue does, and other credential headers whole', () => {
    assert.equal(maskHeader('Authorization', 'Bearer abc.def'), 'Bearer <masked>');
    assert.equal(maskHeader('authorization', 'Basic dTpw'), 'Basic <masked>');
    assert.equal(maskHeader('Authorization', 'Token abc'), '<masked>');
    assert.equal(maskHeader('Authorization', 'Bearer'), 'Bearer');
    assert.equal(maskHeader('Cookie', 'session=1'), '<masked>');
    assert.equal(maskHeader('Accept', 'application/json'), 'application/json');
  });

  const run = (v: number, status?: number) => {
    const lines: string[] = [];
    const trace = requestTrace(v, (l) => lines.push(l))!;
    trace.start('GET', 'https://127.0.0.1:6443/api/v1/pods?limit=250', {Authorization: 'Bearer secret-token', Accept: 'application/json'})(
      status,
      {'content-type': 'application/json', 'audit-id': 'x'},
      status ? undefined : Object.assign(new Error('refused'), {code: 'ECONNREFUSED'}),
    );
    return lines.map((l) => l.replace(/^I\d{4} \d\d:\d\d:\d\d\.\d{6} +\d+ round_trippers\.go\] /, '').trimEnd());
  };

  it('below 6 traces nothing', () => {
    assert.equal(requestTrace(5), undefined);
    assert.equal(requestTrace(undefined), undefined);
  });

  it('6: method, URL, status and time on one klog line', () => {
    const lines = run(6, 200);
    assert.equal(lines.length, 1);
    assert.match(lines[0], /^GET https:\/\/127\.0\.0\.1:6443\/api\/v1\/pods\?limit=250 200 OK in \d+ milliseconds$/);
    assert.match(run(6)[0], /^GET \S+ \(ECONNREFUSED\) in \d+ milliseconds$/);
  });

  it('8: request and response headers, the token never shown', () => {
    const lines = run(8, 403);
    assert.deepEqual(lines.slice(0, 5), [
      'GET https://127.0.0.1:6443/api/v1/pods?limit=250',
      'Request Headers:',
      '    Authorization: Bearer <masked>',
      '    Accept: application/json',
      lines[4],
    ]);
    assert.match(lines[4], /^Response Status: 403 Forbidden in \d+ milliseconds$/);
    assert.deepEqual(lines.slice(5), ['Response Headers:', '    content-type: application/json', '    audit-id: x']);
    assert.ok(!lines.join('\n').includes('secret-token'));
    assert.ok(!run(7, 200).includes('Response Headers:'));
  });
});
