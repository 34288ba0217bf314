// The baseline (issue 22): stable keys, one per key, sorted, and a file the reader takes back as written.
import assert from 'node:assert/strict';
import {mkdtempSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {baselineDocument, baselineEntries, baselineEntryOf} from '../../../src/report/baseline.js';
import {finding} from '../../../src/report/finding.js';
import {readBaselineFile} from '../../../src/source/baseline-file.js';

const onPod = (name: string, field = 'spec.containers[0].volumeMounts[0].subPath', owner?: string) => ({
  ...finding('lint/subpath-mount', {object: {kind: 'Pod', namespace: 'web', name}, field, message: 'm'}),
  ...(owner ? {owner: {kind: 'Deployment', namespace: 'web', name: owner, pods: 3}} : {}),
});

describe('report/baseline', () => {
  it("keys a controller's pod by its owner, so a rollout's new pod names match", () => {
    assert.deepEqual(baselineEntryOf(onPod('iis-7d4b9-x2k8q', undefined, 'iis')), {
      id: 'lint/subpath-mount',
      object: {kind: 'Deployment', namespace: 'web', name: 'iis'},
      field: 'spec.containers[0].volumeMounts[0].subPath',
    });
    assert.deepEqual(baselineEntryOf(finding('nodes/no-windows-nodes', {message: 'none'})), {id: 'nodes/no-windows-nodes'});
  });

  it('one entry per key, in code-unit order whatever the findings order', () => {
    const findings = [onPod('b'), onPod('iis-1', undefined, 'iis'), onPod('a'), onPod('iis-2', undefined, 'iis'), onPod('B')];
    const entries = baselineEntries(findings);
    assert.deepEqual(
      entries.map((e) => `${e.object?.kind}/${e.object?.name}`),
      ['Deployment/iis', 'Pod/B', 'Pod/a', 'Pod/b'],
    );
    assert.deepEqual(baselineEntries([...findings].reverse()), entries);
  });

  it('writes a versioned document the reader takes back entry for entry', () => {
    const entries = baselineEntries([onPod('a'), onPod('iis-1', 'spec.containers[1]', 'iis'), finding('nodes/no-windows-nodes', {message: 'none'})]);
    const text = baselineDocument(entries, 'kubectl win lint');
    assert.match(text, /^# kubectl win lint --write-baseline/);
    assert.match(text, /\napiVersion: kubectl-win.io\/v1\nkind: Baseline\n/);
    assert.equal(baselineDocument(entries, 'kubectl win lint'), text, 'nothing in it changes from run to run');
    const file = join(mkdtempSync(join(tmpdir(), 'baseline-')), 'b.yaml');
    writeFileSync(file, text);
    assert.deepEqual(readBaselineFile(file), {file, entries});
  });
});
