// `--registry` end to end: image platforms read from real registries. Two CNCF distribution
// registries run on loopback over HTTPS (harness/registry.ts: one anonymous, one behind htpasswd
// basic auth), filled by crane with Windows manifest lists and OCI indexes (os.version 17763, 20348,
// 26100, and a linux/amd64 entry); pull secrets are real Secrets on the real apiserver, read with
// real RBAC. Nothing else is contacted: every registry and every "unreachable" host is 127.0.0.1.
import assert from 'node:assert/strict';
import {mkdtempSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {controlPlane, type ControlPlane} from '../../harness/index.js';
import {freePort} from '../../harness/processes.js';
import {startRegistries, type Registries} from '../../harness/registry.js';
import {toOptions} from '../../src/cli/flags.js';
import type {ImagePlatformsResult, ImageRequest} from '../../src/k8s/image-platforms.js';
import {ClusterSource} from '../../src/source/cluster-source.js';
import {ManifestSource} from '../../src/source/manifest-source.js';
import type {Report} from '../../src/report/types.js';
import type {UpgradePlanItem, WorkloadPlan} from '../../src/analyses/upgrade/plan.js';
import {runCli, type CliResult} from './cli.js';

const NS = `registry-e2e-${Date.now() % 100000}`;
const WIN = (build: string) => ({os: 'windows', architecture: 'amd64', osVersion: `10.0.${build}`});
const LINUX = {os: 'linux', architecture: 'amd64'};

function dockerConfigSecret(name: string, host: string, username: string, password: string) {
  const auths = {[host]: {auth: Buffer.from(`${username}:${password}`).toString('base64')}};
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: {name},
    type: 'kubernetes.io/dockerconfigjson',
    data: {'.dockerconfigjson': Buffer.from(JSON.stringify({auths})).toString('base64')},
  };
}

const platformsOf = (r: ImagePlatformsResult | undefined) => {
  assert.ok(r && 'platforms' in r, `expected platforms, got ${JSON.stringify(r)}`);
  return r.platforms;
};
const errorOf = (r: ImagePlatformsResult | undefined) => {
  assert.ok(r && 'error' in r, `expected an error, got ${JSON.stringify(r)}`);
  return r.error;
};

describe('upgrade-plan --registry: image platforms from real registries', function () {
  this.timeout(300_000);
  let cp: ControlPlane;
  let reg: Registries;
  let closedPort: number;
  const digests: Record<string, string> = {};
  const images = {web: '', legacy: '', api: '', hostname: ''};

  before(async function () {
    this.timeout(0); // a cold cache builds the registry and crane first (minutes, once)
    [cp, reg] = await Promise.all([controlPlane(), startRegistries()]);
    // Only once everything this suite starts listens: a port freed while they started could be handed
    // to one of them (a CI run got a registry's 401 where "connection refused" was meant).
    closedPort = await freePort();
    images.web = `${reg.anonymous.host}/apps/web:ltsc2019`;
    images.legacy = `${reg.anonymous.host}/apps/legacy:ltsc2022`;
    images.api = `${reg.private.host}/team/api:ltsc2019`;
    images.hostname = `${reg.anonymous.host}/apps/multi:1.0`;
    // The tags lie on purpose: only the registry can tell what each image runs on.
    digests.web = await reg.pushIndex(images.web, [WIN('26100.2314'), LINUX], {format: 'oci'});
    digests.legacy = await reg.pushIndex(images.legacy, [WIN('17763.6414')], {format: 'docker'});
    digests.api = await reg.pushImage(images.api, WIN('26100.1742'));
    digests.hostname = await reg.pushIndex(images.hostname, [WIN('17763.6414'), WIN('20348.2849'), WIN('26100.2314')], {format: 'docker'});
    await cp.createNamespace(NS);
    const secret = await cp.api(
      'POST',
      `/api/v1/namespaces/${NS}/secrets`,
      dockerConfigSecret('pull', reg.private.host, reg.private.username, reg.private.password),
    );
    assert.equal(secret.status, 201, JSON.stringify(secret.body));
    const wrong = await cp.api(
      'POST',
      `/api/v1/namespaces/${NS}/secrets`,
      dockerConfigSecret('wrong', reg.private.host, reg.private.username, 'not-the-password'),
    );
    assert.equal(wrong.status, 201, JSON.stringify(wrong.body));
  });

  after(async () => {
    await reg?.stop();
  });

  async function live(requests: ImageRequest[], kubeconfig = cp.kubeconfig, caFile: string | null = reg.ca): Promise<Map<string, ImagePlatformsResult>> {
    const opts = {...toOptions({kubeconfig, 'request-timeout': '10s'}), registry: caFile ? {caFile} : {}};
    const caps = (await ClusterSource.connect(opts)).capabilities();
    assert.ok(caps.imagePlatforms, 'the capability is offered with --registry');
    return caps.imagePlatforms(requests);
  }

  it('reads every platform of an OCI index and a Docker manifest list, os.version included, with the digest the tag resolved to', async () => {
    const answers = await live([
      {image: images.web, pullSecrets: []},
      {image: images.legacy, pullSecrets: []},
      {image: images.hostname, pullSecrets: []},
    ]);
    assert.deepEqual(platformsOf(answers.get(images.web)), [
      {os: 'windows', architecture: 'amd64', osVersion: '10.0.26100.2314'},
      {os: 'linux', architecture: 'amd64'},
    ]);
    assert.deepEqual(platformsOf(answers.get(images.legacy)), [{os: 'windows', architecture: 'amd64', osVersion: '10.0.17763.6414'}]);
    assert.deepEqual(
      platformsOf(answers.get(images.hostname)).map((p) => p.osVersion),
      ['10.0.17763.6414', '10.0.20348.2849', '10.0.26100.2314'],
    );
    assert.equal((answers.get(images.web) as {digest?: string}).digest, digests.web);
    assert.equal((answers.get(images.legacy) as {digest?: string}).digest, digests.legacy);
  });

  it('reads a reference by digest, and a single-platform image from its config blob', async () => {
    const byDigest = `${images.legacy.replace(/:ltsc2022$/, '')}@${digests.legacy}`;
    const answers = await live([{image: byDigest, pullSecrets: [{namespace: NS, name: 'pull'}]}]);
    assert.deepEqual(platformsOf(answers.get(byDigest)), [{os: 'windows', architecture: 'amd64', osVersion: '10.0.17763.6414'}]);
    const single = await live([{image: images.api, pullSecrets: [{namespace: NS, name: 'pull'}]}]);
    assert.deepEqual(platformsOf(single.get(images.api)), [{os: 'windows', architecture: 'amd64', osVersion: '10.0.26100.1742'}]);
    assert.equal((single.get(images.api) as {digest?: string}).digest, digests.api);
  });

  it("reads a private image with the pod's imagePullSecret (basic auth), and names the refusal without it or with wrong credentials", async () => {
    const withSecret = `${images.api}`;
    const answers = await live([{image: withSecret, pullSecrets: [{namespace: NS, name: 'pull'}]}]);
    assert.equal(platformsOf(answers.get(withSecret))[0].osVersion, '10.0.26100.1742');
    const anonymous = await live([{image: images.api, pullSecrets: []}]);
    assert.match(errorOf(anonymous.get(images.api)), new RegExp(`^${reg.private.host}: 401 Unauthorized.*anonymous: no pull secret has credentials for it`));
    const wrong = await live([{image: images.api, pullSecrets: [{namespace: NS, name: 'wrong'}]}]);
    assert.match(errorOf(wrong.get(images.api)), new RegExp(`401 Unauthorized.*with the credentials of pull secret ${NS}/wrong`));
    // The kubelet tries every matching credential in turn: a wrong one first does not hide a right one.
    const both = await live([
      {
        image: images.api,
        pullSecrets: [
          {namespace: NS, name: 'wrong'},
          {namespace: NS, name: 'pull'},
        ],
      },
    ]);
    assert.equal(platformsOf(both.get(images.api))[0].osVersion, '10.0.26100.1742');
  });

  it("follows a Bearer challenge to the token server: anonymous tokens for public repositories, the pull secret's basic auth for private ones", async () => {
    const pub = `${reg.token.host}/public/app:ltsc2022`;
    const priv = `${reg.token.host}/private/app:ltsc2022`;
    await reg.pushIndex(pub, [WIN('26100.2314')], {format: 'docker'});
    await reg.pushIndex(priv, [WIN('20348.2849'), WIN('26100.2314')], {format: 'oci'});
    const secret = await cp.api(
      'POST',
      `/api/v1/namespaces/${NS}/secrets`,
      dockerConfigSecret('token-pull', reg.token.host, reg.token.username, reg.token.password),
    );
    assert.equal(secret.status, 201, JSON.stringify(secret.body));
    reg.token.tokenRequests.length = 0;
    const answers = await live([
      {image: pub, pullSecrets: []},
      {image: priv, pullSecrets: [{namespace: NS, name: 'token-pull'}]},
    ]);
    assert.deepEqual(platformsOf(answers.get(pub)), [{os: 'windows', architecture: 'amd64', osVersion: '10.0.26100.2314'}]);
    assert.deepEqual(
      platformsOf(answers.get(priv)).map((p) => p.osVersion),
      ['10.0.20348.2849', '10.0.26100.2314'],
    );
    assert.deepEqual([...reg.token.tokenRequests].sort(), ['anonymous repository:public/app:pull', `${reg.token.username} repository:private/app:pull`]);
    const denied = await live([{image: priv, pullSecrets: []}]);
    assert.match(errorOf(denied.get(priv)), new RegExp(`^${reg.token.host}: 401 Unauthorized: UNAUTHORIZED`));
  });

  it('names the pull secret it could not read: missing, or forbidden by RBAC (the limited user has no get on secrets)', async () => {
    const missing = await live([{image: images.api, pullSecrets: [{namespace: NS, name: 'absent'}]}]);
    assert.match(errorOf(missing.get(images.api)), new RegExp(`401 Unauthorized.*pull secret ${NS}/absent: not found`));
    const forbidden = await live([{image: images.api, pullSecrets: [{namespace: NS, name: 'pull'}]}], cp.users.limited.kubeconfig);
    assert.match(errorOf(forbidden.get(images.api)), new RegExp(`pull secret ${NS}/pull: forbidden`));
    // Anonymous images need no Secret: the same user reads them.
    const anon = await live([{image: images.web, pullSecrets: [{namespace: NS, name: 'pull'}]}], cp.users.limited.kubeconfig);
    assert.equal(platformsOf(anon.get(images.web))[0].osVersion, '10.0.26100.2314');
  });

  it('answers per image: an unreachable registry, an unknown tag and a bad reference are that image’s error, the others are read', async () => {
    const unreachable = `127.0.0.1:${closedPort}/apps/gone:ltsc2022`;
    const unknownTag = `${reg.anonymous.host}/apps/web:no-such-tag`;
    const bad = 'Apps/Web:ltsc2022/';
    const answers = await live([
      {image: unreachable, pullSecrets: []},
      {image: unknownTag, pullSecrets: []},
      {image: bad, pullSecrets: []},
      {image: images.web, pullSecrets: []},
    ]);
    assert.equal(errorOf(answers.get(unreachable)), `127.0.0.1:${closedPort}: connection refused`);
    assert.match(errorOf(answers.get(unknownTag)), new RegExp(`^${reg.anonymous.host}: 404 Not Found: MANIFEST_UNKNOWN`));
    assert.match(errorOf(answers.get(bad)), /^invalid image reference: invalid reference format/);
    assert.equal(platformsOf(answers.get(images.web)).length, 2);
  });

  it('trusts only the CAs it is given: without --registry-ca the loopback registry is a TLS error naming the fix', async () => {
    const answers = await live([{image: images.web, pullSecrets: []}], cp.kubeconfig, null);
    assert.match(errorOf(answers.get(images.web)), new RegExp(`^${reg.anonymous.host}: TLS: .*(NODE_EXTRA_CA_CERTS or --registry-ca)`));
  });

  it('offers no capability without --registry, and refuses an unreadable --registry-ca before any read', async () => {
    const plain = await ClusterSource.connect(toOptions({kubeconfig: cp.kubeconfig}));
    assert.equal(plain.capabilities().imagePlatforms, undefined);
    await assert.rejects(
      ClusterSource.connect({...toOptions({kubeconfig: cp.kubeconfig}), registry: {caFile: '/nonexistent/ca.pem'}}),
      /--registry-ca \/nonexistent\/ca.pem: cannot read it \(ENOENT\)/,
    );
  });

  it('offline: the pull secrets are the Secrets among the -f files', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'registry-e2e-'));
    const file = join(dir, 'secret.json');
    writeFileSync(
      file,
      JSON.stringify({
        ...dockerConfigSecret('pull', reg.private.host, reg.private.username, reg.private.password),
        metadata: {name: 'pull', namespace: 'team'},
      }),
    );
    const source = new ManifestSource({filenames: [file], recursive: false, registry: {caFile: reg.ca}, requestTimeoutMs: 10_000});
    const caps = source.capabilities();
    assert.ok(caps.imagePlatforms);
    const answers = await caps.imagePlatforms([
      {image: images.api, pullSecrets: [{namespace: 'team', name: 'pull'}]},
      {image: `${images.api}-other`, pullSecrets: [{namespace: 'team', name: 'elsewhere'}]},
    ]);
    assert.equal(platformsOf(answers.get(images.api))[0].osVersion, '10.0.26100.1742');
    assert.match(errorOf(answers.get(`${images.api}-other`)), /pull secret team\/elsewhere: not among the -f files/);
  });

  describe('kubectl win upgrade-plan --registry (the built CLI)', () => {
    const CLI_NS = `${NS}-cli`;
    const FLOAT_NS = `${NS}-float`;
    const WINDOWS = {nodeSelector: {'kubernetes.io/os': 'windows'}, tolerations: [{key: 'os', operator: 'Exists'}]};
    const deployment = (ns: string, name: string, image: string, pullSecret?: string) => ({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: {name, namespace: ns},
      spec: {
        replicas: 2,
        selector: {matchLabels: {app: name}},
        template: {
          metadata: {labels: {app: name}},
          spec: {...WINDOWS, ...(pullSecret ? {imagePullSecrets: [{name: pullSecret}]} : {}), containers: [{name: 'app', image}]},
        },
      },
    });
    const cliImages = {next: '', gone: '', float: ''};

    before(async () => {
      cliImages.next = `${reg.anonymous.host}/apps/next:ltsc2022`;
      cliImages.gone = `127.0.0.1:${closedPort}/apps/gone:ltsc2022`;
      cliImages.float = `127.0.0.1:${closedPort}/apps/float:latest`;
      // The tag says 2022; the manifest list has only 26100: a 2025 image never runs on a 2022 host.
      await reg.pushIndex(cliImages.next, [WIN('26100.2314')], {format: 'docker'});
      await cp.createNamespace(CLI_NS);
      await cp.createNamespace(FLOAT_NS);
      const secret = await cp.api(
        'POST',
        `/api/v1/namespaces/${CLI_NS}/secrets`,
        dockerConfigSecret('pull', reg.private.host, reg.private.username, reg.private.password),
      );
      assert.equal(secret.status, 201, JSON.stringify(secret.body));
      const objects = [
        deployment(CLI_NS, 'web', images.web),
        deployment(CLI_NS, 'legacy', images.legacy),
        deployment(CLI_NS, 'next', cliImages.next),
        deployment(CLI_NS, 'api', images.api, 'pull'),
        deployment(CLI_NS, 'gone', cliImages.gone),
        deployment(FLOAT_NS, 'float', cliImages.float),
      ];
      await cp.apply(objects.map((o) => JSON.stringify(o)).join('\n---\n'));
    });

    const plan = (to: string, ns: string, extra: string[], env: Record<string, string> = {NODE_EXTRA_CA_CERTS: reg.ca}) =>
      runCli(['upgrade-plan', '--to', to, '-n', ns, '-o', 'json', ...extra], {kubeconfig: cp.kubeconfig, env});
    const workload = (r: CliResult, name: string): WorkloadPlan => {
      const items = r.json<Report<UpgradePlanItem>>().items;
      const w = items.find((i): i is WorkloadPlan => i.type === 'workload' && i.name === name);
      assert.ok(w, `no workload ${name} in ${JSON.stringify(items.map((i) => i.name))}; stderr: ${r.stderr}`);
      return w;
    };

    it('reads the platforms from the registry: a tag that says ltsc2022 but whose list has only 26100 is blocked on a 2022 pool', async () => {
      const inferred = await plan('2022', CLI_NS, []);
      const read = await plan('2022', CLI_NS, ['--registry']);
      const before = workload(inferred, 'next').images[0];
      const after = workload(read, 'next').images[0];
      assert.deepEqual([before.evidence, before.builds, before.runs], ['tag', ['10.0.20348'], true]);
      assert.deepEqual([after.evidence, after.builds, after.runs], ['registry', ['10.0.26100'], false]);
      assert.match(after.detail, /^registry: 10\.0\.26100\.2314$/);
      assert.equal(workload(read, 'next').verdict, 'blocked');
      // And the other way: ltsc2019 by its tag, 26100 (and linux/amd64) in its OCI index, so it runs on 2025.
      const web = workload(await plan('2025', CLI_NS, ['--registry']), 'web');
      assert.deepEqual([web.images[0].evidence, web.images[0].builds, web.images[0].runs], ['registry', ['10.0.26100'], true]);
    });

    it("reads a private image with the pod's imagePullSecret, read live from the apiserver", async () => {
      const r = await plan('2025', CLI_NS, ['--registry']);
      const api = workload(r, 'api').images[0];
      assert.deepEqual([api.evidence, api.builds, api.runs], ['registry', ['10.0.26100'], true]);
      const legacy = workload(r, 'legacy').images[0];
      assert.deepEqual([legacy.evidence, legacy.builds, legacy.runs], ['registry', ['10.0.17763'], false]);
    });

    it('names an unreachable registry per image and falls back to the tag; the run stays complete when the tag decides', async () => {
      const r = await plan('2025', CLI_NS, ['--registry']);
      const gone = workload(r, 'gone').images[0];
      assert.equal(gone.evidence, 'tag');
      assert.match(gone.detail, new RegExp(`^registry: 127\\.0\\.0\\.1:${closedPort}: connection refused; inferred from tag ltsc2022`));
      assert.notEqual(r.code, 4, r.stdout);
      assert.ok(!r.json<Report<UpgradePlanItem>>().skipped?.some((s) => s.check === 'upgrade/registry'), 'no upgrade/registry skip when the tag decides');
    });

    it('is incomplete (exit 4) when a registry error leaves an image with no build at all', async () => {
      const r = await plan('2025', FLOAT_NS, ['--registry']);
      assert.equal(r.code, 4, r.stdout + r.stderr);
      const skipped = r.json<Report<UpgradePlanItem>>().skipped ?? [];
      assert.ok(
        skipped.some((s) => s.check === 'upgrade/registry' && s.reason.includes(`${cliImages.float}: 127.0.0.1:${closedPort}: connection refused`)),
        JSON.stringify(skipped),
      );
      assert.match(r.stderr, new RegExp(`^incomplete: upgrade/registry: ${cliImages.float.replace(/\./g, '\\.')}: `, 'm'));
    });

    it('offline (-f): the pull secret is the Secret among the files, and the registry is read the same way', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'registry-e2e-cli-'));
      const file = join(dir, 'objects.json');
      const secret = {...dockerConfigSecret('pull', reg.private.host, reg.private.username, reg.private.password), metadata: {name: 'pull', namespace: CLI_NS}};
      writeFileSync(file, JSON.stringify({apiVersion: 'v1', kind: 'List', items: [deployment(CLI_NS, 'api', images.api, 'pull'), secret]}));
      const r = await runCli(['upgrade-plan', '--to', '2025', '-f', file, '-n', CLI_NS, '-o', 'json', '--registry'], {env: {NODE_EXTRA_CA_CERTS: reg.ca}});
      const api = workload(r, 'api').images[0];
      assert.deepEqual([api.evidence, api.builds, api.runs], ['registry', ['10.0.26100'], true]);
      const without = await runCli(['upgrade-plan', '--to', '2025', '-f', file, '-n', CLI_NS, '-o', 'json'], {env: {NODE_EXTRA_CA_CERTS: reg.ca}});
      assert.equal(workload(without, 'api').images[0].evidence, 'tag', 'no registry is contacted without --registry');
    });

    it('trusts the registry CA through --registry-ca as through NODE_EXTRA_CA_CERTS, and names the TLS failure without either', async () => {
      const viaFlag = workload(await plan('2025', CLI_NS, ['--registry', '--registry-ca', reg.ca], {}), 'web').images[0];
      assert.equal(viaFlag.evidence, 'registry');
      const untrusted = workload(await plan('2025', CLI_NS, ['--registry'], {}), 'web').images[0];
      assert.equal(untrusted.evidence, 'tag');
      assert.match(untrusted.detail, /TLS: .*NODE_EXTRA_CA_CERTS or --registry-ca/);
    });

    it('refuses --registry-ca without --registry, and an unreadable --registry-ca, with one line and exit 2', async () => {
      const alone = await plan('2025', CLI_NS, ['--registry-ca', reg.ca]);
      assert.equal(alone.code, 2);
      assert.equal(alone.stderr.trim(), 'error: --registry-ca is for --registry (registries are read only when asked)');
      const missing = await plan('2025', CLI_NS, ['--registry', '--registry-ca', '/nonexistent/ca.pem']);
      assert.equal(missing.code, 2);
      assert.equal(missing.stderr.trim(), 'error: --registry-ca /nonexistent/ca.pem: cannot read it (ENOENT)');
    });
  });
});
