// The path `kubectl win logs` depends on, proven on the real apiserver before anything is built on
// it (docs/architecture.md decision 42): the node proxy refuses a kubelet on loopback, and reaches
// the stand-in kubelet on the network namespace's address, with real RBAC on nodes/proxy.
import assert from 'node:assert/strict';
import {controlPlane, type ControlPlane, type NodeLogStandIn} from '../../harness/index.js';

describe('e2e: the node proxy path to a kubelet (decision 42)', function () {
  this.timeout(120_000);
  let cp: ControlPlane;
  let standIn: NodeLogStandIn;

  before(async function () {
    this.timeout(0);
    cp = await controlPlane();
    standIn = await cp.nodeLogs();
    await standIn.addWindowsNode({name: 'logs-path-0', logQuery: 'on'});
  });

  after(async () => {
    // Other files count the Windows nodes of the shared control plane: this one goes with this file.
    await cp.api('DELETE', '/api/v1/nodes/logs-path-0');
  });

  it('refuses a node whose kubelet address is loopback: 400 "address not allowed" (isProxyableHostname)', async () => {
    // The fixture nodes are kwok's, at InternalIP 127.0.0.1 (and Hostname localhost).
    const r = await cp.api('GET', `/api/v1/nodes/${cp.nodes.win2022}/proxy/configz`);
    assert.equal(r.status, 400);
    assert.equal(r.body.message, 'address not allowed');
  });

  it('reaches the stand-in kubelet on the namespace address: /configz through the apiserver', async () => {
    assert.match(standIn.address, /^198\.(18|19)\.\d+\.\d+$/);
    const r = await cp.api('GET', '/api/v1/nodes/logs-path-0/proxy/configz');
    assert.equal(r.status, 200);
    assert.equal(r.body.kubeletconfig.enableSystemLogQuery, true);
    assert.equal(r.body.kubeletconfig.enableSystemLogHandler, true);
  });

  it('carries the log query through: a service query answers with the node Get-WinEvent table', async () => {
    const r = await cp.api('GET', '/api/v1/nodes/logs-path-0/proxy/logs/', undefined, {query: {query: 'containerd', tailLines: '2'}});
    assert.equal(r.status, 200);
    const text = String(r.body);
    assert.ok(text.includes('   ProviderName: containerd'), text);
    assert.ok(text.includes('hcs::System::Shutdown'), text);
    assert.equal(text.split('\r\n').filter((l) => /^\d+\/\d+\/\d{4} /.test(l)).length, 2, text);
  });

  it('passes the kubelet validation errors through as they are (406, the field error)', async () => {
    const r = await cp.api('GET', '/api/v1/nodes/logs-path-0/proxy/logs/', undefined, {query: {query: 'containerd', tailLines: '100001'}});
    assert.equal(r.status, 406);
    assert.equal(String(r.body), 'tailLines: Invalid value: 100001: must be between 0 and 100000, inclusive\n');
  });

  it('leaves the decision to RBAC: a user without nodes/proxy (the limited fixture user) gets 403', async () => {
    const r = await cp.api('GET', '/api/v1/nodes/logs-path-0/proxy/configz', undefined, {kubeconfig: cp.users.limited.kubeconfig});
    assert.equal(r.status, 403);
    assert.match(r.body.message, /cannot get resource "nodes\/proxy"/);
  });
});
