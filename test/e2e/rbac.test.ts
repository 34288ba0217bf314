// `kubectl win rbac` against the real control plane: for every read-only command, the printed
// ClusterRole is applied with kubectl (it must be accepted), bound to a ServiceAccount of its own,
// and the command run as that ServiceAccount (a token from the TokenRequest API) reads everything it
// needs: nothing more is skipped than for an admin, and the same items come back. --optional adds
// the access reviews (the apiserver answers gMSA use instead of our evaluator).
import assert from 'node:assert/strict';
import {execFileSync} from 'node:child_process';
import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {parse, stringify} from 'yaml';
import type {ControlPlane} from '../../harness/index.js';
import {runCli} from './cli.js';
import {controlPlaneWith} from './live.js';
import type {Report, Skipped} from '../../src/report/types.js';

const NS = `rbac-e2e-${Date.now() % 100000}`;
const COMMANDS = [['qos'], ['lint'], ['gmsa', 'check'], ['psp', 'readiness'], ['nodes'], ['doctor']];
const slug = (cmd: string[]) => cmd.join('-');

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the envelope as JSON, walked by the assertions
type Json = any;

/** A self-signed certificate (base64 PEM) for the webhook's serving Secret and caBundle. */
function selfSigned(): string {
  const dir = mkdtempSync(join(tmpdir(), 'rbac-cert-'));
  try {
    execFileSync(
      'openssl',
      ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(dir, 'k'), '-out', join(dir, 'c'), '-days', '365', '-subj', `/CN=${NS}`],
      {stdio: 'ignore'},
    );
    return readFileSync(join(dir, 'c')).toString('base64');
  } finally {
    rmSync(dir, {recursive: true, force: true});
  }
}

/**
 * A gMSA webhook served by a pod that mounts its certificate Secret, so the serving-certificate
 * check has a Secret to read. It intercepts nothing: it selects no namespace and fails open.
 */
function webhookWorld(node: string): string {
  const cert = selfSigned();
  return `apiVersion: v1
kind: Secret
metadata: {name: gmsa-webhook-tls, namespace: ${NS}}
data: {tls.crt: ${cert}}
---
apiVersion: v1
kind: Pod
metadata: {name: gmsa-webhook, namespace: ${NS}}
spec:
  nodeName: ${node}
  containers: [{name: webhook, image: sigs.k8s.io/windows-gmsa-webhook, volumeMounts: [{name: tls, mountPath: /tls}]}]
  volumes: [{name: tls, secret: {secretName: gmsa-webhook-tls}}]
---
apiVersion: v1
kind: Service
metadata: {name: gmsa-webhook, namespace: ${NS}}
spec: {ports: [{port: 443}]}
---
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata: {name: gmsa-webhook-1, namespace: ${NS}, labels: {kubernetes.io/service-name: gmsa-webhook}}
addressType: IPv4
endpoints: [{addresses: [10.0.0.9], conditions: {ready: true}, targetRef: {kind: Pod, name: gmsa-webhook, namespace: ${NS}}}]
ports: [{port: 443}]
---
apiVersion: admissionregistration.k8s.io/v1
kind: MutatingWebhookConfiguration
metadata: {name: ${NS}-gmsa}
webhooks:
- name: admission-webhook.windows-gmsa.sigs.k8s.io
  clientConfig: {service: {name: gmsa-webhook, namespace: ${NS}, path: /mutate}, caBundle: ${cert}}
  rules: [{operations: [CREATE], apiGroups: [""], apiVersions: ["*"], resources: [pods]}]
  failurePolicy: Ignore
  timeoutSeconds: 1
  sideEffects: None
  admissionReviewVersions: [v1]
  namespaceSelector: {matchLabels: {${NS}: never}}
`;
}

/** The serving certificate's Secret is optional: without it that one check is skipped, nothing else. */
const SECRET_SKIP = (s: Skipped) => s.check === 'gmsa/webhook-serving-cert' && /cannot read Secret/.test(s.reason);

describe('kubectl win rbac (e2e): each command as a ServiceAccount bound only to its printed role', function () {
  this.timeout(300_000);
  let cp: ControlPlane;
  const roles: string[] = [];

  before(async function () {
    cp = await controlPlaneWith(this, NS);
    await cp.apply(`apiVersion: v1
kind: Pod
metadata: {name: iis, namespace: ${NS}}
spec:
  nodeName: ${cp.nodes.win2022}
  os: {name: windows}
  tolerations: [{key: os, operator: Equal, value: windows, effect: NoSchedule}]
  securityContext: {windowsOptions: {gmsaCredentialSpecName: ${NS}-spec}}
  containers: [{name: iis, image: mcr.microsoft.com/windows/servercore/iis, resources: {limits: {cpu: 500m, memory: 256Mi}}}]
---
${webhookWorld(cp.nodes.linux)}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: ${NS}}
spec:
  replicas: 0
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: web, image: mcr.microsoft.com/windows/servercore/iis}]
---
apiVersion: v1
kind: LimitRange
metadata: {name: defaults, namespace: ${NS}}
spec:
  limits: [{type: Container, defaultRequest: {memory: 64Mi}}]
`);
  });

  after(async () => {
    if (!cp) return;
    await cp.api('DELETE', `/apis/admissionregistration.k8s.io/v1/mutatingwebhookconfigurations/${NS}-gmsa`);
    await cp.api('DELETE', `/api/v1/namespaces/${NS}`);
    for (const r of roles) {
      await cp.api('DELETE', `/apis/rbac.authorization.k8s.io/v1/clusterroles/${r}`);
      await cp.api('DELETE', `/apis/rbac.authorization.k8s.io/v1/clusterrolebindings/${r}`);
    }
  });

  /** Prints the role with `kubectl win rbac`, applies it with kubectl, and returns a kubeconfig of a new ServiceAccount bound only to it. */
  async function serviceAccountWith(rbacArgs: string[], name: string): Promise<string> {
    const printed = await runCli(['rbac', ...rbacArgs, '--name', name]);
    assert.equal(printed.code, 0, printed.stderr);
    const applied = await cp.kubectl(['apply', '-f', '-'], {input: printed.stdout});
    assert.equal(applied.code, 0, `kubectl apply refused the manifest: ${applied.stderr}`);
    assert.match(applied.stdout, new RegExp(`clusterrole.rbac.authorization.k8s.io/${name} (created|configured|unchanged)`));
    roles.push(name);
    const sa = await cp.api('POST', `/api/v1/namespaces/${NS}/serviceaccounts`, {apiVersion: 'v1', kind: 'ServiceAccount', metadata: {name}});
    assert.ok(sa.status < 300, JSON.stringify(sa.body));
    const binding = {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: {name},
      roleRef: {apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name},
      subjects: [{kind: 'ServiceAccount', name, namespace: NS}],
    };
    const b = await cp.api('POST', '/apis/rbac.authorization.k8s.io/v1/clusterrolebindings', binding);
    assert.ok(b.status < 300, JSON.stringify(b.body));
    const token = await cp.api<Json>('POST', `/api/v1/namespaces/${NS}/serviceaccounts/${name}/token`, {
      apiVersion: 'authentication.k8s.io/v1',
      kind: 'TokenRequest',
      spec: {expirationSeconds: 3600},
    });
    assert.equal(token.status, 201, JSON.stringify(token.body));
    const kc = parse(readFileSync(cp.kubeconfig, 'utf8'));
    kc.users = [{name, user: {token: token.body.status.token}}];
    kc.contexts = [{name, context: {cluster: kc.clusters[0].name, user: name}}];
    kc['current-context'] = name;
    const file = join(cp.dir, `${name}.kubeconfig`);
    writeFileSync(file, stringify(kc), {mode: 0o600});
    await cp.rbacSynced(NS);
    return file;
  }

  const run = async (cmd: string[], kubeconfig: string) => {
    const r = await runCli([...cmd, '-A', '-o', 'json', '--fail-on', 'none'], {kubeconfig});
    assert.equal(r.code, 0, `${cmd.join(' ')}: exit ${r.code}: ${r.stderr}`);
    assert.doesNotMatch(r.stderr, /forbidden/i);
    return r.json<Report<Json>>();
  };
  const checks = (s: Skipped[]) => s.map((x) => `${x.check}: ${x.reason}`).sort();
  /** The items this test's namespace contributes (the shared control plane holds other suites' objects too). */
  const ours = (cmd: string[], report: Report<Json>) =>
    cmd[0] === 'nodes'
      ? report.items.map((i) => i.name).sort()
      : cmd[0] === 'doctor'
        ? report.items.map((i) => [i.analysis, i.status])
        : report.items
            .filter((i) => i.namespace === NS)
            .map((i) => `${i.kind}/${i.name}`)
            .sort();

  for (const cmd of COMMANDS) {
    it(`${cmd.join(' ')}: the printed role is accepted, and with it the command reads all it needs`, async () => {
      const kubeconfig = await serviceAccountWith(cmd, `${NS}-${slug(cmd)}`);
      const [asSa, asAdmin] = [await run(cmd, kubeconfig), await run(cmd, cp.kubeconfig)];
      assert.ok(asAdmin.items.length > 0);
      const readsSecrets = cmd[0] === 'gmsa' || cmd[0] === 'doctor';
      assert.equal(asSa.skipped.some(SECRET_SKIP), readsSecrets, 'the webhook Secret is read only with --optional');
      assert.deepEqual(checks(asSa.skipped.filter((s) => !SECRET_SKIP(s))), checks(asAdmin.skipped), `${cmd.join(' ')}: skipped as the ServiceAccount`);
      assert.deepEqual(ours(cmd, asSa), ours(cmd, asAdmin));
      assert.ok(ours(cmd, asSa).length > 0, 'something of ours was checked');
      if (cmd[0] === 'doctor')
        for (const item of asSa.items)
          assert.deepEqual(
            checks(item.skipped.filter((s: Skipped) => !SECRET_SKIP(s))),
            checks(asAdmin.items.find((a: Json) => a.analysis === item.analysis).skipped),
            item.analysis,
          );
      if (cmd.join(' ') === 'gmsa check') {
        const mine = asSa.items.filter((i: Json) => i.namespace === NS);
        const admin = asAdmin.items.filter((i: Json) => i.namespace === NS);
        // Without create on localsubjectaccessreviews: the evaluator over the RBAC it may read, with the apiserver's answer.
        assert.deepEqual(
          mine.map((i: Json) => [i.canUse, i.via]),
          admin.map((i: Json) => [i.canUse, 'evaluator']),
        );
        assert.deepEqual(
          admin.map((i: Json) => i.via),
          admin.map(() => 'apiserver'),
        );
      }
    });
  }

  it('--optional: gmsa check asks the apiserver itself and reads the webhook certificate Secrets', async () => {
    const kubeconfig = await serviceAccountWith(['gmsa', 'check', '--optional'], `${NS}-gmsa-optional`);
    const [asSa, asAdmin] = [await run(['gmsa', 'check'], kubeconfig), await run(['gmsa', 'check'], cp.kubeconfig)];
    assert.deepEqual(checks(asSa.skipped), checks(asAdmin.skipped));
    // The serving-certificate check ran on our webhook's Secret, as for the admin.
    const certFindings = (r: Report<Json>) =>
      r.findings
        .filter((f) => f.id.startsWith('gmsa/webhook-serving-cert') && f.message.includes(NS))
        .map((f) => `${f.id}: ${f.message}`)
        .sort();
    assert.ok(certFindings(asAdmin).length > 0, 'the admin run checked the serving certificate');
    assert.deepEqual(certFindings(asSa), certFindings(asAdmin));
    const mine = asSa.items.filter((i: Json) => i.namespace === NS);
    assert.ok(mine.length > 0);
    assert.deepEqual(
      mine.map((i: Json) => [i.canUse, i.via, i.grantedBy]),
      asAdmin.items.filter((i: Json) => i.namespace === NS).map((i: Json) => [i.canUse, i.via, i.grantedBy]),
    );
    assert.deepEqual(
      mine.map((i: Json) => i.via),
      mine.map(() => 'apiserver'),
    );
  });

  it("--optional: psp readiness --server-dry-run gets PSA's answer as the ServiceAccount", async () => {
    const kubeconfig = await serviceAccountWith(['psp', 'readiness', '--optional'], `${NS}-psp-optional`);
    const r = await runCli(['psp', 'readiness', '-n', NS, '--server-dry-run', '-o', 'json', '--fail-on', 'none'], {kubeconfig});
    assert.equal(r.code, 0, r.stderr);
    const report = r.json<Report<Json>>();
    const admin = (await runCli(['psp', 'readiness', '-n', NS, '--server-dry-run', '-o', 'json', '--fail-on', 'none'], {kubeconfig: cp.kubeconfig})).json<
      Report<Json>
    >();
    assert.deepEqual(checks(report.skipped), checks(admin.skipped));
    assert.ok(
      report.items.some((i) => (i.serverDryRun ?? []).length > 0),
      'PSA was asked',
    );
    assert.deepEqual(
      report.items.map((i) => i.serverDryRun ?? null),
      admin.items.map((i) => i.serverDryRun ?? null),
    );
  });

  it('gmsa nltest: its role (pods/exec) runs the domain checks; the read-only role cannot exec', async () => {
    await cp.waitForPodRunning(NS, 'iis');
    const withExec = await serviceAccountWith(['gmsa', 'nltest'], `${NS}-nltest`);
    const r = await runCli(['gmsa', 'nltest', '-n', NS, 'iis', '-o', 'json'], {kubeconfig: withExec});
    assert.equal(r.code, 0, r.stderr);
    const item = r.json<Report<Json>>().items[0];
    assert.ok(item.steps.length > 0 && item.steps.every((s: Json) => s.exitCode === 0), JSON.stringify(item.steps));
    const readOnly = await serviceAccountWith([], `${NS}-read-only`);
    const denied = await runCli(['gmsa', 'nltest', '-n', NS, 'iis', '-o', 'json'], {kubeconfig: readOnly});
    assert.notEqual(denied.code, 0);
    assert.match(denied.stdout + denied.stderr, /forbidden|cannot exec/i);
  });

  it('text output is the manifest alone; -o json is the RBACReport envelope; bad input is exit 2', async () => {
    const text = await runCli(['rbac']);
    assert.equal(text.code, 0);
    assert.equal(parse(text.stdout).kind, 'ClusterRole');
    const json = (await runCli(['rbac', 'gmsa', 'check', '-o', 'json'])).json();
    assert.equal(json.kind, 'RBACReport');
    assert.deepEqual(json.source, {type: 'none'});
    assert.equal(json.clusterRole.metadata.name, 'kubectl-win-gmsa-check');
    assert.ok(json.items.every((i: Json) => i.why && i.commands.includes('gmsa check')));
    for (const bad of [
      ['rbac', 'frobnicate'],
      ['rbac', '--name', 'a/b'],
      ['rbac', '-o', 'wide'],
    ]) {
      const r = await runCli(bad);
      assert.equal(r.code, 2, bad.join(' '));
      assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
    }
  });
});
