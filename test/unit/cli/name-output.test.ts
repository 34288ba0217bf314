import assert from 'node:assert/strict';
import {objectNames, resourceName} from '../../../src/cli/name-output.js';
import type {Report} from '../../../src/report/types.js';

const report = (items: unknown[]) => ({items}) as unknown as Report;

describe('cli/name-output (-o name)', () => {
  it('kind.group/name, lower-cased, no group for the core group (kubectl NamePrinter)', () => {
    assert.equal(resourceName('Pod', 'iis-0'), 'pod/iis-0');
    assert.equal(resourceName('Deployment', 'web'), 'deployment.apps/web');
    assert.equal(resourceName('CronJob', 'nightly'), 'cronjob.batch/nightly');
  });

  it('names each item; nodes and psp readiness items name their node and namespace', () => {
    assert.equal(
      objectNames(
        report([
          {kind: 'Pod', namespace: 'web', name: 'a'},
          {kind: 'StatefulSet', namespace: 'web', name: 's'},
        ]),
        'qos',
      ),
      'pod/a\nstatefulset.apps/s\n',
    );
    assert.equal(objectNames(report([{name: 'akswin000001'}]), 'nodes'), 'node/akswin000001\n');
    assert.equal(objectNames(report([{namespace: 'web'}]), 'psp:readiness'), 'namespace/web\n');
    assert.equal(objectNames(report([]), 'qos'), '');
  });

  it('doctor lists no objects of its own: a usage error', () => {
    assert.throws(() => objectNames(report([{analysis: 'qos'}]), 'doctor'), /-o name: kubectl win doctor lists no objects/);
  });
});
