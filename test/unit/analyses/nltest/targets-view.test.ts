import assert from 'node:assert/strict';
import {dnsNameOf, effectiveCredSpec, pickContainer, resolveTargets, selectorString, type Reader} from '../../../../src/analyses/nltest/targets.js';
import {probe} from '../../../../src/analyses/nltest/probe.js';
import {nltestReport} from '../../../../src/analyses/nltest/report.js';
import {nltestView} from '../../../../src/analyses/nltest/view.js';
import {renderText} from '../../../../src/render/text.js';
import type {KubeObject} from '../../../../src/source/types.js';

const pod = (extra: Record<string, unknown> = {}): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: {name: 'iis-0', namespace: 'web', ...((extra.metadata as object) ?? {})},
  spec: {
    containers: [{name: 'sidecar'}, {name: 'iis', securityContext: {windowsOptions: {gmsaCredentialSpecName: 'webapp1', gmsaCredentialSpec: '{"DomainJoinConfig":{"DnsName":"contoso.com"}}'}}}],
    ...((extra.spec as object) ?? {}),
  },
  status: {phase: 'Running'},
});

describe('analyses/nltest targets', () => {
  it('selectors to query strings', () => {
    assert.equal(selectorString({matchLabels: {app: 'iis'}, matchExpressions: [{key: 'tier', operator: 'In', values: ['a', 'b']}, {key: 'x', operator: 'DoesNotExist'}]}), 'app=iis,tier in (a,b),!x');
  });

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

  it("carries gmsa check's domain-name defects of the credential spec the pod uses", async () => {
    const swapped = {apiVersion: 'windows.k8s.io/v1', kind: 'GMSACredentialSpec', metadata: {name: 'gmsa-swapped'}, credspec: {DomainJoinConfig: {DnsName: 'CONTOSO', NetBiosName: 'contoso.com', Guid: '244818ae-87ac-4fcd-92ec-e79e5252348a'}}};
    const byName = pod({spec: {containers: [{name: 'iis', securityContext: {windowsOptions: {gmsaCredentialSpecName: 'gmsa-swapped'}}}]}});
    const reader: Reader = {
      async request<T>(path: string) {
        if (path.endsWith('/pods/iis-0')) return {status: 200, body: byName as T};
        if (path.endsWith('/gmsacredentialspecs/gmsa-swapped')) return {status: 200, body: swapped as T};
        throw Object.assign(new Error('not found'), {status: 404});
      },
      async listAll() {
        return [];
      },
    };
    const [t] = await resolveTargets(reader, ['iis-0'], 'web', {allReplicas: false});
    assert.equal(t.domain, 'CONTOSO');
    assert.equal(t.domainSource, 'credspec');
    assert.match(t.credspecDefects?.[0] ?? '', /look swapped/);
  });

  it('resolves a workload to its Running pods through its selector; one unless --all-replicas', async () => {
    const queries: unknown[] = [];
    const reader: Reader = {
      async request<T>(path: string) {
        if (path.endsWith('/deployments/iis')) return {status: 200, body: {kind: 'Deployment', spec: {selector: {matchLabels: {app: 'iis'}}}} as T};
        throw Object.assign(new Error('not found'), {status: 404});
      },
      async listAll(_path: string, query?: Record<string, string | undefined>) {
        queries.push(query);
        return [pod({metadata: {name: 'iis-b'}}), pod({metadata: {name: 'iis-a'}}), {...pod({metadata: {name: 'iis-c'}}), status: {phase: 'Pending'}}];
      },
    };
    const one = await resolveTargets(reader, ['deployment/iis'], 'web', {allReplicas: false});
    assert.deepEqual(one.map((t) => [t.name, t.container, t.domain, t.domainSource, t.inlined]), [['iis-a', 'iis', 'contoso.com', 'inlined', true]]);
    assert.deepEqual(queries[0], {labelSelector: 'app=iis'});
    const all = await resolveTargets(reader, ['deployment/iis'], 'web', {allReplicas: true});
    assert.deepEqual(all.map((t) => t.name), ['iis-a', 'iis-b']);
    await assert.rejects(resolveTargets(reader, ['missing'], 'web', {allReplicas: false}), /pods "missing" not found in namespace "web"/);
  });
});

describe('analyses/nltest view', () => {
  it('renders each step and the verdict as text', async () => {
    const item = await probe({namespace: 'web', name: 'iis-0', container: 'iis', inlined: true, credentialSpec: 'webapp1', domain: 'contoso.com'}, async (_n, _p, _c, cmd) =>
      cmd[1] === '/parentdomain' ? {stdout: 'Getting parent domain failed: Status = 1722 0x6ba RPC_S_SERVER_UNAVAILABLE\r\n', stderr: '', exitCode: 1, timedOut: false} : {stdout: '', stderr: '', exitCode: 0, timedOut: false}, {reset: false, timeoutMs: 1000});
    const text = renderText(nltestView(nltestReport({type: 'cluster', context: 'c', server: 's'}, [item]), false), false);
    assert.match(text, /nltest \/parentdomain\s+1\s+1722 0x6ba RPC_S_SERVER_UNAVAILABLE\s+the credential spec did not reach the pod/);
    assert.match(text, /Verdict \(credspec-not-applied\)/);
    assert.match(text, /next: Check the chain: kubectl win gmsa check -n web pod\/iis-0/);
  });
});
