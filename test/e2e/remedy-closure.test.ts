// The remedy-closure suite (docs/remedies.md): for every check with a machine remedy
// (src/report/machine-remedies.ts), create objects that trigger it on the real control plane, read
// the remedy the CLI prints live, apply it with a server-side dry run (the apiserver must accept
// it), run the same analysis offline on the state with the dry-run result in place of the object it
// changes, and check that the finding is gone for the remedy's target and that nothing new of equal
// or higher severity appeared. A bare Pod's `kubectl replace --force` refuses --dry-run
// (kubernetes/kubernetes#110326): its corrected Pod is proven with `kubectl create --dry-run=server`
// under a generated name.
import assert from 'node:assert/strict';
import {mkdtempSync, readFileSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {parseAllDocuments, stringify} from 'yaml';
import {MACHINE_REMEDY_CHECKS} from '../../src/report/machine-remedies.js';
import {SEVERITY_RANK, type Finding, type Remedy, type Report} from '../../src/report/types.js';
import type {KubeObject} from '../../src/k8s/object.js';
import {podObject} from '../support/pod.js';
import {runCli} from './cli.js';
import {nodeObjects} from '../../harness/fixtures.js';
import {controlPlane, type ControlPlane} from '../../harness/index.js';
import {PROJECT_ROOT} from '../../harness/build.js';

const WIN_IMAGE = 'mcr.microsoft.com/windows/servercore/iis:windowsservercore-ltsc2022';
const TOLERATE = [{key: 'os', operator: 'Equal', value: 'windows', effect: 'NoSchedule'}];
const SELECT = {'kubernetes.io/os': 'windows'};

interface ClosureCase {
  id: string;
  /** The CLI command that reports it. */
  command: string[];
  /** Objects that trigger it, in the case's own namespace `ns`. */
  objects(ns: string): KubeObject[];
  /** The object the finding is on. */
  on: {kind: string; name: (ns: string) => string};
  /** Kinds the offline re-run needs from the cluster: `kind` is read in `ns`, `namespaces` is `ns` itself, `cluster:kind` all of a cluster-scoped kind, `ns/kind` in namespace ns. */
  read: string[];
  /** Cluster-wide set-up before the objects (and undone after, by the next case's or the suite's). */
  prepare?(cp: ControlPlane): Promise<void>;
  /**
   * Offline, the finding cannot show before the fix (a missing CRD is unknown, not absent, in
   * manifests); after the fix the CRD is in the files, so the re-run does judge it.
   */
  liveOnly?: boolean;
  /** The kind of object the remedy must target, when it matters to the case. */
  expect?: {kind: string};
  /** The trigger cannot exist in a cluster: the finding is read from the objects as manifests, the namespace is created without its labels. */
  manifestOnly?: boolean;
}

const deployment = (name: string, podSpec: Record<string, unknown>): KubeObject => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: {name},
  spec: {replicas: 1, selector: {matchLabels: {app: name}}, template: {metadata: {labels: {app: name}}, spec: podSpec}},
});
const pod = (name: string, podSpec: Record<string, unknown>): KubeObject => podObject({name, spec: podSpec});
// An image without a Windows build in its name, so no case trips the image-build check by accident.
const APP_IMAGE = 'registry.example/app:1.0';
const iis = (extra: Record<string, unknown> = {}, image = APP_IMAGE) => ({containers: [{name: 'iis', image}], ...extra});
const namespace = (ns: string, labels: Record<string, string>): KubeObject => ({apiVersion: 'v1', kind: 'Namespace', metadata: {name: ns, labels}});
// Meets restricted as a Windows pod (spec.os.name: windows exempts it from the Linux-only checks).
const restrictedWindows = () =>
  iis({
    os: {name: 'windows'},
    nodeSelector: SELECT,
    tolerations: TOLERATE,
    securityContext: {runAsNonRoot: true, windowsOptions: {runAsUserName: 'ContainerUser'}},
  });

const GMSA_CRD_URL = 'https://raw.githubusercontent.com/kubernetes-sigs/windows-gmsa/master/admission-webhook/deploy/gmsa-crd.yml';
const GMSA_CRD_FILE = join(PROJECT_ROOT, 'examples', 'gmsa', '01-crd.yaml');
const GMSA_CRD = 'gmsacredentialspecs.windows.k8s.io';
const CREDSPEC = 'closure-credspec';
const USE_ROLE = 'closure-use-credspec';
const GMSA_READ = [
  'namespaces',
  'serviceaccounts',
  'roles',
  'rolebindings',
  'deployments',
  'replicasets',
  'pods',
  'cluster:clusterroles',
  'cluster:clusterrolebindings',
  'cluster:customresourcedefinitions',
  'cluster:mutatingwebhookconfigurations',
  'cluster:validatingwebhookconfigurations',
  'gmsa-webhook/services',
  'gmsa-webhook/endpointslices',
];

/** The gMSA pieces every gMSA case shares: the CRD, a credential spec, a role granting exactly its use, the examples' webhook (fails open). */
async function gmsaBase(cp: ControlPlane, crd: 'current' | 'absent' | 'v1alpha1-only' = 'current'): Promise<void> {
  await cp.kubectl(['delete', 'crd', GMSA_CRD, '--ignore-not-found', '--wait=true']);
  if (crd === 'absent') return;
  const text = readFileSync(GMSA_CRD_FILE, 'utf8');
  if (crd === 'v1alpha1-only') {
    const old = parseAllDocuments(text)[0].toJS() as KubeObject;
    old.spec.versions = (old.spec.versions as KubeObject[]).filter((v) => v.name === 'v1alpha1').map((v) => ({...v, storage: true, deprecated: undefined}));
    await cp.apply(stringify(old));
    return;
  }
  await cp.apply(text);
  await waitFor(async () => (await cp.kubectl(['get', 'gmsacredentialspecs'])).code === 0);
  const credspec = parseAllDocuments(readFileSync(join(PROJECT_ROOT, 'examples', 'gmsa', '02-credspecs.yaml'), 'utf8'))[0].toJS() as KubeObject;
  if ((await cp.kubectl(['get', 'namespace', 'gmsa-webhook'])).code !== 0) await cp.createNamespace('gmsa-webhook');
  await cp.apply(
    [
      stringify({...credspec, metadata: {name: CREDSPEC}}),
      stringify({
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'ClusterRole',
        metadata: {name: USE_ROLE},
        rules: [{apiGroups: ['windows.k8s.io'], resources: ['gmsacredentialspecs'], verbs: ['use'], resourceNames: [CREDSPEC]}],
      }),
      readFileSync(join(PROJECT_ROOT, 'examples', 'gmsa', '04-webhook.yaml'), 'utf8'),
    ].join('\n---\n'),
  );
}

async function waitFor(ok: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await ok())) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 200));
  }
}

const gmsaDeployment = (name: string, sa: string) =>
  deployment(name, {
    ...iis({os: {name: 'windows'}, nodeSelector: SELECT, tolerations: TOLERATE}),
    serviceAccountName: sa,
    securityContext: {windowsOptions: {gmsaCredentialSpecName: CREDSPEC}},
  });
const serviceAccount = (name: string): KubeObject => ({apiVersion: 'v1', kind: 'ServiceAccount', metadata: {name}});
const useBinding = (sa: string, ns: string): KubeObject => ({
  apiVersion: 'rbac.authorization.k8s.io/v1',
  kind: 'RoleBinding',
  metadata: {name: `${sa}-use`},
  subjects: [{kind: 'ServiceAccount', name: sa, namespace: ns}],
  roleRef: {apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: USE_ROLE},
});
const GMSA_NS = {'gmsa-demo': 'true'};
const caseRole = (ns: string): KubeObject => ({
  apiVersion: 'rbac.authorization.k8s.io/v1',
  kind: 'ClusterRole',
  metadata: {name: `case-${ns}`},
  rules: [{apiGroups: ['windows.k8s.io'], resources: ['gmsacredentialspecs'], verbs: ['use'], resourceNames: ['Closure-Credspec']}],
});

const WORKLOADS = ['deployments', 'replicasets', 'pods', 'statefulsets', 'daemonsets', 'jobs', 'cronjobs'];

const CASES: ClosureCase[] = [
  {
    id: 'lint/os-name-missing',
    command: ['lint'],
    objects: () => [deployment('no-os', iis({nodeSelector: SELECT, tolerations: TOLERATE}))],
    on: {kind: 'Deployment', name: () => 'no-os'},
    read: WORKLOADS,
  },
  {
    id: 'lint/os-name-missing',
    command: ['lint'],
    objects: () => [pod('bare-no-os', iis({nodeSelector: SELECT, tolerations: TOLERATE}))],
    on: {kind: 'Pod', name: () => 'bare-no-os'},
    read: WORKLOADS,
  },
  // Linux-only fields that Windows ignores and the apiserver rejects once spec.os.name is windows: the remedy removes them too.
  {
    id: 'lint/os-name-missing',
    command: ['lint'],
    objects: () => [
      deployment('no-os-linux-fields', {
        ...iis({nodeSelector: SELECT, tolerations: TOLERATE, securityContext: {runAsUser: 1000, seccompProfile: {type: 'RuntimeDefault'}}}),
        containers: [{name: 'iis', image: APP_IMAGE, securityContext: {capabilities: {drop: ['ALL']}, allowPrivilegeEscalation: false}}],
      }),
    ],
    on: {kind: 'Deployment', name: () => 'no-os-linux-fields'},
    read: WORKLOADS,
  },
  {
    id: 'lint/windows-node-selector-missing',
    command: ['lint'],
    objects: () => [deployment('no-selector', iis({os: {name: 'windows'}, tolerations: TOLERATE}))],
    on: {kind: 'Deployment', name: () => 'no-selector'},
    read: WORKLOADS,
  },
  // Pinned to the Linux node, so the live pod is where the missing selector lets it go.
  {
    id: 'lint/windows-node-selector-missing',
    command: ['lint'],
    objects: () => [pod('bare-no-selector', iis({os: {name: 'windows'}, tolerations: TOLERATE, nodeName: 'linux-0'}))],
    on: {kind: 'Pod', name: () => 'bare-no-selector'},
    read: WORKLOADS,
  },
  {
    id: 'lint/windows-toleration-missing',
    command: ['lint'],
    objects: () => [deployment('no-toleration', iis({os: {name: 'windows'}, nodeSelector: SELECT}))],
    on: {kind: 'Deployment', name: () => 'no-toleration'},
    read: WORKLOADS,
  },
  {
    id: 'lint/image-os-version-mismatch',
    command: ['lint'],
    objects: () => [deployment('ltsc2022', iis({os: {name: 'windows'}, nodeSelector: SELECT, tolerations: TOLERATE}, WIN_IMAGE))],
    on: {kind: 'Deployment', name: () => 'ltsc2022'},
    read: WORKLOADS,
  },
  // Nothing says Windows, and it tolerates the Windows taint: its pods may land on Windows nodes.
  {
    id: 'lint/linux-workload-on-windows-nodes',
    command: ['lint'],
    objects: () => [deployment('linux-app', {containers: [{name: 'app', image: APP_IMAGE}], tolerations: TOLERATE})],
    on: {kind: 'Deployment', name: () => 'linux-app'},
    read: WORKLOADS,
  },
  {
    id: 'psp/windows-missing-os',
    command: ['psp', 'readiness'],
    objects: () => [
      deployment(
        'psp-no-os',
        iis({nodeSelector: SELECT, tolerations: TOLERATE, securityContext: {runAsNonRoot: true, windowsOptions: {runAsUserName: 'ContainerUser'}}}),
      ),
    ],
    on: {kind: 'Deployment', name: () => 'psp-no-os'},
    read: ['namespaces', ...WORKLOADS],
  },
  {
    id: 'psp/no-enforce-label',
    command: ['psp', 'readiness'],
    objects: () => [deployment('restricted', restrictedWindows())],
    on: {kind: 'Namespace', name: (ns) => ns},
    read: ['namespaces', ...WORKLOADS],
  },
  {
    id: 'psp/can-tighten',
    command: ['psp', 'readiness'],
    objects: (ns) => [namespace(ns, {'pod-security.kubernetes.io/enforce': 'baseline'}), deployment('restricted', restrictedWindows())],
    on: {kind: 'Namespace', name: (ns) => ns},
    read: ['namespaces', ...WORKLOADS],
  },
  // The apiserver refuses an invalid Pod Security label (PSA validates namespaces), so it exists only
  // in manifests: the finding comes from -f, the remedy is dry-run against the namespace as it can exist.
  {
    id: 'psp/label-invalid',
    command: ['psp', 'readiness'],
    manifestOnly: true,
    objects: (ns) => [namespace(ns, {'pod-security.kubernetes.io/enforce': 'strict'}), deployment('restricted', restrictedWindows())],
    on: {kind: 'Namespace', name: (ns) => ns},
    read: ['namespaces', ...WORKLOADS],
  },
  {
    id: 'gmsa/crd-missing',
    command: ['gmsa', 'check'],
    liveOnly: true,
    prepare: (cp) => gmsaBase(cp, 'absent'),
    objects: (ns) => [namespace(ns, GMSA_NS), serviceAccount('app'), gmsaDeployment('app', 'app')],
    on: {kind: 'CustomResourceDefinition', name: () => GMSA_CRD},
    read: GMSA_READ,
  },
  {
    id: 'gmsa/crd-version',
    command: ['gmsa', 'check'],
    prepare: (cp) => gmsaBase(cp, 'v1alpha1-only'),
    objects: (ns) => [namespace(ns, GMSA_NS), serviceAccount('app'), gmsaDeployment('app', 'app')],
    on: {kind: 'CustomResourceDefinition', name: () => GMSA_CRD},
    read: GMSA_READ,
  },
  {
    id: 'gmsa/rbac-use-denied',
    command: ['gmsa', 'check'],
    prepare: (cp) => gmsaBase(cp),
    objects: (ns) => [namespace(ns, GMSA_NS), serviceAccount('app'), gmsaDeployment('app', 'app')],
    on: {kind: 'Deployment', name: () => 'app'},
    read: GMSA_READ,
  },
  // The ServiceAccount's own role misses by the name's case: the remedy fixes that role in place.
  {
    id: 'gmsa/rbac-use-denied',
    command: ['gmsa', 'check'],
    prepare: (cp) => gmsaBase(cp),
    objects: (ns) => [
      namespace(ns, GMSA_NS),
      serviceAccount('app'),
      caseRole(ns),
      {...useBinding('app', ns), roleRef: {apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: `case-${ns}`}},
      gmsaDeployment('app', 'app'),
    ],
    on: {kind: 'Deployment', name: () => 'app'},
    read: GMSA_READ,
    expect: {kind: 'ClusterRole'},
  },
  {
    id: 'gmsa/service-account-missing',
    command: ['gmsa', 'check'],
    prepare: (cp) => gmsaBase(cp),
    objects: (ns) => [namespace(ns, GMSA_NS), useBinding('app', ns), gmsaDeployment('app', 'app')],
    on: {kind: 'Deployment', name: () => 'app'},
    read: GMSA_READ,
  },
  {
    id: 'gmsa/webhook-not-covering',
    command: ['gmsa', 'check'],
    prepare: (cp) => gmsaBase(cp),
    objects: (ns) => [namespace(ns, {...GMSA_NS, 'gmsa-webhook': 'disabled'}), serviceAccount('app'), useBinding('app', ns), gmsaDeployment('app', 'app')],
    on: {kind: 'Deployment', name: () => 'app'},
    read: GMSA_READ,
  },
];

/** The words of one command line as sh reads them (only the quoting our remedies use: '...' and '\''). */
function shellWords(line: string): string[] {
  const words: string[] = [];
  let cur = '';
  let inWord = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === "'") {
      const end = line.indexOf("'", i + 1);
      cur += line.slice(i + 1, end);
      i = end;
      inWord = true;
    } else if (c === '\\') {
      cur += line[++i];
      inWord = true;
    } else if (c === ' ') {
      if (inWord) words.push(cur);
      cur = '';
      inWord = false;
    } else {
      cur += c;
      inWord = true;
    }
  }
  if (inWord) words.push(cur);
  return words;
}

/** Keys of the objects a controller made (through ownerReferences, any depth). */
function dependentsOf(owner: KubeObject, objects: KubeObject[]): string[] {
  const uid = owner.metadata?.uid;
  if (!uid) return [];
  const direct = objects.filter((o) => o.metadata?.ownerReferences?.some((r) => r.uid === uid));
  return direct.flatMap((o) => [key(o), ...dependentsOf(o, objects)]);
}

const key = (o: {kind?: string; metadata?: {namespace?: string; name?: string}}) => `${o.kind}/${o.metadata?.namespace ?? ''}/${o.metadata?.name}`;
const itemsOf = (out: string): KubeObject[] => {
  const o = JSON.parse(out) as KubeObject;
  return o.kind === 'List' || Array.isArray(o.items) ? (o.items as KubeObject[]) : [o];
};

describe('remedy closure: every machine remedy is accepted by a server dry run and clears its finding (e2e)', function () {
  this.timeout(600_000);
  let cp: ControlPlane;
  let work: string;
  let nodesFile: string;

  before(async function () {
    cp = await controlPlane();
    work = mkdtempSync(join(tmpdir(), 'remedy-closure-'));
    nodesFile = join(work, 'nodes.yaml');
    writeFileSync(nodesFile, stringify({apiVersion: 'v1', kind: 'List', items: nodeObjects()}));
  });

  // The gMSA cases remove or replace the CRD: leave the current one, as other test files expect.
  after(async function () {
    if (cp) await gmsaBase(cp);
  });

  it('every check with a machine remedy has a closure case', () => {
    const covered = new Set(CASES.map((c) => c.id));
    assert.deepEqual(
      MACHINE_REMEDY_CHECKS.filter((id) => !covered.has(id)),
      [],
    );
  });

  /** Applies a remedy with a server-side dry run; returns the objects as the apiserver would store them. */
  async function dryRun(r: Remedy, ns: string): Promise<{objects: KubeObject[]; replaces?: string}> {
    const run = async (args: string[], input?: string) => {
      const res = await cp.kubectl(args, {input});
      assert.equal(res.code, 0, `kubectl ${args.join(' ')} was refused:\n${res.stderr}\n${input ?? ''}`);
      return itemsOf(res.stdout);
    };
    if (r.patch !== undefined) {
      const t = r.target!;
      return {
        objects: await run([
          'patch',
          t.kind.toLowerCase(),
          t.name,
          '-n',
          t.namespace ?? ns,
          '--type',
          'strategic',
          '-p',
          JSON.stringify(r.patch),
          '--dry-run=server',
          '-o',
          'json',
        ]),
      };
    }
    if (r.manifest !== undefined && r.apply === 'replace') {
      const docs = parseAllDocuments(r.manifest).map((d) => d.toJS() as KubeObject);
      const renamed = docs.map((d) => ({...d, metadata: {...d.metadata, name: undefined, generateName: `${d.metadata?.name}-`}}));
      return {
        objects: await run(['create', '--dry-run=server', '-o', 'json', '-f', '-'], stringify({apiVersion: 'v1', kind: 'List', items: renamed})),
        replaces: `${r.target!.kind}/${r.target!.namespace ?? ''}/${r.target!.name}`,
      };
    }
    if (r.manifest !== undefined) return {objects: await run(['apply', '--dry-run=server', '-o', 'json', '-f', '-'], r.manifest)};
    const objects: KubeObject[] = [];
    for (const line of r.command!.split('\n')) {
      // The upstream CRD file, as pinned in examples/ (e2e traffic stays on loopback).
      const words = shellWords(line).map((w) => (w === GMSA_CRD_URL ? GMSA_CRD_FILE : w));
      assert.equal(words[0], 'kubectl', line);
      const dry = words.some((w) => w.startsWith('--dry-run')) ? [] : ['--dry-run=server'];
      objects.push(...(await run([...words.slice(1), ...dry, '-o', 'json'])));
    }
    return {objects};
  }

  /** The objects the analysis needs, as the cluster has them now. */
  async function clusterState(c: ClosureCase, ns: string): Promise<KubeObject[]> {
    const out: KubeObject[] = [];
    for (const kind of c.read) {
      const args =
        kind === 'namespaces'
          ? ['get', 'namespace', ns]
          : kind.startsWith('cluster:')
            ? ['get', kind.slice(8)]
            : kind.includes('/')
              ? ['get', kind.split('/')[1], '-n', kind.split('/')[0]]
              : ['get', kind, '-n', ns];
      const res = await cp.kubectl([...args, '-o', 'json']);
      assert.equal(res.code, 0, res.stderr);
      out.push(...itemsOf(res.stdout));
    }
    return out;
  }

  async function offline(c: ClosureCase, objects: KubeObject[], file: string): Promise<Finding[]> {
    writeFileSync(file, stringify({apiVersion: 'v1', kind: 'List', items: objects}));
    const extra = c.command[0] === 'lint' ? ['--nodes', nodesFile] : [];
    const res = await runCli([...c.command, '-f', file, ...extra, '--fail-on', 'none', '-o', 'json']);
    assert.equal(res.code, 0, res.stderr);
    return res.json<Report>().findings;
  }

  CASES.forEach((c, n) => {
    it(`${c.id} (${c.on.kind}): accepted by a server dry run, and the finding is gone`, async () => {
      const ns = `closure-${n}-${process.pid}`;
      await c.prepare?.(cp);
      const own = c.objects(ns).map((o) => (o.kind === 'Namespace' ? o : {...o, metadata: {...o.metadata, namespace: ns}}));
      const nsObj = own.find((o) => o.kind === 'Namespace');
      await cp.createNamespace(ns, c.manifestOnly ? {} : ((nsObj?.metadata?.labels ?? {}) as Record<string, string>));
      await cp.apply(stringify({apiVersion: 'v1', kind: 'List', items: own.filter((o) => o !== nsObj)}));

      const manifests = join(work, `${n}-trigger.yaml`);
      writeFileSync(manifests, stringify({apiVersion: 'v1', kind: 'List', items: own}));
      const live = c.manifestOnly
        ? await runCli([...c.command, '-f', manifests, '--fail-on', 'none', '-o', 'json'])
        : await runCli([...c.command, '-n', ns, '--fail-on', 'none', '-o', 'json'], {kubeconfig: cp.kubeconfig});
      assert.equal(live.code, 0, live.stderr);
      const name = c.on.name(ns);
      const found = live.json<Report>().findings.find((f) => f.id === c.id && f.object?.kind === c.on.kind && f.object?.name === name);
      assert.ok(
        found?.remedy,
        `${c.id} on ${c.on.kind}/${name} with a remedy: ${JSON.stringify(live.json<Report>().findings.map((f) => `${f.id} ${f.object?.kind}/${f.object?.name}`))}`,
      );
      const remedy = found.remedy;
      if (c.expect) assert.equal(remedy.target?.kind, c.expect.kind, JSON.stringify(remedy));

      const before = c.manifestOnly ? own : await clusterState(c, ns);
      const {objects: changed, replaces} = await dryRun(remedy, ns);
      const after = new Map(before.map((o) => [key(o), o]));
      if (replaces) after.delete(replaces);
      // A changed template rolls out: the pods and ReplicaSets it made are replaced, so they leave the state.
      for (const o of changed) for (const k of dependentsOf(o, [...after.values()])) after.delete(k);
      for (const o of changed) after.set(key(o), o);

      // Before: what the trigger run and the offline run of the same state report (offline, a kind
      // absent from the files is unknown, so some checks are live only).
      const offlineBefore = await offline(c, before, join(work, `${n}-before.yaml`));
      // The re-run must be able to see the finding at all, or its absence afterwards proves nothing.
      if (!c.liveOnly)
        assert.ok(
          offlineBefore.some((f) => f.id === c.id && f.object?.name === name),
          `the offline run sees ${c.id} before the fix`,
        );
      const base = [...live.json<Report>().findings, ...offlineBefore];
      const post = await offline(c, [...after.values()], join(work, `${n}-after.yaml`));
      // The target after the fix: the object patched or applied, or the Pod created in place of a bare one.
      const targets = new Set(changed.map((o) => `${o.kind}/${o.metadata?.name}`));
      // Gone from the object it was on (a RoleBinding or a role fixes a Deployment's finding) and from the changed objects.
      const left = post.filter(
        (f) => f.id === c.id && (targets.has(`${f.object?.kind}/${f.object?.name}`) || (f.object?.kind === c.on.kind && f.object?.name === name)),
      );
      assert.deepEqual(
        left.map((f) => f.message),
        [],
        `${c.id} is gone after the remedy`,
      );
      // Nothing new at the finding's severity or above, on any object.
      const rename = (f: Finding) => `${f.id} ${f.field ?? ''}`;
      const had = new Set(base.map(rename));
      const fresh = post.filter((f) => SEVERITY_RANK[f.severity] >= SEVERITY_RANK[found.severity] && !had.has(rename(f)));
      assert.deepEqual(
        fresh.map((f) => `${f.id} ${f.object?.kind}/${f.object?.name}: ${f.message}`),
        [],
      );
    });
  });

  // --fix on examples/: the fixed manifests pass a server dry run, and the same command on them no
  // longer reports any finding that had a machine fix.
  for (const [command, dirs] of [
    [['lint'], ['examples/lint']],
    [['psp', 'readiness'], ['examples/psp']],
    [['doctor'], ['examples/lint', 'examples/psp']],
  ] as const) {
    it(`${command.join(' ')} --fix on ${dirs.join(', ')}: accepted by a server dry run, and every fixed check is clean`, async () => {
      const input = dirs.flatMap((d) => ['-f', d]);
      const fixable = (r: Report) =>
        r.findings
          .filter((f) => f.remedy && (f.remedy.patch !== undefined || f.remedy.manifest !== undefined))
          .map((f) => `${f.id} ${f.object?.kind}/${f.object?.name}`);
      const before = fixable((await runCli([...command, ...input, '--fail-on', 'none', '-o', 'json'])).json<Report>());
      assert.ok(before.length > 0, 'the examples have something to fix');
      const fixed = await runCli([...command, ...input, '--fix', '--fail-on', 'none']);
      assert.equal(fixed.code, 0, fixed.stderr);
      const file = join(work, `fixed-${command.join('-')}.yaml`);
      writeFileSync(file, fixed.stdout);
      // The namespaces exist for real (a dry-run namespace holds nothing), then everything is dry-run.
      const docs = parseAllDocuments(fixed.stdout)
        .map((d) => d.toJS() as KubeObject)
        .filter(Boolean);
      for (const ns of docs.filter((o) => o.kind === 'Namespace')) {
        if ((await cp.kubectl(['get', 'namespace', ns.metadata!.name!])).code !== 0)
          await cp.createNamespace(ns.metadata!.name!, (ns.metadata?.labels ?? {}) as Record<string, string>);
      }
      const dry = await cp.kubectl(['apply', '--dry-run=server', '-f', file]);
      assert.equal(dry.code, 0, dry.stderr);
      const after = fixable((await runCli([...command, '-f', file, '--fail-on', 'none', '-o', 'json'])).json<Report>());
      assert.deepEqual(
        after.filter((f) => before.includes(f)),
        [],
      );
    });
  }
});
