import assert from 'node:assert/strict';
import {gmsaAnalysis} from '../../../../src/analyses/gmsa/analysis.js';
import {podSecretRefs, SERVING_CERT_CHECK, servingCertFindings, servingPodRefs, type ServingInput} from '../../../../src/analyses/gmsa/serving-cert.js';
import {findGmsaWebhooks, type GmsaWebhook} from '../../../../src/analyses/gmsa/webhooks.js';
import {clusterGmsaWebhookDetails} from '../../../../src/source/gmsa-webhook-details.js';
import type {KubeClient} from '../../../../src/source/kube-client.js';
import {runAnalysis} from '../../../../src/analyses/types.js';
import {ApiError} from '../../../../src/source/kube-client.js';
import {ManifestSource} from '../../../../src/source/manifest-source.js';
import type {KubeObject} from '../../../../src/k8s/object.js';
import type {Snapshot} from '../../../../src/k8s/snapshot.js';
import {b64, TestPki, type TestCert} from './pki.js';
import {podObject} from '../../../support/pod.js';

const NS = 'gmsa-webhook';
const SVC = 'gmsa-webhook';
const HOST = `${SVC}.${NS}.svc`;
const NOW = new Date();

function webhookConfig(caBundle: string, kind = 'ValidatingWebhookConfiguration'): KubeObject {
  return {
    apiVersion: 'admissionregistration.k8s.io/v1',
    kind,
    metadata: {name: 'gmsa-webhook'},
    webhooks: [
      {
        name: 'admission-webhook.windows-gmsa.sigs.k8s.io',
        clientConfig: {service: {name: SVC, namespace: NS, path: '/validate'}, caBundle},
        rules: [{operations: ['CREATE'], apiGroups: [''], apiVersions: ['*'], resources: ['pods']}],
        failurePolicy: 'Fail',
      },
    ],
  };
}

const slice = (pods: string[], ready = true): KubeObject => ({
  apiVersion: 'discovery.k8s.io/v1',
  kind: 'EndpointSlice',
  metadata: {name: `${SVC}-abc`, namespace: NS, labels: {'kubernetes.io/service-name': SVC}},
  addressType: 'IPv4',
  endpoints: pods.map((p, i) => ({addresses: [`10.0.0.${i + 1}`], conditions: {ready}, targetRef: {kind: 'Pod', namespace: NS, name: p}})),
});

// Upstream deploy-gmsa-webhook.sh layout: keys tls_certificate/tls_private_key projected as crt/key.
const pod = (name: string, secret: string, upstreamKeys = false): KubeObject =>
  podObject({
    name,
    namespace: NS,
    spec: {
      containers: [{name: 'webhook', image: 'webhook'}],
      volumes: [
        {
          name: 'tls',
          secret: {
            secretName: secret,
            ...(upstreamKeys
              ? {
                  items: [
                    {key: 'tls_private_key', path: 'key'},
                    {key: 'tls_certificate', path: 'crt'},
                  ],
                }
              : {}),
          },
        },
        {name: 'token', projected: {sources: [{serviceAccountToken: {path: 'token'}}]}},
      ],
    },
  });

const secret = (name: string, crt: string, key = 'tls.crt'): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Secret',
  metadata: {name, namespace: NS},
  type: 'Opaque',
  data: {[key]: b64(crt), 'tls.key': b64('x')},
});

function hook(caBundlePem: string): GmsaWebhook {
  return findGmsaWebhooks([], [webhookConfig(b64(caBundlePem))])[0];
}

describe('analyses/gmsa serving certificate', function () {
  this.timeout(30_000);
  const pki = new TestPki();
  let ca: TestCert;
  let otherCa: TestCert;
  let good: TestCert;
  let expiring: TestCert;
  let foreign: TestCert;
  let wrongName: TestCert;
  let intermediate: TestCert;
  let viaIntermediate: TestCert;
  let wildcard: TestCert;

  before(() => {
    ca = pki.ca('webhook-ca');
    otherCa = pki.ca('other-ca');
    good = pki.issue(ca, HOST, {days: 365, dnsNames: [SVC, `${SVC}.${NS}`, HOST]});
    expiring = pki.issue(ca, HOST, {days: 10, dnsNames: [HOST]});
    foreign = pki.issue(otherCa, HOST, {days: 365, dnsNames: [HOST]});
    wrongName = pki.issue(ca, 'gmsa-webhook.default.svc', {days: 365, dnsNames: ['gmsa-webhook.default.svc', 'gmsa-webhook']});
    intermediate = pki.issue(ca, 'intermediate', {days: 365, ca: true});
    viaIntermediate = pki.issue(intermediate, HOST, {days: 365, dnsNames: [HOST]});
    wildcard = pki.issue(ca, 'wildcard', {days: 365, dnsNames: [`*.${NS}.svc`]});
  });
  after(() => pki.cleanup());

  const input = (crt: string, extra: Partial<ServingInput> = {}): ServingInput => ({
    endpointslices: [slice(['webhook-0'])],
    pods: [pod('webhook-0', 'webhook-tls')],
    secrets: [secret('webhook-tls', crt)],
    now: NOW,
    offline: false,
    ...extra,
  });
  const ids = (crt: string, extra: Partial<ServingInput> = {}, caPem = ca.pem) => servingCertFindings(hook(caPem), input(crt, extra)).findings.map((f) => f.id);

  it('a healthy serving certificate: no finding, nothing skipped', () => {
    const r = servingCertFindings(hook(ca.pem), input(good.pem));
    assert.deepEqual(r, {findings: []});
  });

  it('expiring within 30 days: a warning naming the Secret, key and pod', () => {
    const r = servingCertFindings(hook(ca.pem), input(expiring.pem));
    assert.deepEqual(
      r.findings.map((f) => [f.id, f.severity, f.field]),
      [['gmsa/webhook-serving-cert-expiring', 'warning', 'webhooks[0].clientConfig.service']],
    );
    assert.match(
      r.findings[0].message,
      /Secret "gmsa-webhook\/webhook-tls" key tls\.crt \(served by pod "gmsa-webhook\/webhook-0"\) expires on .* \(in (9|10) days\)/,
    );
  });

  it('expired: an error (now pinned past notAfter)', () => {
    const later = new Date(NOW.getTime() + 11 * 86_400_000);
    assert.deepEqual(ids(expiring.pem, {now: later}), ['gmsa/webhook-serving-cert-expired']);
    assert.deepEqual(ids(good.pem, {now: later}), []);
  });

  it('signed by a CA the caBundle does not hold: an error with the apiserver x509 reason', () => {
    const r = servingCertFindings(hook(ca.pem), input(foreign.pem));
    assert.deepEqual(
      r.findings.map((f) => f.id),
      ['gmsa/webhook-serving-cert-untrusted'],
    );
    assert.match(r.findings[0].message, /issuer "CN=other-ca".*x509: certificate signed by unknown authority/);
    // The same certificate is trusted when the caBundle holds its CA (among others).
    assert.deepEqual(ids(foreign.pem, {}, ca.pem + otherCa.pem), []);
  });

  it('a chain through an intermediate in tls.crt is trusted; without the intermediate it is not', () => {
    assert.deepEqual(ids(viaIntermediate.pem + intermediate.pem), []);
    assert.deepEqual(ids(viaIntermediate.pem), ['gmsa/webhook-serving-cert-untrusted']);
  });

  it('a certificate without <svc>.<ns>.svc in its SANs: Go x509 HostnameError text', () => {
    const r = servingCertFindings(hook(ca.pem), input(wrongName.pem));
    assert.deepEqual(
      r.findings.map((f) => f.id),
      ['gmsa/webhook-serving-cert-name'],
    );
    assert.match(r.findings[0].message, /x509: certificate is valid for gmsa-webhook\.default\.svc, gmsa-webhook, not gmsa-webhook\.gmsa-webhook\.svc/);
    assert.deepEqual(ids(wildcard.pem), [], 'a *.<ns>.svc wildcard names the service');
  });

  it('the upstream deploy layout: key tls_certificate projected through items', () => {
    const r = servingCertFindings(
      hook(ca.pem),
      input('', {pods: [pod('webhook-0', 'webhook-tls', true)], secrets: [secret('webhook-tls', expiring.pem, 'tls_certificate')]}),
    );
    assert.deepEqual(
      r.findings.map((f) => f.id),
      ['gmsa/webhook-serving-cert-expiring'],
    );
    assert.match(r.findings[0].message, /key tls_certificate/);
  });

  it('a Secret that is not PEM: invalid', () => {
    assert.deepEqual(ids('not a certificate'), ['gmsa/webhook-serving-cert-invalid']);
  });

  it('what cannot be read is skipped with the reason, never passed', () => {
    const h = hook(ca.pem);
    const skip = (extra: Partial<ServingInput>) => {
      const r = servingCertFindings(h, input(good.pem, extra));
      assert.deepEqual(r.findings, []);
      assert.ok(r.skipped, JSON.stringify(extra));
      return r.skipped;
    };
    assert.match(skip({endpointslices: undefined}), /endpointslices not read/);
    assert.match(skip({endpointslices: [slice([])]}), /no pod endpoints/);
    assert.match(skip({pods: []}), /pod "gmsa-webhook\/webhook-0" not read/);
    assert.match(skip({secrets: []}), /Secret "gmsa-webhook\/webhook-tls" not read/);
    assert.match(skip({secrets: [], offline: true}), /no Secret "gmsa-webhook\/webhook-tls" in the manifests/);
    assert.match(
      skip({secrets: [{...secret('webhook-tls', good.pem), data: {'ca.crt': b64(ca.pem)}}]}),
      /no Secret they mount has tls\.crt or tls_certificate/,
    );
  });

  it('pod refs: ready endpoints first, deduplicated, at most 3; secret refs from volumes and projections', () => {
    const refs = servingPodRefs(hook(ca.pem), [slice(['a', 'b'], false), slice(['c', 'd', 'c'])]);
    assert.deepEqual(
      refs.map((r) => r.name),
      ['c', 'd', 'a'],
    );
    const p = pod('x', 's1');
    p.spec.volumes.push({name: 'more', projected: {sources: [{secret: {name: 's2', items: [{key: 'tls.crt', path: 'c'}]}}]}});
    assert.deepEqual(podSecretRefs(p), [
      {namespace: NS, name: 's1'},
      {namespace: NS, name: 's2', keys: ['tls.crt']},
    ]);
  });

  // Live: the Source's gmsaWebhookDetails GETs only the pods behind the Service and their Secrets; a forbidden Secret becomes
  // skipped with the apiserver's message, and the caBundle is still checked.
  function fakeCluster(forbidSecrets: boolean, caBundlePem: string, servingPem: string) {
    const requests: string[] = [];
    const objects = {
      validatingwebhookconfigurations: [webhookConfig(b64(caBundlePem))],
      mutatingwebhookconfigurations: [],
      services: [{apiVersion: 'v1', kind: 'Service', metadata: {name: SVC, namespace: NS}}],
      endpointslices: [slice(['webhook-0'])],
    };
    const client = {
      async request(path: string) {
        requests.push(path);
        if (path === `/api/v1/namespaces/${NS}/pods/webhook-0`) return {status: 200, body: pod('webhook-0', 'webhook-tls'), headers: {}};
        if (path === `/api/v1/namespaces/${NS}/secrets/webhook-tls`) {
          if (forbidSecrets)
            throw new ApiError(
              403,
              `secrets "webhook-tls" is forbidden: User "jane" cannot get resource "secrets" in API group "" in the namespace "${NS}"`,
              'Forbidden',
            );
          return {status: 200, body: secret('webhook-tls', servingPem), headers: {}};
        }
        throw new ApiError(404, 'not found', 'NotFound');
      },
      async listAll() {
        return [];
      },
    };
    const snapshot: Snapshot = {
      source: {type: 'cluster'} as Snapshot['source'],
      objects: {...objects} as Snapshot['objects'],
      skipped: [],
      async *workloads() {},
    };
    return {client: client as unknown as KubeClient, snapshot, requests};
  }

  it('live: GETs the webhook pod and its Secret (two requests), then checks the served certificate', async () => {
    const {client, snapshot, requests} = fakeCluster(false, ca.pem, foreign.pem);
    snapshot.gmsaWebhookDetails = await clusterGmsaWebhookDetails(client, snapshot.objects, undefined);
    assert.deepEqual(requests.sort(), [`/api/v1/namespaces/${NS}/pods/webhook-0`, `/api/v1/namespaces/${NS}/secrets/webhook-tls`]);
    const r = await runAnalysis(gmsaAnalysis, snapshot, {now: NOW}, {mode: 'cluster'});
    assert.deepEqual(
      r.findings.filter((f) => f.id.startsWith('gmsa/webhook-serving')).map((f) => f.id),
      ['gmsa/webhook-serving-cert-untrusted'],
    );
    assert.ok(!r.skipped.some((s) => s.check === SERVING_CERT_CHECK));
  });

  it('live: a forbidden Secret is skipped with the apiserver reason (once); the caBundle check still runs', async () => {
    const expiringCa = pki.ca('expiring-ca', 5);
    const {client, snapshot} = fakeCluster(true, expiringCa.pem, good.pem);
    snapshot.gmsaWebhookDetails = await clusterGmsaWebhookDetails(client, snapshot.objects, undefined);
    const r = await runAnalysis(gmsaAnalysis, snapshot, {now: NOW}, {mode: 'cluster'});
    const skipped = r.skipped.filter((s) => s.check === SERVING_CERT_CHECK);
    assert.equal(skipped.length, 1);
    assert.match(
      skipped[0].reason,
      /cannot read Secret "gmsa-webhook\/webhook-tls": secrets "webhook-tls" is forbidden: User "jane" cannot get resource "secrets"/,
    );
    assert.ok(!r.findings.some((f) => f.id.startsWith('gmsa/webhook-serving')));
    assert.ok(
      r.findings.some((f) => f.id === 'gmsa/webhook-cert-expiring'),
      'the caBundle-only check still runs',
    );
  });

  it('live: a pod gone since the EndpointSlice was written is skipped with the apiserver reason', async () => {
    const {client, snapshot, requests} = fakeCluster(false, ca.pem, good.pem);
    snapshot.objects.endpointslices = [slice(['webhook-gone'])];
    snapshot.gmsaWebhookDetails = await clusterGmsaWebhookDetails(client, snapshot.objects, undefined);
    assert.deepEqual(requests, [`/api/v1/namespaces/${NS}/pods/webhook-gone`]);
    const r = await runAnalysis(gmsaAnalysis, snapshot, {now: NOW}, {mode: 'cluster'});
    assert.deepEqual(
      r.skipped.filter((s) => s.check === SERVING_CERT_CHECK).map((s) => s.reason),
      [`cannot read pod "${NS}/webhook-gone": not found`],
    );
  });

  it('offline: Pods, Secrets and EndpointSlices from the manifests; without the Secret, skipped', async () => {
    const manifests = (withSecret: boolean) =>
      [
        webhookConfig(b64(ca.pem)),
        {apiVersion: 'v1', kind: 'Service', metadata: {name: SVC, namespace: NS}},
        slice(['webhook-0']),
        pod('webhook-0', 'webhook-tls'),
        ...(withSecret ? [secret('webhook-tls', expiring.pem)] : []),
      ]
        .map((o) => JSON.stringify(o))
        .join('\n---\n');
    const run = async (withSecret: boolean) => {
      const source = new ManifestSource({filenames: ['-'], recursive: false, namespace: 'web', stdin: () => manifests(withSecret)});
      const snapshot = await source.snapshot(gmsaAnalysis.request({}));
      return runAnalysis(gmsaAnalysis, snapshot, {now: NOW}, source.capabilities());
    };
    const withSecret = await run(true);
    assert.deepEqual(
      withSecret.findings.filter((f) => f.id.startsWith('gmsa/webhook-serving')).map((f) => f.id),
      ['gmsa/webhook-serving-cert-expiring'],
    );
    const without = await run(false);
    assert.ok(!without.findings.some((f) => f.id.startsWith('gmsa/webhook-serving')));
    assert.ok(
      without.skipped.some((s) => s.check === SERVING_CERT_CHECK && /no Secret "gmsa-webhook\/webhook-tls" in the manifests/.test(s.reason)),
      JSON.stringify(without.skipped),
    );
  });
});
