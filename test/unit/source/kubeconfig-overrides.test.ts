import assert from 'node:assert/strict';
import {resolve} from 'node:path';
import {clusterWithOverrides, selectContext, userWithOverrides} from '../../../src/source/kubeconfig.js';

// client-go's DirectClientConfig.getCluster / getAuthInfo (tools/clientcmd/client_config.go).
describe('source/kubeconfig connection flags over the kubeconfig', () => {
  const cluster = {server: 'https://a:1', 'certificate-authority-data': 'Q0E=', 'tls-server-name': 'kube.internal'};

  it("--server wins and clears the entry's tls-server-name unless --tls-server-name is given", () => {
    assert.deepEqual(clusterWithOverrides(cluster, {server: 'https://b:2'}), {server: 'https://b:2', 'certificate-authority-data': 'Q0E='});
    assert.equal(clusterWithOverrides(cluster, {server: 'https://b:2', tlsServerName: 'x'})['tls-server-name'], 'x');
    assert.equal(clusterWithOverrides(cluster, {})['tls-server-name'], 'kube.internal');
  });

  it('--certificate-authority replaces the CA data; --insecure-skip-tls-verify clears it', () => {
    assert.deepEqual(clusterWithOverrides(cluster, {certificateAuthority: 'ca.crt'}), {
      server: 'https://a:1',
      'certificate-authority': resolve('ca.crt'),
      'insecure-skip-tls-verify': false,
      'tls-server-name': 'kube.internal',
    });
    assert.deepEqual(clusterWithOverrides({...cluster, 'certificate-authority': '/ca'}, {insecureSkipTlsVerify: true}), {
      server: 'https://a:1',
      'insecure-skip-tls-verify': true,
      'tls-server-name': 'kube.internal',
    });
  });

  it('--token and --client-certificate/--client-key win over the user entry, data included', () => {
    const user = {token: 'old', 'client-certificate-data': 'Y2VydA==', 'client-key-data': 'a2V5'};
    assert.deepEqual(userWithOverrides(user, {token: 'new'}), {...user, token: 'new'});
    assert.deepEqual(userWithOverrides(user, {clientCertificate: 'c.crt', clientKey: 'c.key'}), {
      token: 'old',
      'client-certificate': resolve('c.crt'),
      'client-key': resolve('c.key'),
    });
  });

  it('--server needs no kubeconfig context; without it, no context is an input error', () => {
    const empty = {clusters: [], users: [], contexts: []};
    const sel = selectContext(empty, {overrides: {server: 'https://127.0.0.1:6443', token: 't'}});
    assert.equal(sel.cluster.server, 'https://127.0.0.1:6443');
    assert.equal(sel.user.token, 't');
    assert.throws(() => selectContext(empty, {}), /no current context/);
    assert.throws(() => selectContext(empty, {cluster: 'nope', overrides: {server: 'https://x'}}), /cluster "nope" does not exist/);
  });

  it("flags apply to the chosen context's entries", () => {
    const raw = {
      'current-context': 'one',
      clusters: [{name: 'c1', cluster: {server: 'https://a:1'}}],
      users: [{name: 'u1', user: {token: 'kubeconfig-token'}}],
      contexts: [{name: 'one', context: {cluster: 'c1', user: 'u1', namespace: 'web'}}],
    };
    const sel = selectContext(raw, {overrides: {server: 'https://b:2', token: 'flag-token'}});
    assert.deepEqual([sel.context, sel.namespace, sel.cluster.server, sel.user.token, sel.userName], ['one', 'web', 'https://b:2', 'flag-token', 'u1']);
  });
});
