// Real OCI registries on loopback for the `--registry` e2e tests: the CNCF distribution registry
// (tools/registry/build.sh builds it and crane from Go modules, once), over HTTPS with a CA of its
// own made by pki.ts, one allowing anonymous pulls and one behind htpasswd basic auth (the registry
// provisions the user `docker` with a random password itself when the file is missing, and logs it:
// distribution registry/auth/htpasswd/access.go createHtpasswdFile), and one in token-auth mode whose
// Bearer challenge sends clients to a token server (registry-token.ts; anyone may pull `public/`,
// its user everything). Images are pushed by crane, the
// real client: a tiny layer, `crane mutate --set-platform os/arch:os.version` per platform, then
// `crane index append` into a manifest list (Docker) or an OCI index. Nothing here writes a registry
// response by hand.
import {spawn} from 'node:child_process';
import {randomBytes} from 'node:crypto';
import {existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync} from 'node:fs';
import {request} from 'node:https';
import {createServer} from 'node:net';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {PROJECT_ROOT, SetupError} from './build.js';
import {runProcess, type ProcResult} from './client.js';
import {createCa, issue} from './pki.js';
import {startTokenServer, type TokenServer} from './registry-token.js';
import {freePort, killAllNow, removeDir, sleep, startProcess, startWatchdog, stopAll, tail, type Started} from './processes.js';

const BUILD_SCRIPT = join(PROJECT_ROOT, 'tools/registry/build.sh');

/** One registry: `host` is what an image reference names (127.0.0.1:PORT). */
export interface TestRegistry {
  host: string;
  /** Set for the one behind basic auth. */
  username?: string;
  password?: string;
}

/** A platform of a pushed image, as crane's --set-platform takes it: windows/amd64 with os.version. */
export interface PushPlatform {
  os: string;
  architecture: string;
  osVersion?: string;
}

export interface Registries {
  /** The CA certificate (PEM file) both registries' serving certificates chain to. */
  ca: string;
  anonymous: TestRegistry;
  private: Required<TestRegistry>;
  /** Token auth: anonymous pulls of `public/...` get a token, the rest needs the user's credentials. */
  token: Required<TestRegistry> & {tokenRequests: string[]};
  /** Pushes a multi-platform image (one manifest per platform, then the list) to `ref`; resolves to the list's digest. */
  pushIndex(ref: string, platforms: PushPlatform[], opts?: {format?: 'docker' | 'oci'}): Promise<string>;
  /** Pushes a single-platform image (no list) to `ref`; resolves to its digest. */
  pushImage(ref: string, platform: PushPlatform): Promise<string>;
  /** crane with the registries' CA and credentials (for assertions). */
  crane(args: string[]): Promise<ProcResult>;
  stop(): Promise<void>;
}

/** Builds the tools if needed (minutes, once) and starts both registries (about a second). */
export async function startRegistries(): Promise<Registries> {
  const binDir = await ensureRegistryTools();
  const dir = mkdtempSync(join(tmpdir(), 'kubectl-win-registry-'));
  mkdirSync(join(dir, 'logs'));
  const watchdog = startWatchdog(dir);
  const onExit = () => killAllNow(dir);
  process.once('exit', onExit);
  const stop = async () => {
    process.removeListener('exit', onExit);
    await stopAll(dir);
    try {
      process.kill(-watchdog, 'SIGKILL');
    } catch {
      // gone
    }
    removeDir(dir);
  };
  try {
    return await startIn(dir, binDir, stop);
  } catch (err) {
    await stop();
    throw err;
  }
}

async function startIn(dir: string, binDir: string, stop: () => Promise<void>): Promise<Registries> {
  const pki = await createCa(join(dir, 'pki'));
  const [cert, signer] = await Promise.all([issue(pki, 'registry', '/CN=localhost', 'server'), issue(pki, 'token-signer', '/CN=token-signer', 'client')]);
  const tls = {...cert, ca: pki.ca};
  const tokenUser = {username: 'pusher', password: randomBytes(12).toString('hex')};
  const service = 'kubectl-win-e2e-registry';
  const issuer = 'kubectl-win-e2e-token';
  const tokenServer = await startTokenServer({tls, signer, issuer, service, user: tokenUser});
  const tokenAuth: Auth = {realm: tokenServer.realm, service, issuer, rootcertbundle: pki.ca};
  const [anon, priv, tok] = await Promise.all([
    startOne(dir, binDir, 'registry-anonymous', tls, 'none'),
    startOne(dir, binDir, 'registry-private', tls, 'htpasswd'),
    startOne(dir, binDir, 'registry-token', tls, tokenAuth),
  ]).catch(async (err: unknown) => {
    await tokenServer.close();
    throw err;
  });
  const password = await provisionedPassword(priv.process);
  const privateRegistry = {host: priv.host, username: 'docker', password};
  const tokenRegistry = {host: tok.host, ...tokenUser};
  const crane = craneRunner(binDir, dir, pki.ca, [privateRegistry, tokenRegistry]);
  return {
    ca: pki.ca,
    anonymous: {host: anon.host},
    private: privateRegistry,
    token: {...tokenRegistry, tokenRequests: tokenServer.requests},
    ...pusher(crane, await tinyLayer(dir)),
    crane,
    stop: () => closeThen(tokenServer, stop),
  };
}

/** A registry that outlives this process (the demo's): anonymous, on a fixed loopback port. */
export interface LoopbackRegistry extends Pick<Registries, 'ca' | 'pushIndex' | 'pushImage'> {
  host: string;
}

/**
 * One anonymous registry on 127.0.0.1:`port` whose process is recorded in `<dir>/pids` (so
 * `stopAll(dir)` ends it, not this process's exit) with its CA, data and logs under `<dir>/registry`;
 * a registry already answering there with that CA is reused. Throws SetupError when the tools cannot
 * be built or another process holds the port.
 */
export async function startLoopbackRegistry(dir: string, port: number): Promise<LoopbackRegistry> {
  const binDir = await ensureRegistryTools();
  const home = join(dir, 'registry');
  const host = `127.0.0.1:${port}`;
  const ca = join(home, 'pki', 'ca.crt');
  if (!existsSync(ca) || (await v2Status(host, ca).catch(() => 0)) !== 200) {
    if (!(await portFree(port))) throw new SetupError(`${host} is in use by another process`);
    const pki = await createCa(join(home, 'pki'));
    const cert = await issue(pki, 'registry', '/CN=localhost', 'server');
    await startOne(dir, binDir, 'registry', {...cert, ca}, 'none', port);
  }
  const crane = craneRunner(binDir, home, ca, []);
  return {host, ca, ...pusher(crane, await tinyLayer(home))};
}

/** Whether nothing listens on 127.0.0.1:`port` (bound, then released at once). */
function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.once('error', () => resolve(false));
    srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
  });
}

type Crane = (args: string[]) => Promise<ProcResult>;

function craneRunner(binDir: string, dir: string, ca: string, logins: Required<TestRegistry>[]): Crane {
  const env = craneEnvironment(dir, ca, logins);
  return (args) => runProcess(join(binDir, 'crane'), args, {env, timeoutMs: 60_000});
}

/** Pushes with crane: a base image of the tiny layer per registry host, one image per platform, then the list. */
function pusher(crane: Crane, layer: string): Pick<Registries, 'pushIndex' | 'pushImage'> {
  const must = async (args: string[]) => {
    const r = await crane(args);
    if (r.code !== 0) throw new Error(`crane ${args.join(' ')}: ${r.stderr.trim() || r.stdout.trim()}`);
    return r.stdout.trim();
  };
  const bases = new Map<string, Promise<string>>();
  const base = (host: string) => {
    let p = bases.get(host);
    if (!p) bases.set(host, (p = must(['append', '-f', layer, '-t', `${host}/kubectl-win-e2e/base:layer`]).then(() => `${host}/kubectl-win-e2e/base:layer`)));
    return p;
  };
  const platformImage = async (ref: string, p: PushPlatform, to: string) =>
    must(['mutate', await base(hostOf(ref)), '--set-platform', platformArg(p), '-t', to]);
  return {
    async pushIndex(ref, platforms, opts = {}) {
      const children: string[] = [];
      for (const p of platforms) {
        const child = `${repoOf(ref)}:platform-${p.os}-${p.architecture}-${(p.osVersion ?? 'none').replace(/[^\w.-]/g, '_')}`;
        await platformImage(ref, p, child);
        children.push(child);
      }
      await must(['index', 'append', ...(opts.format === 'docker' ? ['--docker-empty-base'] : []), ...children.flatMap((c) => ['-m', c]), '-t', ref]);
      return must(['digest', ref]);
    },
    async pushImage(ref, platform) {
      await platformImage(ref, platform, ref);
      return must(['digest', ref]);
    },
  };
}

async function closeThen(server: TokenServer, stop: () => Promise<void>): Promise<void> {
  await server.close();
  await stop();
}

const hostOf = (ref: string) => ref.slice(0, ref.indexOf('/'));
const repoOf = (ref: string) => ref.replace(/(@[^@]*|:[^:/]*)$/, '');
const platformArg = (p: PushPlatform) => `${p.os}/${p.architecture}${p.osVersion ? `:${p.osVersion}` : ''}`;

/** Runs tools/registry/build.sh (progress on our stderr) and resolves to the bin dir it prints. */
function ensureRegistryTools(): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', [BUILD_SCRIPT], {stdio: ['ignore', 'pipe', 'inherit']});
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.on('error', (err) => reject(new SetupError(`cannot run ${BUILD_SCRIPT}: ${err.message}`)));
    child.on('close', (code) => {
      const binDir = out.trim().split('\n').pop() ?? '';
      if (code === 2)
        return reject(new SetupError('tools/registry/build.sh: no Go on PATH (the registry e2e tests build their registry and crane, https://go.dev/dl)'));
      if (code !== 0) return reject(new SetupError(`building the test registry and crane failed (tools/registry/build.sh exit ${code}); see the output above`));
      for (const b of ['registry', 'crane']) if (!existsSync(join(binDir, b))) return reject(new SetupError(`tools/registry/build.sh did not produce ${b}`));
      resolve(binDir);
    });
  });
}

interface RunningRegistry {
  host: string;
  process: Started;
}

/** The serving certificate and key, and the CA (PEM file) that issued them. */
type Tls = {cert: string; key: string; ca: string};

/** No auth, htpasswd basic auth, or token auth (distribution's auth.token options). */
type Auth = 'none' | 'htpasswd' | {realm: string; service: string; issuer: string; rootcertbundle: string};

/** One registry process: its config, then waiting until /v2/ answers over TLS (200 anonymous, 401 behind auth). */
async function startOne(dir: string, binDir: string, name: string, tls: Tls, auth: Auth, fixedPort?: number): Promise<RunningRegistry> {
  const port = fixedPort ?? (await freePort());
  const home = join(dir, name);
  mkdirSync(home, {recursive: true});
  const config = join(home, 'config.yml');
  writeFileSync(config, registryConfig(home, port, tls, auth));
  const proc = startProcess(dir, name, join(binDir, 'registry'), ['serve', config], {...process.env, OTEL_TRACES_EXPORTER: 'none'});
  const host = `127.0.0.1:${port}`;
  const deadline = Date.now() + 20_000;
  for (;;) {
    const status = await v2Status(host, tls.ca).catch(() => 0);
    if (status === (auth === 'none' ? 200 : 401)) return {host, process: proc};
    if (Date.now() > deadline) throw new SetupError(`${name} did not answer on ${host} within 20s; its log:\n${tail(proc.log)}`);
    await sleep(100);
  }
}

/** distribution's configuration (docs/content/about/configuration.md): filesystem storage, TLS, JSON logs, htpasswd when asked. */
function registryConfig(home: string, port: number, tls: {cert: string; key: string}, auth: Auth): string {
  return [
    'version: 0.1',
    'log:',
    '  level: info',
    '  formatter: json',
    'storage:',
    '  filesystem:',
    `    rootdirectory: ${JSON.stringify(join(home, 'data'))}`,
    'http:',
    `  addr: 127.0.0.1:${port}`,
    '  tls:',
    `    certificate: ${JSON.stringify(tls.cert)}`,
    `    key: ${JSON.stringify(tls.key)}`,
    ...authConfig(home, auth),
    '',
  ].join('\n');
}

function authConfig(home: string, auth: Auth): string[] {
  if (auth === 'none') return [];
  if (auth === 'htpasswd') return ['auth:', '  htpasswd:', '    realm: kubectl-win-e2e', `    path: ${JSON.stringify(join(home, 'htpasswd'))}`];
  return ['auth:', '  token:', ...Object.entries(auth).map(([k, v]) => `    ${k}: ${JSON.stringify(v)}`), '    autoredirect: false'];
}

function v2Status(host: string, ca: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(`https://${host}/v2/`, {ca: readFileSync(ca), timeout: 2000}, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    req.end();
  });
}

/** The password the registry logged when it provisioned htpasswd's default user. */
async function provisionedPassword(proc: Started): Promise<string> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    for (const line of readFileSync(proc.log, 'utf8').split('\n')) {
      if (!line.includes('provisioning with default user')) continue;
      const entry = JSON.parse(line) as {password?: string};
      if (entry.password) return entry.password;
    }
    if (Date.now() > deadline) throw new SetupError(`registry-private logged no provisioned password; its log:\n${tail(proc.log)}`);
    await sleep(100);
  }
}

/** crane trusts the CA through SSL_CERT_FILE (Go's crypto/x509 on Linux) and logs in through DOCKER_CONFIG. */
function craneEnvironment(dir: string, ca: string, logins: Required<TestRegistry>[]): NodeJS.ProcessEnv {
  const dockerConfig = join(dir, 'docker');
  mkdirSync(dockerConfig, {recursive: true});
  const auths = Object.fromEntries(logins.map((l) => [l.host, {auth: Buffer.from(`${l.username}:${l.password}`).toString('base64')}]));
  writeFileSync(join(dockerConfig, 'config.json'), JSON.stringify({auths}), {mode: 0o600});
  return {PATH: process.env.PATH, HOME: dir, SSL_CERT_FILE: ca, DOCKER_CONFIG: dockerConfig};
}

/** A one-file layer tarball, made with tar. */
async function tinyLayer(dir: string): Promise<string> {
  const src = join(dir, 'layer');
  mkdirSync(src, {recursive: true});
  writeFileSync(join(src, 'hello.txt'), 'kubectl-win e2e layer\n');
  const tarball = join(dir, 'layer.tar');
  const r = await runProcess('tar', ['-cf', tarball, '-C', src, 'hello.txt']);
  if (r.code !== 0) throw new SetupError(`tar: ${r.stderr.trim()}`);
  return tarball;
}
