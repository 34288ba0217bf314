import assert from 'node:assert/strict';
import {readFileSync} from 'node:fs';
import {gmsaAnalysis, type GmsaItem} from '../../../../src/analyses/gmsa/analysis.js';
import {credSpecFindings} from '../../../../src/analyses/gmsa/credspec.js';
import {gmsaReferences} from '../../../../src/analyses/gmsa/references.js';
import {findGmsaWebhooks, parseCaBundle, webhookCovers, webhookFindings} from '../../../../src/analyses/gmsa/webhooks.js';
import {runAnalysis} from '../../../../src/analyses/types.js';
import {ManifestSource} from '../../../../src/source/manifest-source.js';
import {toWorkload} from '../../../../src/source/workloads.js';
import type {Report} from '../../../../src/report/types.js';

async function checkExamples(extra: {namespace?: string; allNamespaces?: boolean; names?: string[]} = {allNamespaces: true}): Promise<Report<GmsaItem>> {
  const source = new ManifestSource({filenames: ['examples/gmsa'], recursive: false, namespace: extra.namespace, allNamespaces: extra.allNamespaces});
  const options = {names: extra.names};
  const snapshot = await source.snapshot(gmsaAnalysis.request(options));
  return runAnalysis(gmsaAnalysis, snapshot, options, source.capabilities());
}

const key = (i: GmsaItem) => `${i.kind}/${i.name}:${i.credentialSpec}`;

describe('analyses/gmsa on examples/gmsa (offline)', () => {
  let report: Report<GmsaItem>;
  before(async () => {
    report = await checkExamples();
  });

  it('one item per (workload, credential spec) with the contract fields', () => {
    for (const i of report.items) {
      for (const f of ['kind', 'namespace', 'name', 'serviceAccount', 'credentialSpec', 'containers', 'canUse', 'grantedBy', 'via'])
        assert.ok(f in i, `${key(i)} lacks ${f}`);
    }
    const dep = report.items.filter((i) => i.name === 'iis-webapp1');
    assert.deepEqual(
      dep.map((i) => [i.credentialSpec, i.containers]),
      [
        ['gmsa-webapp1', ['iis']],
        ['gmsa-ccg', ['worker']],
      ],
    );
  });

  it('canUse follows the RBAC examples: only the healthy grants say yes', () => {
    const can = Object.fromEntries(report.items.map((i) => [key(i), i.canUse]));
    assert.deepEqual(can, {
      'Deployment/iis-webapp1:gmsa-webapp1': true,
      'Deployment/iis-webapp1:gmsa-ccg': true,
      'Pod/iis-mixed-case:gmsa-webapp1': false,
      'Pod/iis-authenticated:gmsa-webapp1': false,
      'Pod/iis-elsewhere:gmsa-webapp1': false,
      'Pod/iis-wrong-group:gmsa-webapp1': false,
      'Pod/iis-missing-role:gmsa-webapp1': false,
      'Deployment/iis-no-binding:gmsa-webapp1': false,
      'Pod/iis-missing-credspec:gmsa-missing': true,
      'Pod/iis-swapped:gmsa-swapped': true,
      'Pod/iis-optout:gmsa-webapp1': true,
    });
    assert.ok(report.items.every((i) => i.via === 'evaluator'));
    const healthy = report.items.find((i) => i.name === 'iis-webapp1')!;
    assert.equal(
      healthy.grantedBy,
      'RBAC: allowed by RoleBinding "webapp1-uses-gmsa/gmsa-demo" of ClusterRole "gmsa-use-webapp1" to ServiceAccount "webapp1/gmsa-demo"',
    );
    assert.ok(report.items.filter((i) => i.canUse === false).every((i) => i.grantedBy === null && i.fix?.includes('kind: RoleBinding')));
  });

  it('explains each denial by its kind', () => {
    const first = (name: string) => report.items.find((i) => i.name === name)!.denial![0].kind;
    assert.equal(first('iis-mixed-case'), 'resource-name-case');
    assert.equal(first('iis-elsewhere'), 'other-namespace');
    assert.equal(first('iis-wrong-group'), 'wrong-api-group');
    assert.equal(first('iis-missing-role'), 'role-missing');
    assert.equal(first('iis-authenticated'), 'group-not-in-review');
    assert.equal(first('iis-no-binding'), 'group-not-in-review');
    const missingRole = report.items.find((i) => i.name === 'iis-missing-role')!;
    assert.equal(missingRole.reason, 'RBAC: clusterrole.rbac.authorization.k8s.io "gmsa-use-does-not-exist" not found');
  });

  it('finds exactly the broken links', () => {
    const ids = report.findings
      .filter((f) => f.severity !== 'info')
      .map((f) => `${f.id} ${f.object?.kind}/${f.object?.namespace ?? ''}/${f.object?.name}`)
      .sort();
    assert.deepEqual(ids, [
      'gmsa/credspec-domain-names GMSACredentialSpec//gmsa-swapped',
      'gmsa/credspec-missing Pod/gmsa-demo/iis-missing-credspec',
      'gmsa/credspec-no-account GMSACredentialSpec//gmsa-noaccount',
      'gmsa/credspec-no-content GMSACredentialSpec//gmsa-empty',
      'gmsa/rbac-use-denied Deployment/gmsa-demo/iis-no-binding',
      'gmsa/rbac-use-denied Pod/gmsa-demo/iis-authenticated',
      'gmsa/rbac-use-denied Pod/gmsa-demo/iis-elsewhere',
      'gmsa/rbac-use-denied Pod/gmsa-demo/iis-missing-role',
      'gmsa/rbac-use-denied Pod/gmsa-demo/iis-mixed-case',
      'gmsa/rbac-use-denied Pod/gmsa-demo/iis-wrong-group',
      'gmsa/webhook-failure-policy-ignore MutatingWebhookConfiguration//gmsa-webhook',
      'gmsa/webhook-failure-policy-ignore ValidatingWebhookConfiguration//gmsa-webhook',
      'gmsa/webhook-not-covering Pod/gmsa-optout/iis-optout',
      'gmsa/webhook-not-covering Pod/gmsa-optout/iis-optout',
    ]);
    const denied = report.findings.find((f) => f.id === 'gmsa/rbac-use-denied' && f.object?.name === 'iis-missing-role')!;
    assert.equal(
      denied.message,
      'service account "missing-role-sa" is not authorized to `use` GMSA cred spec "gmsa-webapp1", reason: "RBAC: clusterrole.rbac.authorization.k8s.io \\"gmsa-use-does-not-exist\\" not found"',
    );
    assert.equal(denied.field, 'spec.securityContext.windowsOptions.gmsaCredentialSpecName');
    // No EndpointSlices in the manifests: the endpoints check is skipped, not failed.
    assert.ok(report.skipped.some((s) => s.check === 'gmsa/webhook-no-endpoints'));
  });

  it('-n scopes the workloads but still sees RBAC and the webhook Service elsewhere', async () => {
    const scoped = await checkExamples({namespace: 'gmsa-demo'});
    assert.ok(scoped.items.every((i) => i.namespace === 'gmsa-demo'));
    assert.equal(scoped.items.find((i) => i.name === 'iis-elsewhere')!.denial![0].kind, 'other-namespace');
    assert.ok(!scoped.findings.some((f) => f.id === 'gmsa/webhook-service-missing'));
  });

  it('names select workloads', async () => {
    const one = await checkExamples({allNamespaces: true, names: ['iis-mixed-case']});
    assert.deepEqual(
      one.items.map((i) => i.name),
      ['iis-mixed-case'],
    );
  });

  it('a ServiceAccount missing from a namespace whose ServiceAccounts the manifests hold', async () => {
    const ghost = readFileSync('examples/gmsa/05-workloads.yaml', 'utf8').replace('serviceAccountName: case-sa', 'serviceAccountName: ghost');
    const source = new ManifestSource({filenames: ['-'], recursive: false, allNamespaces: true, stdin: () => ghost});
    const snapshot = await source.snapshot(gmsaAnalysis.request({}));
    const r = await runAnalysis(gmsaAnalysis, snapshot, {}, source.capabilities());
    const missing = r.findings.filter((f) => f.id === 'gmsa/service-account-missing');
    assert.deepEqual(
      missing.map((f) => [f.object?.name, f.field, f.message]),
      [['iis-mixed-case', 'spec.serviceAccountName', 'error looking up service account gmsa-demo/ghost: serviceaccount "ghost" not found']],
    );
    // gmsa-optout holds a ServiceAccount too, and "default" always exists: no other finding.
    assert.equal(report.findings.filter((f) => f.id === 'gmsa/service-account-missing').length, 0);
  });

  it("the docs' mixed-case name: the apiserver's invalid-name message, and a missing credential spec", async () => {
    const mixed = readFileSync('examples/gmsa/05-workloads.yaml', 'utf8').replace(
      'gmsaCredentialSpecName: gmsa-missing',
      'gmsaCredentialSpecName: gmsa-WebApp1',
    );
    const source = new ManifestSource({
      filenames: ['-', 'examples/gmsa/02-credspecs.yaml', 'examples/gmsa/01-crd.yaml'],
      recursive: false,
      allNamespaces: true,
      stdin: () => mixed,
    });
    const snapshot = await source.snapshot(gmsaAnalysis.request({}));
    const r = await runAnalysis(gmsaAnalysis, snapshot, {}, source.capabilities());
    const f = r.findings.filter((x) => x.object?.name === 'iis-missing-credspec').map((x) => [x.id, x.message]);
    assert.deepEqual(f, [
      ['gmsa/credspec-missing', 'cred spec gmsa-WebApp1 does not exist'],
      [
        'gmsa/credspec-name-invalid',
        `Invalid value: "gmsa-WebApp1": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')`,
      ],
    ]);
  });

  it('without RBAC in the manifests, the use check is skipped, not answered "no"', async () => {
    const source = new ManifestSource({filenames: ['examples/gmsa/05-workloads.yaml'], recursive: false, allNamespaces: true});
    const snapshot = await source.snapshot(gmsaAnalysis.request({}));
    const r = await runAnalysis(gmsaAnalysis, snapshot, {}, source.capabilities());
    assert.ok(r.items.every((i) => i.canUse === null));
    assert.ok(r.skipped.some((s) => s.check === 'gmsa/rbac-use-denied'));
    assert.equal(r.findings.filter((f) => f.severity === 'error').length, 0);
  });
});

describe('analyses/gmsa access reviews', () => {
  it('start while the stream is still being visited, one per (namespace, service account, credential spec), at most `concurrency` at once', async () => {
    const source = new ManifestSource({filenames: ['examples/gmsa'], recursive: false, allNamespaces: true});
    const options = {concurrency: 2};
    const snapshot = await source.snapshot(gmsaAnalysis.request(options));
    const caps = source.capabilities();
    const asked: string[] = [];
    let inFlight = 0;
    let most = 0;
    let visiting = true;
    let duringVisits = 0;
    const review = caps.accessReview!;
    const run = await gmsaAnalysis.begin(snapshot, options, {
      ...caps,
      async accessReview(q) {
        if (visiting) duringVisits++;
        asked.push(`${q.namespace}/${q.user}/${q.name}`);
        most = Math.max(most, ++inFlight);
        await new Promise((r) => setTimeout(r, 5));
        inFlight--;
        return review(q);
      },
    });
    for await (const w of snapshot.workloads()) await run.visit(w);
    visiting = false;
    const report = await run.finish();
    assert.ok(duringVisits > 0, 'no review started before finish');
    assert.equal(new Set(asked).size, asked.length, `a question was asked twice: ${asked.join(', ')}`);
    assert.equal(most, 2);
    // The same answers as the one-pass run above.
    assert.equal(report.items.find((i) => i.name === 'iis-webapp1')?.canUse, true);
    assert.equal(report.items.find((i) => i.name === 'iis-mixed-case')?.canUse, false);
  });
});

describe('analyses/gmsa pieces', () => {
  it('references: pod level inherited by containers, container level overrides, inline without a name', () => {
    const w = toWorkload(
      {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: {name: 'p', namespace: 'web'},
        spec: {
          securityContext: {windowsOptions: {gmsaCredentialSpecName: 'a'}},
          initContainers: [{name: 'init'}],
          containers: [
            {name: 'x'},
            {name: 'y', securityContext: {windowsOptions: {gmsaCredentialSpecName: 'b'}}},
            {name: 'z', securityContext: {windowsOptions: {gmsaCredentialSpec: '{}'}}},
          ],
        },
      },
      'default',
    )!;
    const r = gmsaReferences(w);
    assert.equal(r.serviceAccount, 'default');
    assert.deepEqual(
      r.references.map((x) => [x.credentialSpec, x.containers, x.fields]),
      [
        ['a', ['x', 'init'], ['spec.securityContext.windowsOptions.gmsaCredentialSpecName']],
        ['b', ['y'], ['spec.containers[1].securityContext.windowsOptions.gmsaCredentialSpecName']],
      ],
    );
    assert.deepEqual(r.inlineWithoutName, [{field: 'spec.containers[2].securityContext.windowsOptions.gmsaCredentialSpec', what: 'container "z"'}]);
  });

  it('credential spec content checks', () => {
    const cs = (credspec: unknown) => ({apiVersion: 'windows.k8s.io/v1', kind: 'GMSACredentialSpec', metadata: {name: 'x'}, credspec});
    const good = {
      ActiveDirectoryConfig: {
        GroupManagedServiceAccounts: [
          {Name: 'A', Scope: 'CONTOSO'},
          {Name: 'A', Scope: 'contoso.com'},
        ],
      },
      DomainJoinConfig: {DnsName: 'contoso.com', NetBiosName: 'CONTOSO', MachineAccountName: 'A', Guid: '244818ae-87ac-4fcd-92ec-e79e5252348a'},
    };
    assert.deepEqual(
      credSpecFindings(cs(good)).map((f) => f.id),
      ['gmsa/credspec-domain-joined-nodes'],
    );
    assert.deepEqual(
      credSpecFindings(cs({...good, DomainJoinConfig: {...good.DomainJoinConfig, MachineAccountName: 'B'}})).map((f) => f.id),
      ['gmsa/credspec-account-mismatch', 'gmsa/credspec-domain-joined-nodes'],
    );
    assert.deepEqual(
      credSpecFindings(cs({...good, DomainJoinConfig: {...good.DomainJoinConfig, NetBiosName: ''}})).map((f) => f.id),
      ['gmsa/credspec-domain', 'gmsa/credspec-domain-joined-nodes'],
    );
    assert.deepEqual(
      credSpecFindings(cs({...good, DomainJoinConfig: {...good.DomainJoinConfig, NetBiosName: 'CONTOSOCORPORATION'}})).map((f) => f.id),
      ['gmsa/credspec-domain-names', 'gmsa/credspec-account-mismatch', 'gmsa/credspec-domain-joined-nodes'],
    );
    const host = {
      ...good,
      ActiveDirectoryConfig: {...good.ActiveDirectoryConfig, HostAccountConfig: {PortableCcgVersion: '1', PluginGUID: 'nope', PluginInput: ''}},
    };
    const hostFindings = credSpecFindings(cs(host));
    assert.deepEqual(
      hostFindings.map((f) => f.id),
      ['gmsa/credspec-host-account'],
    );
    assert.match(hostFindings[0].message, /PluginGUID "nope" is not a GUID; PluginInput is missing/);
  });

  const CERT = readFileSync('test/unit/analyses/gmsa/testdata/webhook-ca.pem', 'utf8');
  const caBundle = Buffer.from(CERT).toString('base64');
  const config = (kind: string, failurePolicy?: string, extra: Record<string, unknown> = {}) => ({
    apiVersion: 'admissionregistration.k8s.io/v1',
    kind,
    metadata: {name: 'gmsa-webhook'},
    webhooks: [
      {
        name: 'admission-webhook.windows-gmsa.sigs.k8s.io',
        clientConfig: {service: {name: 'gmsa-webhook', namespace: 'gmsa'}, caBundle},
        rules: [{operations: ['CREATE'], apiGroups: [''], apiVersions: ['v1'], resources: ['pods']}],
        ...(failurePolicy ? {failurePolicy} : {}),
        ...extra,
      },
    ],
  });

  it('webhooks: found by name, covers by namespace and object selectors', () => {
    const hooks = findGmsaWebhooks(
      [
        config('MutatingWebhookConfiguration', undefined, {
          namespaceSelector: {matchExpressions: [{key: 'gmsa-webhook', operator: 'NotIn', values: ['disabled']}]},
          objectSelector: {matchExpressions: [{key: 'skip', operator: 'DoesNotExist'}]},
        }),
      ],
      [config('ValidatingWebhookConfiguration')],
    );
    assert.deepEqual(
      hooks.map((h) => h.kind),
      ['MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration'],
    );
    assert.equal(webhookCovers(hooks[0], {}, {}).covers, true);
    assert.equal(webhookCovers(hooks[0], {'gmsa-webhook': 'disabled'}, {}).covers, false);
    assert.equal(webhookCovers(hooks[0], {}, {skip: 'yes'}).covers, false);
    assert.equal(
      findGmsaWebhooks(
        [
          {
            kind: 'MutatingWebhookConfiguration',
            metadata: {name: 'other'},
            webhooks: [{name: 'x.example.com', rules: [{operations: ['CREATE'], apiGroups: [''], apiVersions: ['v1'], resources: ['pods']}]}],
          },
        ],
        [],
      ).length,
      0,
    );
  });

  it('webhooks: service, endpoints, caBundle and certificate expiry', () => {
    const {certs} = parseCaBundle(caBundle);
    assert.equal(certs.length, 1);
    const expiry = new Date(certs[0].validTo);
    const [hook] = findGmsaWebhooks([config('MutatingWebhookConfiguration')], []);
    const svc = {apiVersion: 'v1', kind: 'Service', metadata: {name: 'gmsa-webhook', namespace: 'gmsa'}};
    const slice = (ready: boolean) => ({
      apiVersion: 'discovery.k8s.io/v1',
      kind: 'EndpointSlice',
      metadata: {name: 's', namespace: 'gmsa', labels: {'kubernetes.io/service-name': 'gmsa-webhook'}},
      endpoints: [{addresses: ['10.0.0.5'], conditions: {ready}}],
    });
    const ids = (input: Parameters<typeof webhookFindings>[1]) => webhookFindings(hook, input).map((f) => f.id);
    const now = new Date(expiry.getTime() - 100 * 86_400_000);
    assert.deepEqual(ids({services: [svc], endpointslices: [slice(true)], now}), []);
    assert.deepEqual(ids({services: [], endpointslices: [], now}), ['gmsa/webhook-service-missing']);
    assert.deepEqual(ids({services: [svc], endpointslices: [slice(false)], now}), ['gmsa/webhook-no-endpoints']);
    assert.deepEqual(ids({services: [svc], endpointslices: [slice(true)], now: new Date(expiry.getTime() - 10 * 86_400_000)}), ['gmsa/webhook-cert-expiring']);
    assert.deepEqual(ids({services: [svc], endpointslices: [slice(true)], now: new Date(expiry.getTime() + 86_400_000)}), ['gmsa/webhook-cert-expired']);
    const [noCa] = findGmsaWebhooks(
      [
        {
          ...config('MutatingWebhookConfiguration'),
          webhooks: [
            {
              ...config('MutatingWebhookConfiguration').webhooks[0],
              clientConfig: {service: {name: 'gmsa-webhook', namespace: 'gmsa'}},
              failurePolicy: 'Ignore',
            },
          ],
        },
      ],
      [],
    );
    assert.deepEqual(
      webhookFindings(noCa, {services: [svc], endpointslices: [slice(true)], now}).map((f) => f.id),
      ['gmsa/webhook-cabundle-missing', 'gmsa/webhook-failure-policy-ignore'],
    );
    assert.ok(parseCaBundle(Buffer.from('not a pem').toString('base64')).error);
  });
});
