import assert from 'node:assert/strict';
import {credentialSpecsToRead, dnsNameOf, effectiveCredSpec, pickContainer, probeTargets} from '../../../../src/analyses/nltest/targets.js';
import {probe} from '../../../../src/analyses/nltest/probe.js';
import {nltestReport} from '../../../../src/analyses/nltest/report.js';
import {nltestView} from '../../../../src/analyses/nltest/view.js';
import {renderText} from '../../../../src/render/text.js';
import type {KubeObject} from '../../../../src/k8s/object.js';
import {podObject} from '../../../support/pod.js';

const pod = (extra: {metadata?: Record<string, unknown>; spec?: Record<string, unknown>} = {}): KubeObject =>
  podObject({
    name: 'iis-0',
    namespace: 'web',
    metadata: extra.metadata,
    spec: {
      containers: [
        {name: 'sidecar'},
        {
          name: 'iis',
          securityContext: {windowsOptions: {gmsaCredentialSpecName: 'webapp1', gmsaCredentialSpec: '{"DomainJoinConfig":{"DnsName":"contoso.com"}}'}},
        },
      ],
      ...extra.spec,
    },
    status: {phase: 'Running'},
  });

describe('analyses/nltest targets', () => {
  it('picks -c, then the default-container annotation, then the container with a credential spec', () => {
    assert.equal(pickContainer(pod()).name, 'iis');
    assert.equal(pickContainer(pod(), 'sidecar').name, 'sidecar');
    assert.equal(pickContainer(pod({metadata: {annotations: {'kubectl.kubernetes.io/default-container': 'sidecar'}}})).name, 'sidecar');
    assert.throws(() => pickContainer(pod(), 'nope'), /container nope is not valid for pod iis-0/);
  });

  it('the effective credential spec and its domain', () => {
    const p = pod();
    const cs = effectiveCredSpec(p, p.spec.containers[1]);
    assert.equal(cs.name, 'webapp1');
    assert.equal(dnsNameOf(cs.content), 'contoso.com');
    assert.deepEqual(effectiveCredSpec(p, p.spec.containers[0]), {name: undefined, content: undefined});
    assert.equal(dnsNameOf('not json'), undefined);
  });

  it("carries gmsa check's domain-name defects of the credential spec the pod uses", () => {
    const swapped = {
      apiVersion: 'windows.k8s.io/v1',
      kind: 'GMSACredentialSpec',
      metadata: {name: 'gmsa-swapped'},
      credspec: {DomainJoinConfig: {DnsName: 'CONTOSO', NetBiosName: 'contoso.com', Guid: '244818ae-87ac-4fcd-92ec-e79e5252348a'}},
    };
    const byName = pod({spec: {containers: [{name: 'iis', securityContext: {windowsOptions: {gmsaCredentialSpecName: 'gmsa-swapped'}}}]}});
    assert.deepEqual(credentialSpecsToRead([byName]), ['gmsa-swapped']);
    const [t] = probeTargets([byName], new Map([['gmsa-swapped', swapped]]), 'web');
    assert.equal(t.domain, 'CONTOSO');
    assert.equal(t.domainSource, 'credspec');
    assert.match(t.credspecDefects?.[0] ?? '', /look swapped/);
  });

  it('reads no credential spec object when the inlined one names the domain; an unread one leaves the domain unknown', () => {
    assert.deepEqual(credentialSpecsToRead([pod()]), []);
    assert.deepEqual(
      probeTargets([pod()], new Map(), 'web').map((t) => [t.name, t.container, t.domain, t.domainSource, t.inlined]),
      [['iis-0', 'iis', 'contoso.com', 'inlined', true]],
    );
    const byName = pod({spec: {containers: [{name: 'iis', securityContext: {windowsOptions: {gmsaCredentialSpecName: 'webapp1'}}}]}});
    const [t] = probeTargets([byName, byName], new Map(), 'web');
    assert.deepEqual(credentialSpecsToRead([byName, byName]), ['webapp1']);
    assert.equal(t.domain, undefined);
    assert.equal(t.credentialSpec, 'webapp1');
    assert.throws(() => credentialSpecsToRead([pod()], 'nope'), /container nope is not valid for pod iis-0/);
  });
});

describe('analyses/nltest view', () => {
  it('renders each step and the verdict as text', async () => {
    const item = await probe(
      {namespace: 'web', name: 'iis-0', container: 'iis', inlined: true, credentialSpec: 'webapp1', domain: 'contoso.com'},
      async (_n, _p, _c, cmd) =>
        cmd[1] === '/parentdomain'
          ? {stdout: 'Getting parent domain failed: Status = 1722 0x6ba RPC_S_SERVER_UNAVAILABLE\r\n', stderr: '', exitCode: 1, timedOut: false}
          : {stdout: '', stderr: '', exitCode: 0, timedOut: false},
      {reset: false, timeoutMs: 1000},
    );
    const text = renderText(nltestView(nltestReport({type: 'cluster', context: 'c', server: 's'}, [item]), false), false);
    assert.match(text, /nltest \/parentdomain\s+1\s+1722 0x6ba RPC_S_SERVER_UNAVAILABLE\s+the credential spec did not reach the pod/);
    assert.match(text, /Verdict \(credspec-not-applied\)/);
    assert.match(text, /next: Check the chain: kubectl win gmsa check -n web pod\/iis-0/);
  });
});
