// `kubectl win gmsa check` on the real control plane: a world with a healthy and a broken link of
// every kind (CRD, webhooks, credential specs, references, RBAC use grants). Live and offline (the
// same objects exported as manifests) must find exactly the broken links, with identical canUse
// answers; a user who may not create reviews gets the same answers from the evaluator.
// The webhook configurations never intercept other suites' pods: they select only namespaces
// labelled e2e-gmsa=on (ours), fail open (Ignore, timeoutSeconds 1), and call a URL on 127.0.0.1
// that nothing serves, or select no namespace at all.
import assert from 'node:assert/strict';
import {execFileSync} from 'node:child_process';
import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {controlPlane, type ControlPlane} from '../../harness/index.js';
import {runCli} from './cli.js';
import type {GmsaItem} from '../../src/analyses/gmsa/analysis.js';
import {b64, TestPki} from '../unit/analyses/gmsa/pki.js';

const P = 'e2e-gmsa';
const WEB = `${P}-web`;
const ELSEWHERE = `${P}-elsewhere`;
const OPTOUT = `${P}-optout`;
const HOOKNS = `${P}-hook`;

function cert(days: number): string {
  const dir = mkdtempSync(join(tmpdir(), 'gmsa-cert-'));
  try {
    execFileSync(
      'openssl',
      ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(dir, 'k'), '-out', join(dir, 'c'), '-days', String(days), '-subj', `/CN=${P}-${days}d`],
      {stdio: 'ignore'},
    );
    return Buffer.from(readFileSync(join(dir, 'c'))).toString('base64');
  } finally {
    rmSync(dir, {recursive: true, force: true});
  }
}

const credspec = (name: string, dj: Record<string, string>, accounts: {Name: string; Scope: string}[]) => `apiVersion: windows.k8s.io/v1
kind: GMSACredentialSpec
metadata: {name: ${name}}
credspec:
  ActiveDirectoryConfig:
    GroupManagedServiceAccounts: ${JSON.stringify(accounts)}
  CmsPlugins: [ActiveDirectory]
  DomainJoinConfig: ${JSON.stringify({DnsTreeName: 'contoso.com', Guid: '244818ae-87ac-4fcd-92ec-e79e5252348a', Sid: 'S-1-5-21-2126449477-2524075714-3094792973', ...dj})}
`;

const clusterRole = (name: string, rule: Record<string, unknown>) => `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: ${name}}
rules: [${JSON.stringify(rule)}]
`;

const roleBinding = (ns: string, name: string, role: string, subjects: unknown[]) => `apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: ${name}, namespace: ${ns}}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: ${role}}
subjects: ${JSON.stringify(subjects)}
`;

const use = (names: string[], extra: Record<string, unknown> = {}) => ({
  apiGroups: ['windows.k8s.io'],
  resources: ['gmsacredentialspecs'],
  verbs: ['use'],
  resourceNames: names,
  ...extra,
});
const sa = (name: string, namespace = WEB) => ({kind: 'ServiceAccount', name, namespace});

function pod(ns: string, name: string, serviceAccount: string, spec: string, node: string, containerSpec?: string): string {
  return `apiVersion: v1
kind: Pod
metadata: {name: ${name}, namespace: ${ns}, labels: {app: ${name}}}
spec:
  serviceAccountName: ${serviceAccount}
  nodeName: ${node}
  os: {name: windows}
  tolerations: [{key: os, operator: Equal, value: windows, effect: NoSchedule}]
  securityContext: {windowsOptions: {gmsaCredentialSpecName: ${spec}}}
  containers:
  - name: iis
    image: mcr.microsoft.com/windows/servercore/iis:windowsservercore-ltsc2022
${containerSpec ? `  - name: worker\n    image: mcr.microsoft.com/windows/servercore:ltsc2022\n    securityContext: {windowsOptions: {gmsaCredentialSpecName: ${containerSpec}}}\n` : ''}`;
}

function world(cp: ControlPlane): string[] {
  const good = cert(3650);
  const expiring = cert(10);
  const hook = (
    kind: string,
    name: string,
    client: Record<string, unknown>,
    nsSelector: Record<string, unknown>,
    ops: string[],
  ) => `apiVersion: admissionregistration.k8s.io/v1
kind: ${kind}
metadata: {name: ${name}}
webhooks:
- name: admission-webhook.windows-gmsa.sigs.k8s.io
  clientConfig: ${JSON.stringify(client)}
  rules: [{operations: ${JSON.stringify(ops)}, apiGroups: [""], apiVersions: ["*"], resources: [pods]}]
  failurePolicy: Ignore
  timeoutSeconds: 1
  sideEffects: None
  admissionReviewVersions: [v1, v1beta1]
  namespaceSelector: ${JSON.stringify(nsSelector)}
`;
  const ours = {matchLabels: {'e2e-gmsa': 'on'}, matchExpressions: [{key: 'gmsa-webhook', operator: 'NotIn', values: ['disabled']}]};
  const nobody = {matchLabels: {'e2e-gmsa': 'never'}};
  const crd = readFileSync(join(process.cwd(), 'examples', 'gmsa', '01-crd.yaml'), 'utf8');
  const sas = ['webapp1', 'case-sa', 'auth-sa', 'elsewhere-sa', 'wrong-group-sa', 'missing-role-sa', 'no-binding-sa'];
  const win = cp.nodes.win2022;
  return [
    crd,
    // Credential specs: healthy and broken content.
    [
      credspec(`${P}-webapp1`, {DnsName: 'contoso.com', NetBiosName: 'CONTOSO', MachineAccountName: 'WebApp1'}, [
        {Name: 'WebApp1', Scope: 'CONTOSO'},
        {Name: 'WebApp1', Scope: 'contoso.com'},
      ]),
      credspec(`${P}-swapped`, {DnsName: 'CONTOSO', NetBiosName: 'contoso.com', MachineAccountName: 'WebApp3'}, [{Name: 'WebApp3', Scope: 'contoso.com'}]),
      credspec(`${P}-noaccount`, {DnsName: 'contoso.com', NetBiosName: 'CONTOSO', MachineAccountName: 'WebApp4'}, []),
      `apiVersion: windows.k8s.io/v1\nkind: GMSACredentialSpec\nmetadata: {name: ${P}-empty}\n`,
    ].join('---\n'),
    [
      // Webhooks: a healthy pair that covers our namespaces, and broken ones that cover nobody.
      hook('MutatingWebhookConfiguration', `${P}-ok`, {url: 'https://127.0.0.1:1/mutate', caBundle: good}, ours, ['CREATE']),
      hook('ValidatingWebhookConfiguration', `${P}-ok`, {url: 'https://127.0.0.1:1/validate', caBundle: good}, ours, ['CREATE', 'UPDATE']),
      hook(
        'MutatingWebhookConfiguration',
        `${P}-bad-svc`,
        {service: {name: 'no-such-service', namespace: HOOKNS, path: '/mutate'}, caBundle: expiring},
        nobody,
        ['CREATE'],
      ),
      hook('ValidatingWebhookConfiguration', `${P}-bad-ep`, {service: {name: 'gmsa-webhook', namespace: HOOKNS, path: '/validate'}}, nobody, [
        'CREATE',
        'UPDATE',
      ]),
      `apiVersion: v1\nkind: Service\nmetadata: {name: gmsa-webhook, namespace: ${HOOKNS}}\nspec:\n  selector: {app: no-pods}\n  ports: [{port: 443, targetPort: 443}]\n`,
    ].join('---\n'),
    [
      ...sas.map((s) => `apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: ${s}, namespace: ${WEB}}\n`),
      `apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: webapp1, namespace: ${OPTOUT}}\n`,
      clusterRole(`${P}-use`, use([`${P}-webapp1`, `${P}-swapped`, `${P}-missing`])),
      roleBinding(WEB, 'webapp1-uses', `${P}-use`, [sa('webapp1')]),
      roleBinding(OPTOUT, 'webapp1-uses', `${P}-use`, [{kind: 'ServiceAccount', name: 'webapp1'}]),
      clusterRole(`${P}-mixed-case`, use([`${P}-WebApp1`])),
      roleBinding(WEB, 'case-sa-uses', `${P}-mixed-case`, [sa('case-sa')]),
      `apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata: {name: ${P}-authenticated}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: ${P}-use-auth}\nsubjects: [{kind: Group, apiGroup: rbac.authorization.k8s.io, name: "system:authenticated"}]\n`,
      clusterRole(`${P}-use-auth`, use([`${P}-webapp1`])),
      roleBinding(ELSEWHERE, 'elsewhere-sa-uses', `${P}-use`, [sa('elsewhere-sa')]),
      clusterRole(`${P}-wrong-group`, use([`${P}-webapp1`], {apiGroups: ['']})),
      roleBinding(WEB, 'wrong-group-sa-uses', `${P}-wrong-group`, [sa('wrong-group-sa')]),
      roleBinding(WEB, 'missing-role-sa-uses', `${P}-does-not-exist`, [sa('missing-role-sa')]),
    ].join('---\n'),
    [
      pod(WEB, 'iis-webapp1', 'webapp1', `${P}-webapp1`, win, `${P}-swapped`),
      pod(WEB, 'iis-mixed-case', 'case-sa', `${P}-webapp1`, win),
      pod(WEB, 'iis-authenticated', 'auth-sa', `${P}-webapp1`, win),
      pod(WEB, 'iis-elsewhere', 'elsewhere-sa', `${P}-webapp1`, win),
      pod(WEB, 'iis-wrong-group', 'wrong-group-sa', `${P}-webapp1`, win),
      pod(WEB, 'iis-missing-role', 'missing-role-sa', `${P}-webapp1`, win),
      pod(WEB, 'iis-no-binding', 'no-binding-sa', `${P}-webapp1`, win),
      pod(WEB, 'iis-missing-credspec', 'webapp1', `${P}-missing`, win),
      pod(OPTOUT, 'iis-optout', 'webapp1', `${P}-webapp1`, win),
      `apiVersion: batch/v1
kind: CronJob
metadata: {name: iis-template, namespace: ${WEB}}
spec:
  schedule: "0 0 1 1 *"
  suspend: true
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: Never
          serviceAccountName: no-binding-sa
          nodeSelector: {kubernetes.io/os: windows}
          tolerations: [{key: os, operator: Equal, value: windows, effect: NoSchedule}]
          containers:
          - name: iis
            image: mcr.microsoft.com/windows/servercore/iis:windowsservercore-ltsc2022
            securityContext: {windowsOptions: {gmsaCredentialSpecName: ${P}-noaccount}}
`,
    ].join('---\n'),
  ];
}

const KINDS: [string, string][] = [
  ['/api/v1/namespaces', 'Namespace'],
  ['/apis/apiextensions.k8s.io/v1/customresourcedefinitions', 'CustomResourceDefinition'],
  ['/apis/windows.k8s.io/v1/gmsacredentialspecs', 'GMSACredentialSpec'],
  ['/apis/admissionregistration.k8s.io/v1/mutatingwebhookconfigurations', 'MutatingWebhookConfiguration'],
  ['/apis/admissionregistration.k8s.io/v1/validatingwebhookconfigurations', 'ValidatingWebhookConfiguration'],
  ['/api/v1/services', 'Service'],
  ['/apis/discovery.k8s.io/v1/endpointslices', 'EndpointSlice'],
  ['/api/v1/serviceaccounts', 'ServiceAccount'],
  ['/apis/rbac.authorization.k8s.io/v1/roles', 'Role'],
  ['/apis/rbac.authorization.k8s.io/v1/rolebindings', 'RoleBinding'],
  ['/apis/rbac.authorization.k8s.io/v1/clusterroles', 'ClusterRole'],
  ['/apis/rbac.authorization.k8s.io/v1/clusterrolebindings', 'ClusterRoleBinding'],
  ['/api/v1/pods', 'Pod'],
  ['/apis/batch/v1/cronjobs', 'CronJob'],
];

/** The live objects, written as List manifests: the offline run reads exactly what the cluster holds. */
async function exportWorld(cp: ControlPlane, dir: string): Promise<void> {
  for (const [path, kind] of KINDS) {
    const r = await cp.api<{apiVersion: string; items: Record<string, unknown>[]}>('GET', path);
    assert.equal(r.status, 200, `${path}: ${r.status}`);
    const apiVersion = path.startsWith('/api/') ? 'v1' : path.split('/').slice(2, 4).join('/');
    const items = r.body.items.map((o) => ({apiVersion, kind, ...o}));
    writeFileSync(join(dir, `${kind}.json`), JSON.stringify({apiVersion: 'v1', kind: 'List', items}));
  }
}

type Finding = {id: string; severity: string; object?: {kind: string; namespace?: string; name: string}; message: string};
type GmsaReport = {kind: string; items: GmsaItem[]; findings: Finding[]; skipped: {check: string; reason: string}[]};

const mine = (r: GmsaReport) => ({
  items: r.items.filter((i) => i.namespace.startsWith(`${P}-`)),
  findings: r.findings.filter((f) => (f.object?.namespace ?? f.object?.name ?? '').startsWith(`${P}-`) || (f.object?.name ?? '').startsWith(`${P}-`)),
});

const canUseMap = (items: GmsaItem[]) => Object.fromEntries(items.map((i) => [`${i.namespace}/${i.kind}/${i.name}:${i.credentialSpec}`, i.canUse]).sort());
const brokenIds = (findings: Finding[]) =>
  findings
    .filter((f) => f.severity !== 'info')
    .map((f) => `${f.id} ${f.object?.kind}/${f.object?.namespace ?? ''}/${f.object?.name}`)
    .sort();

const EXPECTED_BROKEN = [
  `gmsa/credspec-domain-names GMSACredentialSpec//${P}-swapped`,
  `gmsa/credspec-missing Pod/${WEB}/iis-missing-credspec`,
  `gmsa/credspec-no-account GMSACredentialSpec//${P}-noaccount`,
  `gmsa/credspec-no-content GMSACredentialSpec//${P}-empty`,
  `gmsa/rbac-use-denied CronJob/${WEB}/iis-template`,
  `gmsa/rbac-use-denied Pod/${WEB}/iis-authenticated`,
  `gmsa/rbac-use-denied Pod/${WEB}/iis-elsewhere`,
  `gmsa/rbac-use-denied Pod/${WEB}/iis-missing-role`,
  `gmsa/rbac-use-denied Pod/${WEB}/iis-mixed-case`,
  `gmsa/rbac-use-denied Pod/${WEB}/iis-no-binding`,
  `gmsa/rbac-use-denied Pod/${WEB}/iis-wrong-group`,
  `gmsa/webhook-cabundle-missing ValidatingWebhookConfiguration//${P}-bad-ep`,
  `gmsa/webhook-cert-expiring MutatingWebhookConfiguration//${P}-bad-svc`,
  `gmsa/webhook-failure-policy-ignore MutatingWebhookConfiguration//${P}-bad-svc`,
  `gmsa/webhook-failure-policy-ignore MutatingWebhookConfiguration//${P}-ok`,
  `gmsa/webhook-failure-policy-ignore ValidatingWebhookConfiguration//${P}-bad-ep`,
  `gmsa/webhook-failure-policy-ignore ValidatingWebhookConfiguration//${P}-ok`,
  `gmsa/webhook-no-endpoints ValidatingWebhookConfiguration//${P}-bad-ep`,
  `gmsa/webhook-not-covering Pod/${OPTOUT}/iis-optout`,
  `gmsa/webhook-not-covering Pod/${OPTOUT}/iis-optout`,
  `gmsa/webhook-service-missing MutatingWebhookConfiguration//${P}-bad-svc`,
].sort();

describe('e2e gmsa check: the gMSA chain live and offline', function () {
  this.timeout(300_000);
  let cp: ControlPlane;
  let live: GmsaReport;
  let dir: string;

  before(async function () {
    cp = await controlPlane();
    await cp.createNamespace(WEB, {'e2e-gmsa': 'on'});
    await cp.createNamespace(ELSEWHERE, {'e2e-gmsa': 'on'});
    await cp.createNamespace(OPTOUT, {'e2e-gmsa': 'on', 'gmsa-webhook': 'disabled'});
    await cp.createNamespace(HOOKNS, {'gmsa-webhook': 'disabled'});
    const [crd, ...rest] = world(cp);
    await cp.apply(crd);
    const wait = await cp.kubectl(['wait', '--for=condition=Established', '--timeout=60s', 'crd/gmsacredentialspecs.windows.k8s.io']);
    assert.equal(wait.code, 0, wait.stderr);
    for (const part of rest) await cp.apply(part);
    // The EndpointSlice controller writes an empty slice for the Service; RBAC caches catch up.
    const deadline = Date.now() + 20_000;
    while (
      (await cp.api<{items: unknown[]}>('GET', `/apis/discovery.k8s.io/v1/namespaces/${HOOKNS}/endpointslices`)).body.items.length === 0 &&
      Date.now() < deadline
    )
      await new Promise((r) => setTimeout(r, 200));
    await new Promise((r) => setTimeout(r, 1000));
    dir = mkdtempSync(join(tmpdir(), 'gmsa-export-'));
    await exportWorld(cp, dir);
    const r = await runCli(['gmsa', 'check', '-A', '-o', 'json', '--fail-on', 'none'], {kubeconfig: cp.kubeconfig});
    assert.equal(r.code, 0, r.stderr);
    live = r.json();
  });

  after(async () => {
    if (dir) rmSync(dir, {recursive: true, force: true});
    // Cluster-scoped objects of this suite go; the CRD stays (other gMSA suites share it).
    for (const [kind, names] of [
      ['clusterroles', [`${P}-use`, `${P}-mixed-case`, `${P}-use-auth`, `${P}-wrong-group`]],
      ['clusterrolebindings', [`${P}-authenticated`]],
      ['mutatingwebhookconfigurations', [`${P}-ok`, `${P}-bad-svc`]],
      ['validatingwebhookconfigurations', [`${P}-ok`, `${P}-bad-ep`]],
    ] as const) {
      await cp?.kubectl(['delete', kind, ...names, '--ignore-not-found', '--wait=false']);
    }
  });

  it('live: items carry the contract fields; the apiserver answers', () => {
    const {items} = mine(live);
    assert.equal(live.kind, 'GMSAReport');
    assert.equal(items.length, 11);
    for (const i of items)
      for (const f of ['kind', 'namespace', 'name', 'serviceAccount', 'credentialSpec', 'containers', 'canUse', 'grantedBy'])
        assert.ok(f in i, `${i.name} lacks ${f}`);
    assert.ok(items.every((i) => i.via === 'apiserver'));
    const healthy = items.find((i) => i.name === 'iis-webapp1' && i.credentialSpec === `${P}-webapp1`)!;
    assert.equal(healthy.canUse, true);
    assert.equal(healthy.grantedBy, `RBAC: allowed by RoleBinding "webapp1-uses/${WEB}" of ClusterRole "${P}-use" to ServiceAccount "webapp1/${WEB}"`);
    assert.deepEqual(healthy.containers, ['iis']);
    const worker = items.find((i) => i.name === 'iis-webapp1' && i.credentialSpec === `${P}-swapped`)!;
    assert.deepEqual(worker.containers, ['worker']);
  });

  it('live: finds exactly the broken links', () => {
    assert.deepEqual(brokenIds(mine(live).findings), EXPECTED_BROKEN);
  });

  it('live: each denial is explained by its cause', () => {
    const first = (name: string) => mine(live).items.find((i) => i.name === name)!.denial?.[0]?.kind;
    assert.equal(first('iis-mixed-case'), 'resource-name-case');
    assert.equal(first('iis-authenticated'), 'group-not-in-review');
    assert.equal(first('iis-elsewhere'), 'other-namespace');
    assert.equal(first('iis-wrong-group'), 'wrong-api-group');
    assert.equal(first('iis-missing-role'), 'role-missing');
    assert.equal(first('iis-no-binding'), 'group-not-in-review');
  });

  it('offline (-f, the same objects exported): the same broken links and identical canUse answers', async () => {
    const r = await runCli(['gmsa', 'check', '-f', dir, '-A', '-o', 'json', '--fail-on', 'none']);
    assert.equal(r.code, 0, r.stderr);
    const offline: GmsaReport = r.json();
    assert.deepEqual(canUseMap(mine(offline).items), canUseMap(mine(live).items));
    assert.ok(mine(offline).items.every((i) => i.via === 'evaluator'));
    const granted = (items: GmsaItem[]) => Object.fromEntries(items.map((i) => [`${i.namespace}/${i.kind}/${i.name}:${i.credentialSpec}`, i.grantedBy]).sort());
    assert.deepEqual(granted(mine(offline).items), granted(mine(live).items));
    assert.deepEqual(brokenIds(mine(offline).findings), EXPECTED_BROKEN);
  });

  it('a user who may not create reviews gets the evaluator, marked via: evaluator, with the same answers', async () => {
    const r = await runCli(['gmsa', 'check', '-A', '-o', 'json', '--fail-on', 'none'], {kubeconfig: cp.users.noReview.kubeconfig});
    assert.equal(r.code, 0, r.stderr);
    const limited: GmsaReport = r.json();
    assert.ok(mine(limited).items.every((i) => i.via === 'evaluator'));
    assert.deepEqual(canUseMap(mine(limited).items), canUseMap(mine(live).items));
  });

  it('a user who reads only namespaced kinds: unread links are skipped, and no denial is claimed without all RBAC', async () => {
    const r = await runCli(['gmsa', 'check', '-A', '-o', 'json'], {kubeconfig: cp.users.limited.kubeconfig});
    assert.equal(r.code, 4, `the credential specs, webhooks and ClusterRoles it examines were not read: ${r.stderr}`);
    const limited: GmsaReport = r.json();
    const checks = limited.skipped.map((s) => s.check);
    for (const c of ['gmsa/crd-missing', 'gmsa/webhook-missing', 'gmsa/credspec-missing', 'gmsa/rbac-use-denied'])
      assert.ok(checks.includes(c), `${c} not skipped: ${JSON.stringify(limited.skipped)}`);
    const items = mine(limited).items;
    assert.equal(items.length, mine(live).items.length);
    assert.ok(
      items.every((i) => i.canUse !== false),
      'a denial from partial RBAC would be a guess',
    );
    assert.ok(!limited.findings.some((f) => f.id === 'gmsa/rbac-use-denied' || f.id === 'gmsa/crd-missing' || f.id === 'gmsa/webhook-missing'));
  });

  it('-n scopes to one namespace and still checks the webhook Service in its own namespace; exit 1 on errors', async () => {
    const r = await runCli(['gmsa', 'check', '-n', WEB, 'iis-mixed-case', '-o', 'json'], {kubeconfig: cp.kubeconfig});
    assert.equal(r.code, 1, r.stderr);
    const one: GmsaReport = r.json();
    assert.deepEqual(
      one.items.map((i) => [i.name, i.canUse]),
      [['iis-mixed-case', false]],
    );
    assert.ok(one.findings.some((f) => f.id === 'gmsa/webhook-no-endpoints' && f.object?.name === `${P}-bad-ep`));
    assert.ok(!one.findings.some((f) => f.id === 'gmsa/webhook-service-missing' && f.object?.name === `${P}-bad-ep`));
  });

  it('text output names the granting binding and the fix', async () => {
    const r = await runCli(['gmsa', 'check', '-n', WEB, '--fail-on', 'none'], {kubeconfig: cp.kubeconfig});
    assert.equal(r.code, 0, r.stderr);
    // the table shows the binding (namespace/name, as kubectl names it) and its role (the whole RBAC reason is in -o wide and -o json)
    assert.match(r.stdout, new RegExp(`RoleBinding ${WEB}/webapp1-uses \\(ClusterRole e2e-gmsa-use\\)`));
    assert.match(r.stdout, /kind: RoleBinding/);
  });
});

// The certificate the webhook's pods serve: Deployment-less Pods with a secret volume behind
// selector-less Services, EndpointSlices written by hand with targetRefs to them. One serving
// certificate expires in 10 days, one is signed by a CA the caBundle does not hold. The webhook
// configurations select no namespace and fail open, so they never intercept anything.
describe('e2e gmsa check: the webhook serving certificate', function () {
  this.timeout(180_000);
  const TLS = `${P}-tls`;
  const EXPIRING = `${P}-tls-expiring`;
  const FOREIGN = `${P}-tls-foreign`;
  const READER = `${P}-tls-no-secrets`;
  let cp: ControlPlane;
  let pki: TestPki;
  let dir: string;

  const servingIds = (r: GmsaReport) =>
    r.findings
      .filter((f) => f.id.startsWith('gmsa/webhook-serving-cert') && [EXPIRING, FOREIGN].includes(f.object?.name ?? ''))
      .map((f) => `${f.id} ${f.object?.kind}/${f.object?.name}`)
      .sort();
  const EXPECTED = [
    `gmsa/webhook-serving-cert-expiring MutatingWebhookConfiguration/${EXPIRING}`,
    `gmsa/webhook-serving-cert-untrusted ValidatingWebhookConfiguration/${FOREIGN}`,
  ];

  before(async function () {
    cp = await controlPlane();
    pki = new TestPki();
    const ca = pki.ca(`${P}-ca`);
    const otherCa = pki.ca(`${P}-other-ca`);
    const expiring = pki.issue(ca, `hook-expiring.${TLS}.svc`, {days: 10, dnsNames: ['hook-expiring', `hook-expiring.${TLS}.svc`]});
    const foreign = pki.issue(otherCa, `hook-foreign.${TLS}.svc`, {days: 365, dnsNames: [`hook-foreign.${TLS}.svc`]});
    await cp.createNamespace(TLS, {'gmsa-webhook': 'disabled'});
    const backend = (name: string, cert: string) => [
      `apiVersion: v1\nkind: Secret\nmetadata: {name: ${name}-tls, namespace: ${TLS}}\ntype: kubernetes.io/tls\ndata: {tls.crt: ${b64(cert)}, tls.key: ${b64('not used')}}\n`,
      `apiVersion: v1
kind: Pod
metadata: {name: ${name}-0, namespace: ${TLS}, labels: {app: ${name}}}
spec:
  nodeName: ${cp.nodes.linux}
  containers: [{name: webhook, image: registry.k8s.io/pause:3.10, volumeMounts: [{name: tls, mountPath: /tls, readOnly: true}]}]
  volumes: [{name: tls, secret: {secretName: ${name}-tls}}]
`,
      `apiVersion: v1\nkind: Service\nmetadata: {name: ${name}, namespace: ${TLS}}\nspec: {ports: [{port: 443, targetPort: 443}]}\n`,
      `apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata: {name: ${name}-1, namespace: ${TLS}, labels: {kubernetes.io/service-name: ${name}, endpointslice.kubernetes.io/managed-by: e2e-gmsa}}
addressType: IPv4
ports: [{name: "", port: 443, protocol: TCP}]
endpoints: [{addresses: [10.244.1.${name === 'hook-expiring' ? 10 : 11}], conditions: {ready: true}, targetRef: {kind: Pod, namespace: ${TLS}, name: ${name}-0}}]
`,
    ];
    const hook = (kind: string, name: string, svc: string) => `apiVersion: admissionregistration.k8s.io/v1
kind: ${kind}
metadata: {name: ${name}}
webhooks:
- name: admission-webhook.windows-gmsa.sigs.k8s.io
  clientConfig: {service: {name: ${svc}, namespace: ${TLS}, path: /validate}, caBundle: ${b64(ca.pem)}}
  rules: [{operations: [CREATE], apiGroups: [""], apiVersions: ["*"], resources: [pods]}]
  failurePolicy: Ignore
  timeoutSeconds: 1
  sideEffects: None
  admissionReviewVersions: [v1]
  namespaceSelector: {matchLabels: {e2e-gmsa: never}}
`;
    await cp.apply(
      [
        ...backend('hook-expiring', expiring.pem),
        ...backend('hook-foreign', foreign.pem),
        hook('MutatingWebhookConfiguration', EXPIRING, 'hook-expiring'),
        hook('ValidatingWebhookConfiguration', FOREIGN, 'hook-foreign'),
        // Reads everything gmsa check needs except Secrets.
        `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: ${READER}}
rules:
- {apiGroups: [admissionregistration.k8s.io, discovery.k8s.io, apiextensions.k8s.io, windows.k8s.io, rbac.authorization.k8s.io, apps, batch], resources: ["*"], verbs: [get, list, watch]}
- {apiGroups: [""], resources: [pods, services, namespaces, serviceaccounts, replicationcontrollers, podtemplates], verbs: [get, list, watch]}
`,
        clusterRoleBindingFor(READER),
      ].join('---\n'),
    );
    dir = mkdtempSync(join(tmpdir(), 'gmsa-tls-export-'));
  });

  after(async () => {
    pki?.cleanup();
    if (dir) rmSync(dir, {recursive: true, force: true});
    await cp?.kubectl(['delete', 'mutatingwebhookconfigurations', EXPIRING, '--ignore-not-found', '--wait=false']);
    await cp?.kubectl(['delete', 'validatingwebhookconfigurations', FOREIGN, '--ignore-not-found', '--wait=false']);
    await cp?.kubectl(['delete', 'clusterrolebindings', READER, '--ignore-not-found', '--wait=false']);
    await cp?.kubectl(['delete', 'clusterroles', READER, '--ignore-not-found', '--wait=false']);
  });

  it('live (-A): reads the pods behind the Services and their Secrets; finds the expiring and the untrusted serving certificate', async () => {
    const r = await runCli(['gmsa', 'check', '-A', '-o', 'json', '--fail-on', 'none'], {kubeconfig: cp.kubeconfig});
    assert.equal(r.code, 0, r.stderr);
    const report: GmsaReport = r.json();
    assert.deepEqual(servingIds(report), EXPECTED);
    const expiring = report.findings.find((f) => f.id === 'gmsa/webhook-serving-cert-expiring' && f.object?.name === EXPIRING)!;
    assert.match(
      expiring.message,
      new RegExp(`Secret "${TLS}/hook-expiring-tls" key tls\\.crt \\(served by pod "${TLS}/hook-expiring-0"\\) expires on .* \\(in (9|10) days\\)`),
    );
    // The caBundle itself is healthy: no caBundle finding on ours.
    assert.ok(!report.findings.some((f) => /^gmsa\/webhook-(cabundle|cert)-/.test(f.id) && [EXPIRING, FOREIGN].includes(f.object?.name ?? '')));
  });

  it('-n: the same, through the webhook namespace', async () => {
    const r = await runCli(['gmsa', 'check', '-n', TLS, '-o', 'json', '--fail-on', 'none'], {kubeconfig: cp.kubeconfig});
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(servingIds(r.json()), EXPECTED);
  });

  it('a user who may not read Secrets: skipped with the apiserver reason, never a pass', async () => {
    const kubeconfig = await cp.kubeconfigFor(READER);
    const r = await runCli(['gmsa', 'check', '-A', '-o', 'json', '--fail-on', 'none'], {kubeconfig});
    assert.equal(r.code, 0, r.stderr);
    const report: GmsaReport = r.json();
    assert.deepEqual(servingIds(report), []);
    const reasons = report.skipped.filter((s) => s.check === 'gmsa/webhook-serving-cert').map((s) => s.reason);
    for (const name of ['hook-expiring-tls', 'hook-foreign-tls']) {
      assert.ok(
        reasons.some((x) => x.includes(`cannot read Secret "${TLS}/${name}": secrets "${name}" is forbidden: User "${READER}" cannot get resource "secrets"`)),
        reasons.join('\n'),
      );
    }
    // The caBundle-only checks still ran on these webhooks.
    assert.ok(report.findings.some((f) => f.id === 'gmsa/webhook-failure-policy-ignore' && f.object?.name === EXPIRING));
  });

  it('offline (-f): the exported Pods, Secrets and EndpointSlices give the same answer; without the Secrets, skipped', async () => {
    const get = async (path: string, kind: string, apiVersion: string, keep: (o: {metadata: {name: string}}) => boolean) => {
      const res = await cp.api<{items: {metadata: {name: string}}[]}>('GET', path);
      assert.equal(res.status, 200, path);
      return res.body.items.filter(keep).map((o) => ({apiVersion, kind, ...o}));
    };
    const ours = (o: {metadata: {name: string}}) => [EXPIRING, FOREIGN].includes(o.metadata.name);
    const all = () => true;
    const parts: [string, unknown[]][] = [
      [
        'webhooks.json',
        [
          ...(await get(
            '/apis/admissionregistration.k8s.io/v1/mutatingwebhookconfigurations',
            'MutatingWebhookConfiguration',
            'admissionregistration.k8s.io/v1',
            ours,
          )),
          ...(await get(
            '/apis/admissionregistration.k8s.io/v1/validatingwebhookconfigurations',
            'ValidatingWebhookConfiguration',
            'admissionregistration.k8s.io/v1',
            ours,
          )),
        ],
      ],
      ['services.json', await get(`/api/v1/namespaces/${TLS}/services`, 'Service', 'v1', all)],
      ['endpointslices.json', await get(`/apis/discovery.k8s.io/v1/namespaces/${TLS}/endpointslices`, 'EndpointSlice', 'discovery.k8s.io/v1', all)],
      ['pods.json', await get(`/api/v1/namespaces/${TLS}/pods`, 'Pod', 'v1', all)],
      ['secrets.json', await get(`/api/v1/namespaces/${TLS}/secrets`, 'Secret', 'v1', all)],
    ];
    for (const [file, items] of parts) writeFileSync(join(dir, file), JSON.stringify({apiVersion: 'v1', kind: 'List', items}));
    const offline = await runCli(['gmsa', 'check', '-f', dir, '-A', '-o', 'json', '--fail-on', 'none']);
    assert.equal(offline.code, 0, offline.stderr);
    assert.deepEqual(servingIds(offline.json()), EXPECTED);
    rmSync(join(dir, 'secrets.json'));
    const noSecrets = await runCli(['gmsa', 'check', '-f', dir, '-A', '-o', 'json', '--fail-on', 'none']);
    assert.equal(noSecrets.code, 0, noSecrets.stderr);
    const report: GmsaReport = noSecrets.json();
    assert.deepEqual(servingIds(report), []);
    assert.ok(
      report.skipped.some((s) => s.check === 'gmsa/webhook-serving-cert' && s.reason.includes(`no Secret "${TLS}/hook-expiring-tls" in the manifests`)),
      JSON.stringify(report.skipped),
    );
  });
});

function clusterRoleBindingFor(name: string): string {
  return `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: ${name}}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: ${name}}
subjects: [{apiGroup: rbac.authorization.k8s.io, kind: User, name: ${name}}]
`;
}
