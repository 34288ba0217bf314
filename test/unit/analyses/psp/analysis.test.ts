// The readiness analysis over an in-memory snapshot: levels per namespace, double counting, the
// label commands, current-enforce violations, the Windows findings, PSP input, and the dry-run
// comparison (with a fake dryRunLabelNamespace capability).
import assert from 'node:assert/strict';
import {LATEST_MINOR} from '../../../../src/k8s/minor-versions.js';
import {pspReadinessAnalysis, osPatch, type NamespaceItem, type PspReadinessOptions} from '../../../../src/analyses/psp/analysis.js';
import {expectedDryRunWarnings} from '../../../../src/analyses/psp/dry-run.js';
import {runAnalysis, type FinishHandOver} from '../../../../src/analyses/types.js';
import {sortFindings} from '../../../../src/report/build.js';
import {majorMinor} from '../../../../src/k8s/pss/api.js';
import type {Finding, Report} from '../../../../src/report/types.js';
import type {Capabilities, Snapshot} from '../../../../src/k8s/snapshot.js';
import type {KubeObject} from '../../../../src/k8s/object.js';
import {toWorkload} from '../../../../src/source/workloads.js';

const restrictedCtr = (name: string) => ({name, image: 'x', securityContext: {allowPrivilegeEscalation: false, capabilities: {drop: ['ALL']}}});
const restrictedSpec = () => ({securityContext: {runAsNonRoot: true, seccompProfile: {type: 'RuntimeDefault'}}, containers: [restrictedCtr('app')]});

function ns(name: string, labels: Record<string, string> = {}): KubeObject {
  return {apiVersion: 'v1', kind: 'Namespace', metadata: {name, labels}};
}

function snapshot(objects: KubeObject[], extra: Partial<Snapshot> = {}): Snapshot {
  const byKind = (k: string) => objects.filter((o) => o.kind === k);
  return {
    source: {type: 'cluster', context: 'test', server: 'https://x', serverVersion: 'v1.34.3'},
    serverVersion: {gitVersion: 'v1.34.3', major: 1, minor: 34},
    objects: {
      namespaces: byKind('Namespace'),
      podsecuritypolicies: byKind('PodSecurityPolicy'),
      clusterroles: byKind('ClusterRole'),
      clusterrolebindings: byKind('ClusterRoleBinding'),
      roles: byKind('Role'),
      rolebindings: byKind('RoleBinding'),
    },
    skipped: [],
    async *workloads() {
      for (const o of objects) {
        const w = toWorkload(o, 'default');
        if (w) yield w;
      }
    },
    ...extra,
  };
}

async function run(objects: KubeObject[], options: PspReadinessOptions = {}, caps: Capabilities = {mode: 'cluster'}, extra: Partial<Snapshot> = {}) {
  const report = (await runAnalysis(pspReadinessAnalysis, snapshot(objects, extra), options, caps)) as Report<NamespaceItem> & {podSecurityPolicies: unknown[]};
  const item = (n: string) => report.items.find((i) => i.namespace === n)!;
  return {report, item};
}

describe('psp readiness analysis', () => {
  const deployment = (name: string, namespace: string, spec: object): KubeObject => ({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {name, namespace, uid: `d-${name}`},
    spec: {template: {metadata: {}, spec}},
  });
  const rs = (name: string, namespace: string, owner: string, spec: object): KubeObject => ({
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: {name, namespace, ownerReferences: [{apiVersion: 'apps/v1', kind: 'Deployment', name: owner, uid: `d-${owner}`, controller: true}]},
    spec: {template: {metadata: {}, spec}},
  });
  const pod = (name: string, namespace: string, spec: object, owner?: {kind: string; name: string}, annotations?: Record<string, string>): KubeObject => ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {name, namespace, annotations, ...(owner ? {ownerReferences: [{apiVersion: 'apps/v1', ...owner, uid: 'u', controller: true}]} : {})},
    spec,
  });

  it('advises keeping system namespaces privileged or exempt instead of enforcing what they meet today', async () => {
    const {report} = await run([ns('kube-system'), ns('web')]);
    const advice = (n: string) => report.findings.find((f) => f.id === 'psp/no-enforce-label' && f.object?.name === n)?.remedy?.text ?? '';
    assert.match(advice('kube-system'), /keep it privileged or exempt it/);
    assert.doesNotMatch(advice('web'), /system namespace/);
  });

  it('never prints an enforce command for a system namespace or one where nothing was evaluated, and says why', async () => {
    const {report, item} = await run([
      ns('kube-system'),
      ns('kube-public'),
      ns('empty'),
      ns('web'),
      deployment('ok', 'web', restrictedSpec()),
      deployment('dns', 'kube-system', restrictedSpec()),
    ]);
    for (const n of ['kube-system', 'kube-public', 'empty']) {
      assert.deepEqual(item(n).commands, [], n);
      assert.ok(item(n).noEnforce, n);
      const f = report.findings.find((x) => x.object?.name === n && x.id === 'psp/no-enforce-label');
      assert.equal(f?.remedy?.command, undefined, n);
    }
    assert.match(item('empty').noEnforce ?? '', /Nothing was evaluated/);
    assert.match(item('kube-system').noEnforce ?? '', /keep it privileged or exempt it/);
    assert.equal(item('web').noEnforce, undefined);
    assert.match(item('web').commands[2], /enforce=restricted/);
  });

  it('recommends the lowest level any pod or template meets; empty namespaces get restricted', async () => {
    const base = {containers: [{name: 'c', image: 'x'}]};
    const {item} = await run([ns('a'), ns('empty'), deployment('ok', 'a', restrictedSpec()), deployment('meh', 'a', base)]);
    assert.equal(item('a').recommendedLevel, 'baseline');
    assert.equal(item('a').nextLevel, 'restricted');
    assert.deepEqual(
      item('a').blockers.map((b) => b.name),
      ['meh'],
    );
    assert.match(item('a').blockers[0].violations, /^violates PodSecurity "restricted:v1\.34": allowPrivilegeEscalation != false/);
    assert.equal(item('empty').recommendedLevel, 'restricted');
    assert.equal(item('a').version, 'v1.34', 'live default: the server minor');
  });

  it('counts a Deployment once: its ReplicaSet and pods are countedUnder it unless their level differs', async () => {
    const spec = {containers: [{name: 'c', image: 'x'}]};
    const {report, item} = await run([
      ns('a'),
      deployment('web', 'a', spec),
      rs('web-1', 'a', 'web', spec),
      pod('web-1-x', 'a', spec, {kind: 'ReplicaSet', name: 'web-1'}),
      pod('web-1-y', 'a', {...spec, hostNetwork: true}, {kind: 'ReplicaSet', name: 'web-1'}),
    ]);
    const a = item('a');
    assert.equal(a.pods.length, 4, 'every pod and template is listed');
    assert.equal(a.pods.find((p) => p.name === 'web-1')!.countedUnder, 'Deployment/web');
    assert.equal(a.pods.find((p) => p.name === 'web-1-x')!.countedUnder, 'Deployment/web');
    assert.equal(a.pods.find((p) => p.name === 'web-1-y')!.countedUnder, undefined, 'a pod that differs from its template counts on its own');
    assert.deepEqual(a.counts, {restricted: 0, baseline: 1, privileged: 1, units: 2, evaluated: 4});
    assert.equal(report.findings.filter((f) => f.id === 'psp/blocks-restricted').length, 1);
    assert.equal(report.findings.filter((f) => f.id === 'psp/blocks-baseline').length, 1);
  });

  it('commands: audit and warn at the next level first, a server dry run, then enforce, pinned to the version', async () => {
    const {item} = await run([ns('a'), deployment('meh', 'a', {containers: [{name: 'c', image: 'x'}]})], {version: 'v1.30'});
    assert.deepEqual(item('a').commands, [
      'kubectl label --overwrite ns a pod-security.kubernetes.io/audit=restricted pod-security.kubernetes.io/audit-version=v1.30 pod-security.kubernetes.io/warn=restricted pod-security.kubernetes.io/warn-version=v1.30',
      'kubectl label --dry-run=server --overwrite ns a pod-security.kubernetes.io/enforce=baseline pod-security.kubernetes.io/enforce-version=v1.30',
      'kubectl label --overwrite ns a pod-security.kubernetes.io/enforce=baseline pod-security.kubernetes.io/enforce-version=v1.30',
    ]);
  });

  it('offline: the default is latest, the one LATEST_MINOR of every analysis', async () => {
    const {item} = await run([ns('a')], {}, {mode: 'manifests'}, {serverVersion: undefined, source: {type: 'manifests', files: ['x.yaml']}});
    assert.equal(item('a').version, `v1.${LATEST_MINOR}`);
  });

  it("current enforce: a template its namespace would reject is an error with PSA's message; invalid labels too", async () => {
    const {report, item} = await run([
      ns('strict', {'pod-security.kubernetes.io/enforce': 'restricted', 'pod-security.kubernetes.io/enforce-version': 'v1.34'}),
      ns('bad', {'pod-security.kubernetes.io/enforce': 'strict'}),
      {
        apiVersion: 'batch/v1',
        kind: 'CronJob',
        metadata: {name: 'cj', namespace: 'strict'},
        spec: {jobTemplate: {spec: {template: {spec: {containers: [{name: 'c', image: 'x'}]}}}}},
      },
    ]);
    const f = report.findings.find((x) => x.id === 'psp/violates-enforce')!;
    assert.equal(f.severity, 'error');
    assert.equal(f.field, 'spec.jobTemplate.spec.template.spec');
    assert.match(f.message, /^violates PodSecurity "restricted:v1\.34": allowPrivilegeEscalation != false \(container "c" must set/);
    assert.deepEqual(item('bad').labelErrors, [
      'metadata.labels[pod-security.kubernetes.io/enforce]: Invalid value: "strict": must be one of privileged, baseline, restricted',
    ]);
    assert.equal(item('bad').currentPolicy.enforce, 'restricted:latest');
    assert.ok(report.findings.some((x) => x.id === 'psp/label-invalid' && x.object?.name === 'bad'));
  });

  it('enforce latest on a 1.34 server means v1.34 (a v1.37-only sysctl is still forbidden)', async () => {
    const spec = {...restrictedSpec(), securityContext: {...restrictedSpec().securityContext, sysctls: [{name: 'net.ipv4.tcp_notsent_lowat', value: '1'}]}};
    const {report} = await run([ns('a', {'pod-security.kubernetes.io/enforce': 'baseline'}), pod('p', 'a', spec)]);
    const f = report.findings.find((x) => x.id === 'psp/violates-enforce');
    assert.equal(f?.message, 'violates PodSecurity "baseline:latest": forbidden sysctls (net.ipv4.tcp_notsent_lowat)');
  });

  it('Windows: missing spec.os.name with the patch, HostProcess needs privileged, ContainerAdministrator under runAsNonRoot', async () => {
    const winSpec = {nodeSelector: {'kubernetes.io/os': 'windows'}, securityContext: {runAsNonRoot: true}, containers: [{name: 'w', image: 'x'}]};
    const hpc = {
      os: {name: 'windows'},
      hostNetwork: true,
      securityContext: {windowsOptions: {hostProcess: true, runAsUserName: 'NT AUTHORITY\\SYSTEM'}},
      containers: [{name: 'h', image: 'x'}],
    };
    const admin = {
      os: {name: 'windows'},
      securityContext: {runAsNonRoot: true, windowsOptions: {runAsUserName: 'containeradministrator'}},
      containers: [{name: 'x', image: 'x'}],
    };
    const {report, item} = await run([
      ns('w'),
      deployment('iis', 'w', winSpec),
      {apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: {name: 'agent', namespace: 'w'}, spec: {template: {spec: hpc}}},
      pod('adm', 'w', admin),
    ]);
    const missing = report.findings.find((f) => f.id === 'psp/windows-missing-os')!;
    assert.equal(missing.object?.name, 'iis');
    assert.equal(missing.field, 'spec.template.spec.os.name');
    assert.deepEqual(missing.remedy?.patch, {spec: {template: {spec: {os: {name: 'windows'}}}}});
    assert.equal(item('w').pods.find((p) => p.name === 'iis')!.levelWithOsWindows, 'restricted');
    assert.deepEqual(item('w').hostProcess, ['DaemonSet/agent']);
    assert.ok(report.findings.some((f) => f.id === 'psp/windows-hostprocess' && f.object?.name === 'agent'));
    const adm = report.findings.find((f) => f.id === 'psp/windows-run-as-non-root')!;
    assert.equal(adm.object?.name, 'adm');
    assert.match(adm.message, /^container's runAsUserName \(containeradministrator\) which will be regarded as root identity and will break non-root policy/);
    assert.equal(item('w').pods.find((p) => p.name === 'adm')!.level, 'restricted', 'PSA itself admits it at restricted');
  });

  it('PodSecurityPolicies: level, mutating, who may use them, and pods admitted under one their SA may not use', async () => {
    const objects: KubeObject[] = [
      ns('a'),
      {
        apiVersion: 'policy/v1beta1',
        kind: 'PodSecurityPolicy',
        metadata: {name: 'priv'},
        spec: {privileged: true, seLinux: {rule: 'RunAsAny'}, runAsUser: {rule: 'RunAsAny'}, volumes: ['*']},
      },
      {
        apiVersion: 'policy/v1beta1',
        kind: 'PodSecurityPolicy',
        metadata: {name: 'unused'},
        spec: {seLinux: {rule: 'RunAsAny'}, runAsUser: {rule: 'MustRunAs'}},
      },
      {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'ClusterRole',
        metadata: {name: 'use-priv'},
        rules: [{apiGroups: ['extensions'], resources: ['podsecuritypolicies'], verbs: ['use'], resourceNames: ['priv']}],
      },
      {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'RoleBinding',
        metadata: {name: 'rb', namespace: 'a'},
        roleRef: {apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'use-priv'},
        subjects: [{kind: 'ServiceAccount', name: 'builder', namespace: 'a'}],
      },
      pod('p1', 'a', {serviceAccountName: 'default', containers: [{name: 'c', image: 'x'}]}, undefined, {'kubernetes.io/psp': 'priv'}),
      pod('p2', 'a', {serviceAccountName: 'builder', containers: [{name: 'c', image: 'x'}]}, undefined, {'kubernetes.io/psp': 'priv'}),
    ];
    const {report, item} = await run(objects);
    const psps = report.podSecurityPolicies as {name: string; level: string; mutating: unknown[]; usableBy: {subject: string; namespace: string | null}[]}[];
    const priv = psps.find((p) => p.name === 'priv')!;
    assert.equal(priv.level, 'privileged');
    assert.deepEqual(
      priv.usableBy.map((u) => [u.subject, u.namespace]),
      [['ServiceAccount "builder/a"', 'a']],
    );
    const unused = psps.find((p) => p.name === 'unused')!;
    assert.ok(unused.mutating.length > 0, 'runAsUser MustRunAs mutates');
    assert.ok(report.findings.some((f) => f.id === 'psp/policy-unused' && f.object?.name === 'unused'));
    assert.ok(report.findings.some((f) => f.id === 'psp/policy-mutating' && f.object?.name === 'unused'));
    const notGranted = report.findings.filter((f) => f.id === 'psp/pod-psp-not-granted').map((f) => f.object?.name);
    assert.deepEqual(notGranted, ['p1']);
    assert.equal(item('a').pods.find((p) => p.name === 'p2')!.psp, 'priv');
    assert.deepEqual(item('a').podSecurityPolicies, ['priv']);
    // One namespace: only the policies its pods were admitted under or its ServiceAccounts may use.
    const one = (await run(objects, {}, {mode: 'cluster'}, {namespace: 'a'})).report;
    assert.deepEqual(
      (one.podSecurityPolicies as {name: string}[]).map((p) => p.name),
      ['priv'],
    );
    assert.ok(!one.findings.some((f) => f.object?.name === 'unused'), 'no finding on a policy namespace a does not use');
    assert.ok(one.findings.some((f) => f.id === 'psp/pod-psp-not-granted'));
    const selected = (await run(objects, {selector: 'app=x'})).report;
    assert.ok(!selected.findings.some((f) => f.object?.name === 'unused'), '-l narrows too');
  });

  it('PSP not served: the read error becomes psp/policies skipped with the reason', async () => {
    const {report} = await run(
      [ns('a')],
      {},
      {mode: 'cluster'},
      {skipped: [{check: 'read/podsecuritypolicies', reason: 'API not served: podsecuritypolicies'}]},
    );
    const s = report.skipped.find((x) => x.check === 'psp/policies');
    assert.match(s!.reason, /not served by this cluster \(removed in v1\.25\)/);
  });

  it("--server-dry-run: compares PSA's warnings with ours, flags a difference, skips unchanged policies", async () => {
    const calls: string[] = [];
    const objects = [
      ns('a', {'pod-security.kubernetes.io/enforce': 'baseline', 'pod-security.kubernetes.io/enforce-version': 'v1.34'}),
      pod('z', 'a', {containers: [{name: 'c', image: 'x'}]}),
      pod('b', 'a', {containers: [{name: 'c', image: 'x'}]}),
    ];
    const expectedRestricted = expectedDryRunWarnings('a', {level: 'restricted', version: majorMinor(1, 34)}, [
      {name: 'z', reason: 'allowPrivilegeEscalation != false, unrestricted capabilities, runAsNonRoot != true, seccompProfile'},
      {name: 'b', reason: 'allowPrivilegeEscalation != false, unrestricted capabilities, runAsNonRoot != true, seccompProfile'},
    ]);
    assert.deepEqual(expectedRestricted, [
      'existing pods in namespace "a" violate the new PodSecurity enforce level "restricted:v1.34"',
      'b (and 1 other pod): allowPrivilegeEscalation != false, unrestricted capabilities, runAsNonRoot != true, seccompProfile',
    ]);
    const agree: Capabilities = {
      mode: 'cluster',
      dryRunLabelNamespace: async (n, labels) => {
        calls.push(`${n} ${labels['pod-security.kubernetes.io/enforce']}`);
        return labels['pod-security.kubernetes.io/enforce'] === 'restricted' ? expectedRestricted : [];
      },
    };
    const ok = await run(objects, {serverDryRun: true}, agree);
    assert.deepEqual(calls, ['a restricted'], 'baseline:v1.34 is unchanged: PSA would check nothing');
    assert.equal(ok.item('a').serverDryRun![0].agrees, true);
    const exempt: Capabilities = {
      mode: 'cluster',
      dryRunLabelNamespace: async () => ['namespace "a" is exempt from Pod Security, and the policy (enforce=restricted:v1.34) will be ignored'],
    };
    const ex = await run(objects, {serverDryRun: true}, exempt);
    assert.equal(ex.item('a').serverDryRun![0].exempt, true);
    assert.ok(!ex.report.findings.some((f) => f.id === 'psp/server-dry-run-differs'));
    const differ: Capabilities = {mode: 'cluster', dryRunLabelNamespace: async () => []};
    const bad = await run(objects, {serverDryRun: true}, differ);
    assert.ok(bad.report.findings.some((f) => f.id === 'psp/server-dry-run-differs'));
  });

  it('osPatch builds the merge patch at any spec path', () => {
    assert.deepEqual(osPatch('spec'), {spec: {os: {name: 'windows'}}});
    assert.deepEqual(osPatch('spec.jobTemplate.spec.template.spec'), {spec: {jobTemplate: {spec: {template: {spec: {os: {name: 'windows'}}}}}}});
  });

  it('pods that fail alike share their violations, messages and controller: the same JSON, one object each', async () => {
    const loose = {containers: [{name: 'app', image: 'x'}]};
    const owner = {kind: 'ReplicaSet', name: 'web-1'};
    const {item} = await run([ns('web'), pod('a', 'web', loose, owner), pod('b', 'web', loose, owner), pod('c', 'web', restrictedSpec(), owner)]);
    const [a, b, c] = item('web').pods;
    assert.equal(a.violations, b.violations);
    assert.equal(a.messages, b.messages);
    assert.notEqual(a.violations, c.violations);
    assert.deepEqual(c.violations, {baseline: [], restricted: []});
    assert.deepEqual(c.messages, {});
    assert.equal(a.violations.baseline.length, 0);
    assert.deepEqual(
      a.violations.restricted.map((v) => v.check),
      ['allowPrivilegeEscalation', 'capabilities_restricted', 'runAsNonRoot', 'seccompProfile_restricted'],
    );
    assert.match(a.messages.restricted ?? '', /^violates PodSecurity "restricted:v1\.\d+": allowPrivilegeEscalation != false/);
    assert.deepEqual(Object.keys(a.messages), ['restricted']);
    assert.deepEqual([a.controller, b.controller, c.controller], ['ReplicaSet/web-1', 'ReplicaSet/web-1', 'ReplicaSet/web-1']);
  });
});

describe('psp readiness analysis: pods a PodSecurityPolicy mutated', () => {
  it('reports the security settings a PSP-admitted pod has and its ReplicaSet template lacks', async () => {
    const tmpl = {containers: [{name: 'c', image: 'x'}]};
    const mutated = {
      securityContext: {runAsUser: 1000},
      containers: [{name: 'c', image: 'x', securityContext: {allowPrivilegeEscalation: false, capabilities: {drop: ['ALL']}}}],
    };
    const rsObj: KubeObject = {apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: {name: 'rs', namespace: 'a'}, spec: {template: {metadata: {}, spec: tmpl}}};
    const podObj = (name: string, spec: object): KubeObject => ({
      apiVersion: 'v1',
      kind: 'Pod',
      spec,
      metadata: {
        name,
        namespace: 'a',
        annotations: {'kubernetes.io/psp': 'restricted'},
        ownerReferences: [{apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'rs', uid: 'u', controller: true}],
      },
    });
    const {report} = await run([ns('a'), rsObj, podObj('changed', mutated), podObj('same', {...tmpl, securityContext: {}})]);
    const found = report.findings.filter((f) => f.id === 'psp/pod-mutated');
    assert.deepEqual(
      found.map((f) => f.object?.name),
      ['changed'],
    );
    assert.equal(
      found[0].message,
      'pod admitted under PodSecurityPolicy "restricted" differs from its ReplicaSet/rs template in spec.securityContext, spec.containers[0].securityContext: the policy set them, and Pod Security Admission will not',
    );
    assert.equal(found[0].field, 'spec.securityContext');
  });
});

describe('psp readiness analysis: findings and items handed over at finish (doctor, -o json)', () => {
  const loosePod = (name: string, namespace: string): KubeObject => ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {name, namespace},
    spec: {containers: [{name: 'c', image: 'x'}]},
  });
  const objects = [
    ns('a'),
    ns('b'),
    ns('c', {'pod-security.kubernetes.io/enforce': 'restricted'}),
    loosePod('p1', 'a'),
    loosePod('p2', 'b'),
    loosePod('p3', 'c'),
  ];

  async function finished(snap: Snapshot, handOver?: FinishHandOver<NamespaceItem>) {
    const run = await pspReadinessAnalysis.begin(snap, {}, {mode: 'cluster'});
    for await (const w of snap.workloads()) await run.visit(w);
    return run.finish(handOver);
  }

  it("hands each namespace's findings over as it is finished, in the order it made them, and keeps none", async () => {
    const whole = await finished(snapshot(objects));
    const batches: Finding[][] = [];
    const handed = await finished(snapshot(objects), {findings: (f) => batches.push(f)});
    assert.deepEqual(handed.findings, []);
    // The report sorts what it lists (stably, so equal ones keep the order they were made in).
    assert.deepEqual(sortFindings(batches.flat()), whole.findings);
    assert.equal(batches.length, 3);
    assert.deepEqual(handed.items, whole.items);
  });

  it("hands each namespace's item over as it is finished, in the report's order, and keeps none", async () => {
    const whole = await finished(snapshot(objects));
    const batches: NamespaceItem[][] = [];
    const handed = await finished(snapshot(objects), {items: async (i) => void batches.push(i)});
    assert.deepEqual(handed.items, []);
    assert.deepEqual(
      batches.map((b) => b.map((i) => i.namespace)),
      [['a'], ['b'], ['c']],
    );
    assert.deepEqual(batches.flat(), whole.items);
    assert.deepEqual(handed.findings, whole.findings);
  });

  it('narrowed to one namespace, keeps them: the PodSecurityPolicy findings are filtered at the end', async () => {
    const handed = await finished(snapshot(objects, {namespace: 'a'}), {findings: () => assert.fail('handed over')});
    assert.ok(handed.findings.length > 0);
  });
});

describe('psp readiness analysis: unread inputs', () => {
  it('namespaces not read: the label checks are skipped with the reason, none reports as if nothing were enforced', async () => {
    const privileged = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {name: 'p', namespace: 'web'},
      spec: {containers: [{name: 'c', image: 'x', securityContext: {privileged: true}}]},
    };
    const base = snapshot([privileged]);
    const {namespaces: _n, ...withoutNamespaces} = base.objects;
    const {report} = await run(
      [privileged],
      {},
      {mode: 'cluster'},
      {objects: withoutNamespaces, skipped: [{check: 'read/namespaces', reason: 'forbidden: cannot list namespaces'}]},
    );
    for (const check of ['psp/violates-enforce', 'psp/label-invalid', 'psp/no-enforce-label', 'psp/can-tighten']) {
      assert.ok(
        report.skipped.some((s) => s.check === check && /namespaces could not be read \(forbidden: cannot list namespaces\)/.test(s.reason)),
        check,
      );
      assert.ok(!report.findings.some((f) => f.id === check), check);
    }
    assert.ok(
      report.findings.some((f) => f.id === 'psp/blocks-baseline'),
      'the pod itself is still evaluated',
    );
    assert.deepEqual(
      report.reads.find((r) => r.resource === 'namespaces'),
      {resource: 'namespaces', primary: false, complete: false, reason: 'forbidden: cannot list namespaces', rule: 'list namespaces at cluster scope'},
    );
  });
});
