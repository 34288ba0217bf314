// Shell completion against the real control plane: the hidden __complete request (cobra's protocol)
// with live names, kubectl's own plugin completion (`kubectl __complete win ...` runs
// kubectl_complete-win from PATH, k8s.io/kubectl pkg/cmd/plugin/plugin_completion.go), and bash
// running the script `kubectl win completion bash` prints, driven through COMP_LINE/COMP_WORDS.
// Completion must stay fast and quiet: a dead or silent server, or a user who may read nothing,
// gives no names, exit 0 and nothing on stderr.
import assert from 'node:assert/strict';
import {spawnSync} from 'node:child_process';
import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {createServer, type Server, type Socket} from 'node:net';
import {tmpdir} from 'node:os';
import {delimiter, join} from 'node:path';
import {parse as parseYaml, stringify} from 'yaml';
import {controlPlane, type ControlPlane} from '../../harness/index.js';
import {PROJECT_ROOT} from '../../harness/build.js';
import {runProcess} from '../../harness/client.js';
import {ensureBuilt, runCli} from './cli.js';
import {completerScript} from '../../scripts/release/completer.js';
import {TARGETS} from '../../scripts/release/targets.js';
import {NAMES_TIMEOUT_MS as LIVE_TIMEOUT_MS} from '../../src/source/names.js';

const NS = `complete-e2e-${Date.now() % 100000}`;

/** Candidates (without descriptions) and the directive of a __complete answer. */
function parse(stdout: string): {values: string[]; directive: number} {
  const lines = stdout.split('\n').filter((l) => l !== '');
  const last = lines.pop() ?? '';
  assert.match(last, /^:\d+$/, `the last line is :<directive>:\n${stdout}`);
  return {values: lines.map((l) => l.split('\t')[0]), directive: Number(last.slice(1))};
}

describe('shell completion (live names, kubectl plugin completion, bash)', function () {
  this.timeout(180_000);
  let cp: ControlPlane;
  let dir: string;
  let binDir: string;
  let env: NodeJS.ProcessEnv;

  const complete = async (words: string[], kubeconfig?: string) => {
    const r = await runCli(['__complete', ...words], {kubeconfig: kubeconfig ?? cp.kubeconfig});
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stderr, '', 'nothing on stderr: kubectl passes it to the terminal');
    return parse(r.stdout);
  };

  before(async function () {
    this.timeout(600_000);
    ensureBuilt();
    cp = await controlPlane();
    dir = mkdtempSync(join(tmpdir(), 'kubectl-win-completion-'));
    // kubectl-win as installed (the built CLI) and the release's kubectl_complete-win beside it.
    binDir = join(dir, 'bin');
    spawnSync('mkdir', ['-p', binDir]);
    writeFileSync(join(binDir, 'kubectl-win'), `#!/bin/sh\nexec "${process.execPath}" "${join(PROJECT_ROOT, 'bin', 'run.js')}" "$@"\n`, {mode: 0o755});
    writeFileSync(join(binDir, 'kubectl_complete-win'), completerScript(TARGETS.find((t) => t.os === 'linux')!), {mode: 0o755});
    env = {PATH: [binDir, cp.binDir, '/usr/bin', '/bin'].join(delimiter), HOME: dir, KUBECONFIG: cp.kubeconfig};
    await cp.createNamespace(NS);
    await cp.apply(
      [
        {apiVersion: 'v1', kind: 'Pod', metadata: {name: 'iis-0', namespace: NS}, spec: {containers: [{name: 'iis', image: 'iis'}]}},
        {apiVersion: 'v1', kind: 'Pod', metadata: {name: 'iis-1', namespace: NS}, spec: {containers: [{name: 'iis', image: 'iis'}]}},
        {
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          metadata: {name: 'web', namespace: NS},
          spec: {
            replicas: 0,
            selector: {matchLabels: {app: 'web'}},
            template: {metadata: {labels: {app: 'web'}}, spec: {containers: [{name: 'w', image: 'w'}]}},
          },
        },
      ]
        .map((o) => stringify(o))
        .join('---\n'),
    );
  });

  after(() => {
    if (dir) rmSync(dir, {recursive: true, force: true});
  });

  it('live: namespaces for -n, pods and kind/ prefixes in that namespace, kind/name workloads', async () => {
    const ns = await complete(['qos', '-n', 'complete-e2e']);
    assert.deepEqual(ns.values, [NS]);
    const pods = await complete(['qos', '-n', NS, 'iis']);
    assert.deepEqual(pods.values, ['iis-0', 'iis-1']);
    assert.equal(pods.directive, 4);
    const workloads = await complete(['lint', '--namespace', NS, 'deploy/']);
    assert.deepEqual(workloads.values, ['deploy/web']);
    const all = await complete(['gmsa', 'check', '-A', 'iis-']);
    assert.deepEqual(all.values, ['iis-0', 'iis-1']);
  });

  it('live: Windows node names, and contexts from the kubeconfig', async () => {
    const nodes = await complete(['nodes', '']);
    assert.ok(nodes.values.includes(cp.nodes.win2022), nodes.values.join(' '));
    assert.ok(!nodes.values.includes(cp.nodes.linux), 'the Linux node is not one nodes reads by default');
    const contexts = await complete(['doctor', '--context', '']);
    const kubeconfig = parseYaml(readFileSync(cp.kubeconfig, 'utf8')) as {contexts: Array<{name: string}>};
    assert.deepEqual(
      contexts.values,
      kubeconfig.contexts.map((c) => c.name),
    );
    assert.ok(contexts.values.length > 0);
  });

  it('quiet when the user may list nothing: no names, exit 0, nothing on stderr', async () => {
    const nobody = await cp.kubeconfigFor('completion-nobody');
    const r = await complete(['qos', '-n', NS, 'iis'], nobody);
    assert.deepEqual(r.values, []);
  });

  it(`fast when the server never answers: gives up after ${LIVE_TIMEOUT_MS / 1000} s, quietly`, async () => {
    const sockets: Socket[] = [];
    const server: Server = createServer((s) => sockets.push(s));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as {port: number}).port;
    const silent = join(dir, 'silent.kubeconfig');
    writeFileSync(
      silent,
      stringify({
        apiVersion: 'v1',
        kind: 'Config',
        'current-context': 'silent',
        clusters: [{name: 'silent', cluster: {server: `https://127.0.0.1:${port}`, 'insecure-skip-tls-verify': true}}],
        users: [{name: 'silent', user: {token: 'x'}}],
        contexts: [{name: 'silent', context: {cluster: 'silent', user: 'silent'}}],
      }),
    );
    try {
      const started = Date.now();
      const r = await complete(['qos', 'iis'], silent);
      const took = Date.now() - started;
      assert.deepEqual(r.values, []);
      assert.ok(took < LIVE_TIMEOUT_MS + 4_000, `took ${took} ms`);
    } finally {
      for (const s of sockets) s.destroy();
      server.close();
    }
  });

  it('through kubectl: `kubectl __complete win ...` runs kubectl_complete-win from PATH', async () => {
    const kubectl = (args: string[]) => runProcess(join(cp.binDir, 'kubectl'), ['__complete', ...args], {env, timeoutMs: 60_000});
    const top = await kubectl(['wi']);
    assert.equal(top.code, 0, top.stderr);
    assert.ok(parse(top.stdout).values.includes('win'), `kubectl lists the plugin: ${top.stdout}`);
    const commands = parse((await kubectl(['win', ''])).stdout);
    assert.ok(
      ['qos', 'lint', 'gmsa', 'doctor', 'completion'].every((c) => commands.values.includes(c)),
      commands.values.join(' '),
    );
    const pods = await kubectl(['win', 'qos', '-n', NS, '']);
    const parsed = parse(pods.stdout);
    assert.deepEqual(
      parsed.values.filter((v) => !v.endsWith('/')),
      ['iis-0', 'iis-1'],
    );
    assert.ok(parsed.values.includes('deployments/'));
    assert.equal(parsed.directive, 4, 'our directive reaches kubectl');
    const output = parse((await kubectl(['win', 'doctor', '--output=y'])).stdout);
    assert.deepEqual(output.values, ['--output=yaml']);
    const topic = parse((await kubectl(['win', 'gmsa', 'n'])).stdout);
    assert.deepEqual(topic.values, ['nltest']);
  });

  it('through bash: the generated script registers for kubectl-win and fills COMPREPLY', () => {
    const bash = (line: string, words: string[]) => {
      const script = [
        'source <(kubectl-win completion bash)',
        'spec=$(complete -p kubectl-win) || exit 9',
        'echo "$spec"',
        'fn=${spec##*-F }; fn=${fn%% *}',
        `COMP_LINE=${JSON.stringify(line)}; COMP_POINT=\${#COMP_LINE}`,
        `COMP_WORDS=(${words.map((w) => JSON.stringify(w)).join(' ')}); COMP_CWORD=$((\${#COMP_WORDS[@]}-1))`,
        '"$fn" kubectl-win "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"',
        'printf "reply:%s\\n" "${COMPREPLY[@]}"',
      ].join('\n');
      const r = spawnSync('bash', ['--norc', '--noprofile', '-c', script], {env, cwd: PROJECT_ROOT, encoding: 'utf8', timeout: 60_000});
      assert.equal(r.status, 0, r.stderr);
      const lines = r.stdout.split('\n');
      return {
        spec: lines[0],
        replies: lines
          .filter((l) => l.startsWith('reply:'))
          .map((l) => l.slice(6))
          .filter((l) => l !== ''),
      };
    };
    const pods = bash(`kubectl-win qos -n ${NS} iis-`, ['kubectl-win', 'qos', '-n', NS, 'iis-']);
    assert.match(pods.spec, /^complete -o default -F \S+ kubectl-win$/);
    assert.deepEqual(pods.replies, ['iis-0', 'iis-1']);
    assert.deepEqual(bash('kubectl-win gm', ['kubectl-win', 'gm']).replies, ['gmsa']);
    assert.deepEqual(bash('kubectl-win qos --fail-on w', ['kubectl-win', 'qos', '--fail-on', 'w']).replies, ['warning']);
    // bash splits --output=j at the =: the reply replaces only what follows it.
    assert.deepEqual(bash('kubectl-win qos --output=j', ['kubectl-win', 'qos', '--output', '=', 'j']).replies, ['json', 'junit']);
    // -f: manifests and directories, from the shell's own file completion, also after --filename=.
    assert.deepEqual(bash('kubectl-win lint -f examples/lint/healthy-i', ['kubectl-win', 'lint', '-f', 'examples/lint/healthy-i']).replies, [
      'examples/lint/healthy-iis-deployment.yaml',
    ]);
    assert.deepEqual(
      bash('kubectl-win lint --filename=examples/lint/healthy-i', ['kubectl-win', 'lint', '--filename', '=', 'examples/lint/healthy-i']).replies,
      ['examples/lint/healthy-iis-deployment.yaml'],
    );
    assert.deepEqual(bash(`kubectl-win lint -n ${NS} deployments/`, ['kubectl-win', 'lint', '-n', NS, 'deployments/']).replies, ['deployments/web']);
  });

  it('completion prints a script per shell, each calling __complete; a bad shell is one line, exit 2', async () => {
    for (const [shell, registers] of [
      ['bash', /complete -o default -F __kubectl_win_complete kubectl-win/],
      ['zsh', /compdef _kubectl_win kubectl-win/],
      ['fish', /complete -c kubectl-win -f -a/],
      ['powershell', /Register-ArgumentCompleter -Native -CommandName 'kubectl-win', 'kubectl-win.exe'/],
    ] as const) {
      const r = await runCli(['completion', shell]);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, registers);
      assert.match(r.stdout, /__complete/);
    }
    const syntax = spawnSync('bash', ['-n'], {input: (await runCli(['completion', 'bash'])).stdout, encoding: 'utf8'});
    assert.equal(syntax.status, 0, syntax.stderr);
    const bad = await runCli(['completion', 'tcsh']);
    assert.equal(bad.code, 2);
    assert.equal(bad.stderr, 'error: unsupported shell "tcsh"; use one of bash, zsh, fish, powershell\n');
    const none = await runCli(['completion']);
    assert.equal(none.code, 2);
    assert.match(none.stderr, /^error: name a shell/);
  });
});
