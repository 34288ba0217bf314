import assert from 'node:assert/strict';
import {parseWarningHeaders} from '../../../src/source/dry-run-label.js';

describe('dry-run label: Warning headers', () => {
  it('splits several warnings joined into one header and unescapes quoted text', () => {
    const header =
      '299 - "existing pods in namespace \\"a\\" violate the new PodSecurity enforce level \\"restricted:v1.34\\"", 299 - "b (and 1 other pod): host namespaces, hostPort"';
    assert.deepEqual(parseWarningHeaders(header), [
      'existing pods in namespace "a" violate the new PodSecurity enforce level "restricted:v1.34"',
      'b (and 1 other pod): host namespaces, hostPort',
    ]);
  });
  it('accepts arrays, a warn-date, and nothing', () => {
    assert.deepEqual(parseWarningHeaders(['299 - "x, y" "Tue, 15 Nov 1994 08:12:31 GMT"', '299 kube "z"']), ['x, y', 'z']);
    assert.deepEqual(parseWarningHeaders(undefined), []);
  });
});
