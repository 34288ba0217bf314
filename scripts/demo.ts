// `npm run demo`: the test control plane (harness/), detached so it outlives this script,
// with every example under examples/ applied, then the main command run against it.
// `npm run demo -- --down` stops it. State lives in .demo/ (pids, logs, certificates, kubeconfig).
//
// Conventions for examples/<area>/: every *.yaml is applied, Namespaces and CRDs first and webhook
// configurations last; directories named `rejected/` (manifests the apiserver refuses, for `-f`)
// and `offline/` (kinds a v1.34 apiserver does not serve) are skipped. A pod (or pod template)
// annotated `kubectl-win.demo/exec-scenario: <scenario>[ <scenario>...]` gets that exec scenario
// for `gmsa nltest` (harness/README.md).
import {existsSync, readdirSync, readFileSync, rmSync} from 'node:fs';
import {join, relative} from 'node:path';
import {parseAllDocuments, stringify} from 'yaml';
import {PROJECT_ROOT, SetupError} from '../harness/build.js';
import {apiRequest, closeAgents} from '../harness/client.js';
import {DEMO_REGISTRY, demoRegistryPlanArgs, fillDemoRegistry} from '../harness/demo-registry.js';
import {podExecDir, writeScenario, type Scenario} from '../harness/exec.js';
import {removeRecordedNodeNets} from '../harness/node-net.js';
import {startNodeLogStandIn} from '../harness/node-logs.js';
import {startLoopbackRegistry} from '../harness/registry.js';
import {stopAll, sleep} from '../harness/processes.js';
import {kubectl, startControlPlane, type ControlPlaneState} from '../harness/start.js';

const DEMO = join(PROJECT_ROOT, '.demo');
const KUBECONFIG = join(DEMO, 'kubeconfig');
const SCENARIO_ANNOTATION = 'kubectl-win.demo/exec-scenario';
const T0 = Date.now();
const say = (msg: string) => process.stderr.write(`[demo ${((Date.now() - T0) / 1000).toFixed(1)}s] ${msg}\n`);

async function down(): Promise<void> {
  if (!existsSync(DEMO)) {
    say('no demo control plane is running (.demo/ does not exist)');
    return;
  }
  await stopAll(DEMO);
  removeRecordedNodeNets(DEMO);
  rmSync(DEMO, {recursive: true, force: true});
  say('stopped the demo control plane and removed .demo/');
}

async function running(): Promise<boolean> {
  if (!existsSync(KUBECONFIG)) return false;
  const r = await apiRequest(KUBECONFIG, 'GET', '/readyz', undefined, {timeoutMs: 3000}).catch(() => undefined);
  return r?.status === 200;
}

interface Doc {
  file: string;
  obj: {apiVersion?: string; kind?: string; metadata?: {name?: string; namespace?: string}};
}

function exampleDocs(): Doc[] {
  const docs: Doc[] = [];
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, {withFileTypes: true}).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = join(dir, e.name);
      if (e.isDirectory()) {
        if (e.name !== 'rejected' && e.name !== 'offline') walk(p);
      } else if (/\.ya?ml$/.test(e.name)) {
        for (const d of parseAllDocuments(readFileSync(p, 'utf8'))) {
          const obj = d.toJSON();
          if (obj && typeof obj === 'object' && obj.kind) docs.push({file: relative(PROJECT_ROOT, p), obj});
        }
      }
    }
  };
  const root = join(PROJECT_ROOT, 'examples');
  if (existsSync(root)) walk(root);
  return docs;
}

const FIRST = new Set(['Namespace', 'CustomResourceDefinition']);
const LAST = new Set(['ValidatingWebhookConfiguration', 'MutatingWebhookConfiguration']);

/** One `kubectl apply` for a batch (kubectl applies what it can and reports each refusal on stderr). */
async function applyDocs(binDir: string, docs: Doc[]): Promise<{applied: number; refused: string[]}> {
  if (docs.length === 0) return {applied: 0, refused: []};
  const yaml = docs.map((d) => stringify(d.obj)).join('---\n');
  const r = await kubectl(binDir, KUBECONFIG, ['apply', '--server-side', '--force-conflicts', '--field-manager=kubectl-win-demo', '-f', '-'], yaml);
  const applied = r.stdout.split('\n').filter((l) => l.trim()).length;
  const refused =
    r.code === 0
      ? []
      : r.stderr
          .trim()
          .split('\n')
          .map((line) => line.replace(/^Error from server( \(\w+\))?: /, ''));
  return {applied, refused};
}

async function waitForCrds(docs: Doc[]): Promise<void> {
  const names = docs.filter((d) => d.obj.kind === 'CustomResourceDefinition').map((d) => d.obj.metadata?.name);
  for (const name of names) {
    const deadline = Date.now() + 20_000;
    for (;;) {
      const r = await apiRequest<{status?: {conditions?: {type: string; status: string}[]}}>(
        KUBECONFIG,
        'GET',
        `/apis/apiextensions.k8s.io/v1/customresourcedefinitions/${name}`,
      );
      if (r.body?.status?.conditions?.some((c) => c.type === 'Established' && c.status === 'True') || Date.now() > deadline) break;
      await sleep(100);
    }
  }
}

async function waitForServiceAccounts(docs: Doc[]): Promise<void> {
  for (const d of docs.filter((x) => x.obj.kind === 'Namespace')) {
    const deadline = Date.now() + 20_000;
    while ((await apiRequest(KUBECONFIG, 'GET', `/api/v1/namespaces/${d.obj.metadata?.name}/serviceaccounts/default`)).status !== 200 && Date.now() < deadline)
      await sleep(100);
  }
}

/** Pods annotated with an exec scenario get it (once their controllers have created them). */
async function stageScenarios(): Promise<number> {
  type Pod = {metadata: {name: string; namespace: string; annotations?: Record<string, string>}; status?: {phase?: string}};
  // Controllers create the pods of Deployments and the like within a second or two; exec needs them Running.
  let pods: Pod[];
  const start = Date.now();
  for (;;) {
    pods = ((await apiRequest<{items: Pod[]}>(KUBECONFIG, 'GET', '/api/v1/pods')).body.items ?? []).filter(
      (p) => p.metadata.annotations?.[SCENARIO_ANNOTATION],
    );
    const settled = pods.every((p) => p.status?.phase === 'Running');
    if ((settled && Date.now() - start > 1500) || Date.now() - start > 10_000) break;
    await sleep(250);
  }
  let staged = 0;
  for (const p of pods) {
    const value = p.metadata.annotations?.[SCENARIO_ANNOTATION];
    if (!value) continue;
    const dir = podExecDir(DEMO, p.metadata.namespace, p.metadata.name);
    try {
      writeScenario(dir, value.split(/[\s,]+/).filter(Boolean) as Scenario[], {});
    } catch (err) {
      say(`${p.metadata.namespace}/${p.metadata.name}: ${(err as Error).message}`);
      continue;
    }
    const body = {
      apiVersion: 'kwok.x-k8s.io/v1alpha1',
      kind: 'Exec',
      metadata: {name: p.metadata.name, namespace: p.metadata.namespace},
      spec: {execs: [{local: {workDir: dir}}]},
    };
    const r = await apiRequest(KUBECONFIG, 'PATCH', `/apis/kwok.x-k8s.io/v1alpha1/namespaces/${p.metadata.namespace}/execs/${p.metadata.name}`, body, {
      query: {fieldManager: 'kubectl-win-demo', force: 'true'},
      contentType: 'application/apply-patch+yaml',
    });
    if (r.status < 300) staged++;
  }
  return staged;
}

/**
 * The stand-in kubelet in front of every Windows node, so `kubectl win logs` reads node logs through
 * the apiserver (harness/README.md, "Node logs"); exec still reaches kwok through it. Needs root.
 */
async function frontWindowsNodes(state: ControlPlaneState): Promise<boolean> {
  try {
    const standIn = await startNodeLogStandIn({dir: DEMO, pki: state.pki, kubeconfig: KUBECONFIG, kwokPort: state.kwokPort});
    type NodeList = {items: {metadata: {name: string}}[]};
    const nodes = (await apiRequest<NodeList>(KUBECONFIG, 'GET', '/api/v1/nodes', undefined, {query: {labelSelector: 'kubernetes.io/os=windows'}})).body.items;
    for (const n of nodes) await standIn.front(n.metadata.name);
    say(`the stand-in kubelet serves the node log query of ${nodes.length} Windows nodes at ${standIn.address}`);
    return true;
  } catch (err) {
    say(`no node logs in this demo (kubectl win logs will not reach the nodes): ${(err as Error).message}`);
    return false;
  }
}

/**
 * The demo's registry at 127.0.0.1:5425 (harness/demo-registry.ts), filled with the images
 * examples/upgrade names; resolves to its CA file relative to the project, or undefined (said why)
 * when Go cannot build it or the port is taken: the rest of the demo runs without it.
 */
async function startDemoRegistry(): Promise<string | undefined> {
  try {
    const port = Number(DEMO_REGISTRY.slice(DEMO_REGISTRY.lastIndexOf(':') + 1));
    const reg = await startLoopbackRegistry(DEMO, port);
    const refs = await fillDemoRegistry(reg, reg.host);
    say(`the demo registry at https://${reg.host} holds ${refs.length} Windows manifest lists (${refs.map((r) => r.slice(reg.host.length + 1)).join(', ')})`);
    return relative(PROJECT_ROOT, reg.ca);
  } catch (err) {
    say(`no registry in this demo (upgrade-plan --registry is not shown): ${(err as Error).message}`);
    return undefined;
  }
}

async function registeredCommands(): Promise<string[]> {
  const mod = (await import(join(PROJECT_ROOT, 'dist', 'commands.js'))) as {COMMANDS: Record<string, unknown>};
  return Object.keys(mod.COMMANDS);
}

async function main(): Promise<number> {
  if (process.argv.includes('--down')) {
    await down();
    return 0;
  }
  let binDir: string;
  let fresh: ControlPlaneState | undefined;
  if (await running()) {
    say(`reusing the demo control plane (${readFileSync(join(DEMO, 'server'), 'utf8').trim()}); \`npm run demo -- --down\` stops it`);
    const {ensureBinaries} = await import('../harness/build.js');
    binDir = (await ensureBinaries()).binDir;
  } else {
    if (existsSync(DEMO)) {
      say('cleaning up a stale .demo/');
      await down();
    }
    // Ctrl-C while starting: never leave half a control plane behind.
    const onSignal = () => {
      void stopAll(DEMO).finally(() => {
        rmSync(DEMO, {recursive: true, force: true});
        process.exit(130);
      });
    };
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
    try {
      fresh = await startControlPlane(DEMO);
      binDir = fresh.binDir;
      process.removeListener('SIGINT', onSignal);
      process.removeListener('SIGTERM', onSignal);
    } catch (err) {
      // Never leave half a control plane behind.
      await stopAll(DEMO).catch(() => {});
      rmSync(DEMO, {recursive: true, force: true});
      throw err;
    }
  }

  const docs = exampleDocs();
  say(`applying ${docs.length} objects from examples/`);
  const first = await applyDocs(
    binDir,
    docs.filter((d) => FIRST.has(d.obj.kind!)),
  );
  await waitForCrds(docs);
  await waitForServiceAccounts(docs);
  const rest = await applyDocs(
    binDir,
    docs.filter((d) => !FIRST.has(d.obj.kind!) && !LAST.has(d.obj.kind!)),
  );
  const last = await applyDocs(
    binDir,
    docs.filter((d) => LAST.has(d.obj.kind!)),
  );
  const refused = [...first.refused, ...rest.refused, ...last.refused];
  say(`applied ${first.applied + rest.applied + last.applied} objects${refused.length ? `; the apiserver refused ${refused.length}:` : ''}`);
  for (const line of refused) say(`  ${line}`);
  const staged = await stageScenarios();
  if (staged) say(`staged exec scenarios for ${staged} pods`);
  const nodeLogs = fresh ? await frontWindowsNodes(fresh) : existsSync(join(DEMO, 'kubelet-standin.port'));

  const commands = await registeredCommands();
  const runs = commands.includes('doctor')
    ? [['doctor', '-A']]
    : ['qos', 'lint', 'gmsa:check', 'nodes'].filter((c) => commands.includes(c)).map((c) => [...c.split(':'), '-A']);
  if (nodeLogs && commands.includes('logs'))
    for (const preset of ['containerd', 'gmsa']) runs.push(['logs', '-l', 'kubernetes.io/os=windows', '--preset', preset, '--since', '1h']);
  // examples/upgrade: a 2022 pool beside the fixture nodes, a 2019 image, a pinned and a single-replica workload.
  const registryCa = commands.includes('upgrade-plan') ? await startDemoRegistry() : undefined;
  if (commands.includes('upgrade-plan')) runs.push(['upgrade-plan', '--to', '2025', '-n', 'upgrade']);
  if (registryCa) runs.push(demoRegistryPlanArgs(registryCa));
  const env = {...process.env, KUBECONFIG};
  const {spawn} = await import('node:child_process');
  for (const args of runs) {
    process.stderr.write(`\n$ kubectl win ${args.join(' ')}\n`);
    await new Promise<void>((resolve) => {
      const child = spawn(process.execPath, [join(PROJECT_ROOT, 'bin', 'run.js'), ...args], {stdio: 'inherit', env, cwd: PROJECT_ROOT});
      child.on('close', () => resolve());
      child.on('error', () => resolve());
    });
  }
  if (runs.length === 0) say('no analysis command is registered yet');

  process.stdout.write(
    [
      '',
      'The demo control plane is running. Point kubectl and kubectl win at it:',
      '',
      `  export KUBECONFIG=${KUBECONFIG}`,
      '  kubectl get nodes -o wide          # (kubectl: ' + join(binDir, 'kubectl') + ')',
      '  node bin/run.js doctor -A          # or qos -A, lint -A, gmsa check -A, nodes',
      `  node bin/run.js ${registryCa ? demoRegistryPlanArgs(registryCa).join(' ') : 'upgrade-plan --to 2025 -n upgrade'}`,
      '',
      'Stop it and remove .demo/ with:',
      '',
      '  npm run demo -- --down',
      '',
    ].join('\n'),
  );
  return 0;
}

main()
  .then((code) => {
    closeAgents();
    process.exit(code);
  })
  .catch((err) => {
    closeAgents();
    process.stderr.write(`[demo] error: ${err instanceof SetupError ? err.message : (err as Error).message}\n`);
    process.exit(1);
  });
