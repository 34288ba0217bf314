// SnapshotRequest.gmsaWebhookDetails, answered by the manifest source: the widened objects come
// beside the snapshot's, never instead of them, and only when asked for.
import assert from 'node:assert/strict';
import {ManifestSource} from '../../../src/source/manifest-source.js';

const source = () => new ManifestSource({filenames: ['examples/gmsa'], recursive: false, namespace: 'gmsa-demo'});
const namespaces = (objects: Array<{metadata?: {namespace?: string}}> | undefined) => [...new Set((objects ?? []).map((o) => o.metadata?.namespace))].sort();

describe('source: gmsaWebhookDetails', () => {
  it('is absent when not asked for', async () => {
    const snapshot = await source().snapshot({kinds: ['rolebindings']});
    assert.equal(snapshot.gmsaWebhookDetails, undefined);
  });

  it('offline: RoleBindings from every file, beside the -n scoped objects, which stay as they were', async () => {
    const snapshot = await source().snapshot({kinds: ['rolebindings'], gmsaWebhookDetails: true});
    assert.deepEqual(namespaces(snapshot.objects.rolebindings), ['gmsa-demo']);
    const details = snapshot.gmsaWebhookDetails!;
    assert.deepEqual(namespaces(details.objects.rolebindings), ['gmsa-demo', 'gmsa-elsewhere', 'gmsa-optout']);
    assert.ok((details.objects.rolebindings ?? []).length > (snapshot.objects.rolebindings ?? []).length);
    assert.deepEqual(details.skipped, []);
  });
});
