// Read completeness: a `read/<plural>` skipped entry of a requested kind becomes a ReadStatus,
// primary or not, with the RBAC rule that would allow it.
import assert from 'node:assert/strict';
import {rbacRule, readStatuses, requestedKinds} from '../../../src/report/reads.js';
import {forbiddenReason} from '../../../src/source/cluster-source.js';
import {ApiError} from '../../../src/source/kube-client.js';

describe('report/reads', () => {
  it('names the permission a list needs, with the API group and the scope', () => {
    assert.equal(rbacRule('pods', undefined), 'list pods at cluster scope');
    assert.equal(rbacRule('pods', 'web'), 'list pods in namespace web');
    assert.equal(rbacRule('deployments', 'web'), 'list deployments.apps in namespace web');
    assert.equal(rbacRule('nodes', 'web'), 'list nodes at cluster scope', 'a cluster-scoped kind ignores -n');
  });

  it('lists every requested kind, the streamed ones included', () => {
    assert.deepEqual(requestedKinds({kinds: ['nodes'], pods: true}), ['nodes', 'pods']);
    assert.equal(requestedKinds({pods: true, workloads: true}).length, 9);
  });

  it('any read/<plural> entry makes that kind incomplete, whatever the reason; counts the rest', () => {
    const reads = readStatuses({kinds: ['nodes', 'limitranges'], pods: true}, new Set(['pods'] as const), {
      namespace: 'web',
      objects: {limitranges: [{kind: 'LimitRange'}]},
      skipped: [
        {check: 'read/pods', reason: 'partial: the list body ended early'},
        {check: 'read/nodes', reason: 'forbidden: cannot list nodes'},
        {check: 'qos/x', reason: 'not a read'},
      ],
    });
    assert.deepEqual(reads, [
      {resource: 'nodes', primary: false, complete: false, reason: 'forbidden: cannot list nodes', rule: 'list nodes at cluster scope'},
      {resource: 'limitranges', namespace: 'web', primary: false, complete: true, count: 1},
      {resource: 'pods', namespace: 'web', primary: true, complete: false, reason: 'partial: the list body ended early', rule: 'list pods in namespace web'},
    ]);
  });

  it('streamed kinds take their count from the pass', () => {
    const [pods] = readStatuses({pods: true}, new Set(['pods'] as const), {objects: {}, skipped: []}, new Map([['pods', 7]]));
    assert.deepEqual(pods, {resource: 'pods', primary: true, complete: true, count: 7});
  });

  it('an optional API that is not served (no gMSA CRD, no PSP) is an empty read, not a missing one', () => {
    const [cs, pods] = readStatuses({kinds: ['gmsacredentialspecs', 'pods']}, new Set(['gmsacredentialspecs', 'pods'] as const), {
      objects: {},
      skipped: [
        // The words the cluster source records for a 404 list: a change there must show here.
        {
          check: 'read/gmsacredentialspecs',
          reason: forbiddenReason(new ApiError(404, 'the server could not find the requested resource'), 'gmsacredentialspecs'),
        },
        {check: 'read/pods', reason: forbiddenReason(new ApiError(404, 'the server could not find the requested resource'), 'pods')},
      ],
    });
    assert.equal(cs.complete, true);
    assert.equal(cs.count, 0);
    assert.equal(pods.complete, false, 'a core kind that is not served is a failed read');
  });
});
