// Issue 25's "done when": `upgrade-plan --to 2025` on the demo's objects (examples/upgrade: a 2022
// pool, a 2019 image, a pinned workload, a single-replica workload behind a PDB, and a ready workload)
// names every blocker the demo was built to show and nothing else: live and offline, with and without
// `--registry`. The registry is a real distribution registry on loopback (harness/registry.ts) filled
// with the demo's manifest lists by the same code the demo uses (harness/demo-registry.ts); the
// manifests name the demo's fixed registry host, so it is replaced by this test's registry host, and
// nothing else is changed. The live cluster has the demo's fixture nodes, as `npm run demo` does.
import assert from 'node:assert/strict';
import {mkdtempSync, readdirSync, readFileSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {controlPlane, type ControlPlane} from '../../harness/index.js';
import {DEMO_IMAGES, DEMO_REGISTRY, demoRegistryPlanArgs, fillDemoRegistry} from '../../harness/demo-registry.js';
import {startRegistries, type Registries} from '../../harness/registry.js';
import type {PoolPlan, UpgradePlanItem, WorkloadPlan} from '../../src/analyses/upgrade/plan.js';
import type {Report} from '../../src/report/types.js';
import {runCli} from './cli.js';

const EXAMPLES = 'examples/upgrade';
const POOL_NODE = 'akswin22-000000';

/** Every blocker the demo shows, per workload; `ready-2022` is ready and has none. */
const BLOCKERS: Record<string, string[]> = {
  'legacy-2019': ['upgrade/image-incompatible'],
  'pinned-2022': ['upgrade/windows-build-pinned'],
  'single-with-pdb': ['upgrade/pdb-blocks-drain', 'upgrade/single-replica'],
  'ready-2022': [],
};
const BLOCKED = Object.keys(BLOCKERS).filter((w) => BLOCKERS[w].length > 0);

/** The example manifests, with the demo's registry host replaced by `host`. */
function exampleYaml(host: string): string {
  return readdirSync(EXAMPLES)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((f) => readFileSync(join(EXAMPLES, f), 'utf8').replaceAll(`${DEMO_REGISTRY}/`, `${host}/`))
    .join('\n---\n');
}

type Plan = Report<UpgradePlanItem>;
const workloads = (plan: Plan) => plan.items.filter((i): i is WorkloadPlan => i.type === 'workload');
const pools = (plan: Plan) => plan.items.filter((i): i is PoolPlan => i.type === 'pool');

/** The finding ids per object, "Kind/name" -> sorted ids. */
function blockersOf(plan: Plan): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const f of plan.findings) (out[`${f.object?.kind}/${f.object?.name}`] ??= []).push(f.id);
  for (const ids of Object.values(out)) ids.sort();
  return out;
}

/** Exactly the demo's blockers: per workload, no finding on anything else (no pool finding), verdicts to match. */
function assertDemoBlockers(plan: Plan, evidence: 'tag' | 'registry'): void {
  const expected = Object.fromEntries(BLOCKED.map((w) => [`Deployment/${w}`, BLOCKERS[w]]));
  assert.deepEqual(blockersOf(plan), expected);
  assert.deepEqual(plan.skipped ?? [], [], 'nothing skipped');
  assert.deepEqual(
    workloads(plan)
      .map((w) => `${w.name} ${w.verdict}`)
      .sort(),
    ['legacy-2019 blocked', 'pinned-2022 blocked', 'ready-2022 ready', 'single-with-pdb blocked'],
  );
  for (const w of workloads(plan)) {
    assert.equal(w.namespace, 'upgrade');
    assert.deepEqual(w.reasons.map((r) => r.slice(0, r.indexOf(':'))).sort(), BLOCKERS[w.name], `${w.name}: its reasons are its blockers`);
    for (const img of w.images) assert.equal(img.evidence, evidence, `${w.name} ${img.image}`);
  }
  // A pool is blocked by the blocked workloads that run (or would land) on it, and by nothing else.
  for (const p of pools(plan)) {
    const on = workloads(plan).filter((w) => w.pools.includes(p.name) && w.verdict === 'blocked');
    assert.deepEqual([...p.reasons].sort(), on.map((w) => `Deployment upgrade/${w.name} is blocked`).sort(), `pool ${p.name}`);
    assert.equal(p.verdict, on.length > 0 ? 'blocked' : 'ready', `pool ${p.name}`);
  }
  const win22 = pools(plan).find((p) => p.name === 'win22');
  assert.ok(win22, 'the demo’s 2022 pool is planned');
  assert.deepEqual(win22.nodes, [POOL_NODE]);
  assert.equal(win22.release, 'LTSC 2022');
}

describe('upgrade-plan --to 2025 on the demo (examples/upgrade), live and offline, with and without --registry', function () {
  this.timeout(300_000);
  let cp: ControlPlane;
  let reg: Registries;
  let dir: string;

  before(async function () {
    this.timeout(0); // a cold cache builds the registry and crane first (minutes, once)
    [cp, reg] = await Promise.all([controlPlane(), startRegistries()]);
    await fillDemoRegistry(reg, reg.anonymous.host);
    dir = mkdtempSync(join(tmpdir(), 'upgrade-demo-e2e-'));
    writeFileSync(join(dir, 'upgrade.yaml'), exampleYaml(reg.anonymous.host));
    await cp.apply(exampleYaml(reg.anonymous.host));
  });

  after(async () => {
    await cp?.api('DELETE', `/api/v1/nodes/${POOL_NODE}`);
    await cp?.api('DELETE', '/api/v1/namespaces/upgrade');
    await reg?.stop();
  });

  const run = async (args: string[], live: boolean): Promise<Plan> => {
    const r = await runCli([...args, '-o', 'json'], live ? {kubeconfig: cp.kubeconfig} : {});
    assert.equal(r.code, 1, `blocked workloads exit 1\n${r.stderr}`);
    assert.equal(r.stderr, '');
    return r.json<Plan>();
  };

  it('the registry holds a Windows manifest list per demo image, with os.version, at the path MCR serves it under', async () => {
    for (const image of DEMO_IMAGES) {
      assert.equal(`mcr.microsoft.com/${image.path}`, image.mirrorOf);
      const r = await reg.crane(['manifest', `${reg.anonymous.host}/${image.path}`]);
      assert.equal(r.code, 0, r.stderr);
      const list = JSON.parse(r.stdout) as {mediaType: string; manifests: {platform: {os: string; 'os.version'?: string}}[]};
      assert.equal(list.mediaType, 'application/vnd.docker.distribution.manifest.list.v2+json');
      assert.deepEqual(
        list.manifests.map((m) => `${m.platform.os} ${m.platform['os.version']}`),
        image.platforms.map((p) => `${p.os} ${p.osVersion}`),
      );
    }
  });

  it('live, builds inferred from the tags: every blocker the demo was built to show, and nothing else', async () => {
    const plan = await run(['upgrade-plan', '--to', '2025', '-n', 'upgrade'], true);
    assertDemoBlockers(plan, 'tag');
    // Live, the pools are the demo's 2022 pool and the fixture nodes' pools (by build).
    assert.deepEqual(
      pools(plan)
        .map((p) => p.name)
        .sort(),
      ['node.kubernetes.io/windows-build=10.0.17763', 'node.kubernetes.io/windows-build=10.0.20348', 'win22'],
    );
  });

  it('live with --registry and --registry-ca, as the demo prints it: the same blockers, the builds read from the manifest lists', async () => {
    const plan = await run(demoRegistryPlanArgs(reg.ca), true);
    assertDemoBlockers(plan, 'registry');
    const legacy = workloads(plan).find((w) => w.name === 'legacy-2019')!;
    assert.deepEqual(legacy.images[0].builds, ['10.0.17763']);
    assert.match(plan.findings.find((f) => f.object?.name === 'legacy-2019')!.message, /registry: 10\.0\.17763\.6893/);
  });

  it('offline from the manifests (the 2022 pool is the Node among them): the same blockers, without and with --registry', async () => {
    // Without --registry the files as they are in the repository (no registry is read).
    const asIs = await run(['upgrade-plan', '--to', '2025', '-f', EXAMPLES], false);
    assertDemoBlockers(asIs, 'tag');
    assert.deepEqual(
      pools(asIs).map((p) => p.name),
      ['win22'],
    );
    assert.deepEqual(
      [...pools(asIs)[0].reasons].sort(),
      BLOCKED.map((w) => `Deployment upgrade/${w} is blocked`),
    );
    const withRegistry = await run(['upgrade-plan', '--to', '2025', '-f', join(dir, 'upgrade.yaml'), '--registry', '--registry-ca', reg.ca], false);
    assertDemoBlockers(withRegistry, 'registry');
    assert.deepEqual(blockersOf(withRegistry), blockersOf(asIs));
  });

  // Last: it changes the cluster.
  it('the fix the plan names for the 2019 image, applied with kubectl, clears that blocker and only it; the registry reads the new image', async () => {
    const before = await run(demoRegistryPlanArgs(reg.ca), true);
    const fix = before.findings.find((f) => f.object?.name === 'legacy-2019')!;
    assert.deepEqual(fix.remedy?.patch, {spec: {template: {spec: {containers: [{name: 'app', image: `${reg.anonymous.host}/windows/servercore:ltsc2025`}]}}}});
    const patched = await cp.kubectl(['patch', 'deployment', 'legacy-2019', '-n', 'upgrade', '--type', 'strategic', '-p', JSON.stringify(fix.remedy.patch)]);
    assert.equal(patched.code, 0, patched.stderr);
    const after = await run(demoRegistryPlanArgs(reg.ca), true);
    const {'Deployment/legacy-2019': cleared, ...rest} = blockersOf(before);
    assert.deepEqual(cleared, ['upgrade/image-incompatible']);
    assert.deepEqual(blockersOf(after), rest);
    const legacy = workloads(after).find((w) => w.name === 'legacy-2019')!;
    assert.equal(legacy.verdict, 'ready');
    assert.deepEqual(
      legacy.images.map((i) => [i.image, i.evidence, i.builds]),
      [[`${reg.anonymous.host}/windows/servercore:ltsc2025`, 'registry', ['10.0.26100']]],
    );
  });
});
