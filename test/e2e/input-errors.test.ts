// What a user meets with bad input, through the real CLI: one line on stderr, the contract's exit code.
// Most need no control plane: these never reach a cluster (or reach one that never answers). The -l
// grammar is also checked against the real kubectl and kube-apiserver, word for word.
import assert from 'node:assert/strict';
import {execFileSync, spawn} from 'node:child_process';
import {chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync} from 'node:fs';
import {createServer, type Server} from 'node:net';
import type {AddressInfo} from 'node:net';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {ensureBuilt, runCli} from './cli.js';
import {PROJECT_ROOT} from '../../harness/build.js';
import type {ControlPlane} from '../../harness/index.js';
import {controlPlaneWith, createPod} from './live.js';

function oneLine(stderr: string): string {
  const lines = stderr.trim().split('\n');
  assert.equal(lines.length, 1, `expected one line on stderr, got:\n${stderr}`);
  assert.doesNotMatch(stderr, /\bat .*\.(js|ts):\d+/, 'no stack trace');
  return lines[0];
}

describe('e2e: input errors and interruption', function () {
  this.timeout(120_000);
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'kubectl-win-e2e-input-'));
  });
  after(() => rmSync(dir, {recursive: true, force: true}));

  it('invalid YAML: exit 2, naming the file and the line', async () => {
    const f = join(dir, 'bad.yaml');
    writeFileSync(f, 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\nspec:\n  containers: [\n');
    for (const cmd of [['qos'], ['lint'], ['psp', 'readiness'], ['gmsa', 'check']]) {
      const r = await runCli([...cmd, '-f', f]);
      assert.equal(r.code, 2, `${cmd.join(' ')}: ${r.stderr}`);
      assert.match(oneLine(r.stderr), new RegExp(`${f.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}:\\d+: invalid YAML`));
      assert.equal(r.stdout, '');
    }
  });

  it('a file that is not Kubernetes objects, and a path that does not exist: exit 2', async () => {
    const f = join(dir, 'notk8s.yaml');
    writeFileSync(f, 'name: just a map\n');
    const r = await runCli(['qos', '-f', f, '-o', 'json']);
    assert.equal(r.code, 2);
    assert.match(oneLine(r.stderr), /not a Kubernetes object/);
    const m = await runCli(['lint', '-f', join(dir, 'missing.yaml')]);
    assert.equal(m.code, 2);
    assert.match(oneLine(m.stderr), /does not exist/);
  });

  it('a bad flag value is a usage error (exit 2)', async () => {
    const r = await runCli(['qos', '-o', 'xml', '-f', 'examples/qos']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /xml/);
  });

  it('manifests from stdin with -f -', async () => {
    const r = await runCli(['qos', '-f', '-', '-o', 'json'], {
      input: 'apiVersion: v1\nkind: Pod\nmetadata: {name: s}\nspec:\n  containers: [{name: c, image: i, resources: {limits: {cpu: "1", memory: 1Gi}}}]\n',
    });
    assert.equal(r.code, 0, r.stderr);
    const report = r.json();
    assert.deepEqual(report.source, {type: 'manifests', files: ['<stdin>']});
    assert.equal(report.items[0].qosClass, 'Guaranteed');
  });

  describe('flags, names and selectors are checked before any read', () => {
    let listener: Server;
    let connections = 0;
    let kubeconfig: string;
    before(async () => {
      // A loopback server that counts connections: a check that runs before any read makes none.
      listener = createServer((socket) => {
        connections++;
        socket.destroy();
      });
      await new Promise<void>((r) => listener.listen(0, '127.0.0.1', r));
      const port = (listener.address() as AddressInfo).port;
      kubeconfig = join(dir, 'counting.kubeconfig');
      writeFileSync(
        kubeconfig,
        `current-context: c\nclusters:\n- {name: c, cluster: {server: "https://127.0.0.1:${port}", insecure-skip-tls-verify: true}}\nusers:\n- {name: u, user: {token: t}}\ncontexts:\n- {name: c, context: {cluster: c, user: u, namespace: web}}\n`,
      );
    });
    after(() => listener.close());

    const cases: Array<[string, string[], RegExp]> = [
      [
        'a malformed -l, live',
        ['qos', '-A', '-l', 'app in ('],
        /^error: invalid label selector -l "app in \(": unable to parse requirement: found '', expected: ',', '\)' or identifier$/,
      ],
      ['a malformed -l on doctor', ['doctor', '-l', 'a=b=c'], /^error: invalid label selector -l "a=b=c": found '=', expected: ',' or 'end of string'$/],
      [
        'a -l key that is not a qualified name',
        ['lint', '-l', 'Foo_=x'],
        /^error: invalid label selector -l "Foo_=x": unable to parse requirement: <nil>: Invalid value: "Foo_": name part must consist of/,
      ],
      [
        '-n a,b',
        ['psp', 'readiness', '-n', 'a,b'],
        /^error: invalid namespace -n "a,b": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-'/,
      ],
      ['an invalid pod name', ['qos', 'Foo_Bar'], /^error: invalid Pod name "Foo_Bar": a lowercase RFC 1123 subdomain must consist of/],
      ['an invalid workload name', ['gmsa', 'check', 'deployment/Web'], /^error: invalid Deployment name "Web"/],
      ['an invalid node name', ['nodes', 'Node_1'], /^error: invalid Node name "Node_1"/],
      ['names and -l together', ['lint', 'iis-0', '-l', 'app=iis'], /^error: name cannot be provided when a selector is specified$/],
      // Their items are analyses and probes, not objects: no names to print, known before any read.
      ['doctor -o name', ['doctor', '-o', 'name'], /^error: Expected --output=name to be one of: text, wide, json, yaml, junit, sarif, github$/],
      [
        'gmsa nltest -o name',
        ['gmsa', 'nltest', 'iis-0', '-o', 'name'],
        /^error: Expected --output=name to be one of: text, wide, json, yaml, junit, sarif, github$/,
      ],
    ];
    for (const [what, args, message] of cases) {
      it(`${what}: exit 2, one line, no connection to the cluster`, async () => {
        const before = connections;
        const r = await runCli(args, {kubeconfig});
        assert.equal(r.code, 2, r.stderr);
        assert.match(oneLine(r.stderr), message);
        assert.equal(r.stdout, '');
        assert.equal(connections, before, 'no request was made');
      });
    }

    it('the same -l offline is the same exit 2', async () => {
      const r = await runCli(['qos', '-f', 'examples/qos', '-l', 'app in (']);
      assert.equal(r.code, 2);
      assert.match(oneLine(r.stderr), /^error: invalid label selector -l "app in \(": unable to parse requirement/);
    });
  });

  describe('-f that yields no Kubernetes object: exit 2 naming the path', () => {
    const cases: Array<[string, () => string, RegExp]> = [
      ['an empty file', () => put('empty.yaml', ''), /no Kubernetes objects in the file/],
      ['a file of comments only', () => put('comments.yaml', '# rendered nothing\n---\n# still nothing\n'), /no Kubernetes objects in the file/],
      [
        'a directory without manifests',
        () => mkdtempSync(join(dir, 'empty-dir-')),
        /no Kubernetes objects: the directory has no \.yaml, \.yml or \.json files/,
      ],
    ];
    for (const [what, make, message] of cases) {
      it(what, async () => {
        const path = make();
        for (const cmd of [['qos'], ['lint'], ['doctor']]) {
          const r = await runCli([...cmd, '-f', path, '-R']);
          assert.equal(r.code, 2, `${cmd.join(' ')}: ${r.stderr}`);
          const line = oneLine(r.stderr);
          assert.match(line, message);
          assert.ok(line.includes(`-f ${path}`), line);
        }
      });
    }

    it('empty stdin', async () => {
      const r = await runCli(['qos', '-f', '-'], {input: ''});
      assert.equal(r.code, 2);
      assert.match(oneLine(r.stderr), /^error: -f - \(stdin\): no Kubernetes objects in the input/);
    });
  });

  describe("the manifest reader's limits: exit 2 naming the file and line, never an internal error", () => {
    const cases: Array<[string, () => string, RegExp]> = [
      [
        'an alias bomb',
        () => {
          let bomb = 'apiVersion: v1\nkind: Pod\nmetadata: {name: b}\nspec:\n  a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n';
          for (let i = 1; i < 10; i++)
            bomb += `  a${i}: &a${i} [${Array(10)
              .fill(`*a${i - 1}`)
              .join(', ')}]\n`;
          return put('bomb.yaml', bomb);
        },
        /bomb\.yaml:1: too many YAML alias expansions in one document/,
      ],
      [
        '100,000 nested flow levels',
        () => put('flow.yaml', `apiVersion: v1\nkind: Pod\nmetadata: {name: f}\nspec: ${'['.repeat(100_000)}${']'.repeat(100_000)}\n`),
        /flow\.yaml:4: nested more than 256 levels deep/,
      ],
      [
        '3,000 nested block levels',
        () => {
          let block = 'apiVersion: v1\nkind: Pod\nmetadata: {name: d}\nspec:\n';
          for (let i = 1; i <= 3000; i++) block += `${' '.repeat(i)}k:\n`;
          return put('block.yaml', block);
        },
        /block\.yaml:260: nested more than 256 levels deep/,
      ],
      [
        'deeply nested JSON',
        () => put('deep.json', `{"apiVersion": "v1", "kind": "Pod",\n"spec": ${'['.repeat(100_000)}${']'.repeat(100_000)}}`),
        /deep\.json:2: nested more than 256 levels deep/,
      ],
    ];
    for (const [what, make, message] of cases) {
      it(what, async () => {
        const file = make();
        const r = await runCli(['lint', '-f', file]);
        assert.equal(r.code, 2, r.stderr);
        const line = oneLine(r.stderr);
        assert.match(line, message);
        assert.ok(line.startsWith(`error: ${file}:`), line);
        assert.doesNotMatch(line, /internal error/);
      });
    }
  });

  describe('unreadable paths: exit 2 naming the path', () => {
    it('a directory and a file the user may not read, run as an unprivileged user', async function () {
      // chmod 000 does not stop root, so as root the CLI runs as nobody (65534), for whom it does.
      const root = mkdtempSync(join(tmpdir(), 'kubectl-win-e2e-noread-'));
      try {
        chmodSync(root, 0o755);
        mkdirSync(join(root, 'sub'));
        writeFileSync(join(root, 'a.yaml'), 'apiVersion: v1\nkind: Pod\nmetadata: {name: a}\nspec: {containers: [{name: c, image: i}]}\n');
        mkdirSync(join(root, 'sub', 'locked'));
        chmodSync(join(root, 'sub', 'locked'), 0o000);
        const uid = process.getuid?.() === 0 ? 65534 : undefined;
        const r = await runAs(uid, ['qos', '-f', root, '-R'], root);
        assert.equal(r.code, 2, r.stderr);
        assert.match(oneLine(r.stderr), new RegExp(`^error: cannot read directory ${escape(join(root, 'sub', 'locked'))}: EACCES`));
        // And a file the user may not read, named with -f.
        chmodSync(join(root, 'a.yaml'), 0o000);
        const f = await runAs(uid, ['lint', '-f', join(root, 'a.yaml')], root);
        assert.equal(f.code, 2, f.stderr);
        assert.match(oneLine(f.stderr), new RegExp(`^error: cannot read file ${escape(join(root, 'a.yaml'))}: EACCES: permission denied$`));
      } finally {
        chmodSync(join(root, 'sub', 'locked'), 0o755);
        rmSync(root, {recursive: true, force: true});
      }
    });

    it('a dangling symbolic link among the manifests, and a FIFO in a directory walk', async () => {
      const d = mkdtempSync(join(dir, 'links-'));
      symlinkSync(join(d, 'gone.yaml'), join(d, 'link.yaml'));
      const r = await runCli(['lint', '-f', d]);
      assert.equal(r.code, 2);
      assert.match(oneLine(r.stderr), new RegExp(`${escape(join(d, 'link.yaml'))}`));
      const f = mkdtempSync(join(dir, 'fifo-'));
      execFileSync('mkfifo', [join(f, 'pipe.yaml')]);
      const p = await runCli(['lint', '-f', f], {timeoutMs: 20_000});
      assert.equal(p.code, 2);
      assert.match(oneLine(p.stderr), /pipe\.yaml: not a regular file/);
    });
  });

  it('-f with names filters the manifests by kind and name, as kubectl names objects', async () => {
    const file = put(
      'named.yaml',
      'apiVersion: v1\nkind: Pod\nmetadata: {name: web}\nspec: {containers: [{name: c, image: i, resources: {limits: {cpu: "1", memory: 1Gi}}}]}\n' +
        '---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  selector: {matchLabels: {app: w}}\n  template:\n    metadata: {labels: {app: w}}\n    spec: {containers: [{name: c, image: i}]}\n',
    );
    const dep = await runCli(['qos', 'deployment/web', '-f', file, '-o', 'json']);
    assert.equal(dep.code, 0, dep.stderr);
    assert.deepEqual(
      dep.json().items.map((i: {kind: string; name: string}) => `${i.kind}/${i.name}`),
      ['Deployment/web'],
    );
    const pod = await runCli(['qos', 'web', '-f', file, '-o', 'json']);
    assert.deepEqual(
      pod.json().items.map((i: {kind: string; name: string}) => `${i.kind}/${i.name}`),
      ['Pod/web'],
    );
    const missing = await runCli(['qos', 'statefulset/web', '-f', file]);
    assert.equal(missing.code, 2);
    assert.match(oneLine(missing.stderr), new RegExp(`^error: statefulsets "web" not found in ${escape(file)}$`));
  });

  describe('-l against the real kubectl and kube-apiserver', function () {
    this.timeout(600_000);
    let cp: ControlPlane;
    const NS = `input-sel-${Date.now() % 100000}`;
    const POD_LABELS: Record<string, Record<string, string>> = {
      p1: {app: 'web', tier: 'front', x: '2'},
      p2: {app: 'web'},
      p3: {app: 'db', 'example.com/role': 'in', x: '0'},
      p4: {notin: 'in'},
      p5: {},
    };
    before(async function () {
      cp = await controlPlaneWith(this, NS);
      for (const [name, labels] of Object.entries(POD_LABELS))
        await createPod(cp, NS, {metadata: {name, labels}, spec: {containers: [{name: 'c', image: 'i'}]}});
    });

    const malformed = ['app in (', 'app in (web', 'a=b=c', 'Foo_=x', 'x<a', 'a,', ',a', 'a!b', 'a in (x y)', 'k=\u00c4', 'x>99999999999999999999', 'a/b/c'];
    it(`a malformed -l: our message is the one kubectl prints from the apiserver (${malformed.length} selectors)`, async () => {
      for (const sel of malformed) {
        const k = await cp.kubectl(['get', 'pods', '-n', NS, '-l', sel]);
        assert.notEqual(k.code, 0, `kubectl accepted ${sel}`);
        const ours = await runCli(['qos', '-n', NS, '-l', sel], {kubeconfig: cp.kubeconfig});
        assert.equal(ours.code, 2, ours.stderr);
        const message = oneLine(ours.stderr).replace(/^error: invalid label selector -l ".*?": /s, '');
        assert.ok(k.stderr.includes(message), `-l ${JSON.stringify(sel)}\nkubectl: ${k.stderr.trim()}\nours:    ${message}`);
      }
    });

    const valid = [
      'app=web',
      'app!=web',
      'x>1',
      'x<1',
      'app in (web, db),!notin',
      'notin=in',
      'example.com/role in (in)',
      'app',
      '!app',
      'tier notin (front)',
      'x in ()',
      'app==web,tier',
    ];
    it(`a valid -l selects what kubectl selects, live and offline (${valid.length} selectors)`, async () => {
      const pods = Object.entries(POD_LABELS).map(([name, labels]) => ({
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: {name, namespace: NS, labels},
        spec: {containers: [{name: 'c', image: 'i'}]},
      }));
      const file = put('selector-pods.json', JSON.stringify({apiVersion: 'v1', kind: 'List', items: pods}));
      for (const sel of valid) {
        const k = await cp.kubectl(['get', 'pods', '-n', NS, '-l', sel, '-o', 'name']);
        assert.equal(k.code, 0, k.stderr);
        const want = k.stdout
          .split('\n')
          .filter(Boolean)
          .map((l) => l.replace('pod/', ''))
          .sort();
        const live = await runCli(['qos', '-n', NS, '-l', sel, '-o', 'json'], {kubeconfig: cp.kubeconfig});
        const offline = await runCli(['qos', '-n', NS, '-l', sel, '-f', file, '-o', 'json']);
        for (const [how, r] of [
          ['live', live],
          ['offline', offline],
        ] as const) {
          assert.equal(r.code, 0, `${how} -l ${sel}: ${r.stderr}`);
          assert.deepEqual(
            r
              .json()
              .items.map((i: {name: string}) => i.name)
              .sort(),
            want,
            `${how} -l ${JSON.stringify(sel)}`,
          );
        }
      }
    });
  });

  describe('Ctrl-C', () => {
    let hang: Server;
    before(async () => {
      hang = createServer(() => {
        /* accepts and never answers */
      });
      await new Promise<void>((r) => hang.listen(0, '127.0.0.1', r));
    });
    after(() => hang.close());

    it('stops a command waiting on the cluster cleanly with exit 130', async () => {
      ensureBuilt();
      const port = (hang.address() as AddressInfo).port;
      const kc = join(dir, 'hang.kubeconfig');
      writeFileSync(
        kc,
        `current-context: h\nclusters:\n- {name: c, cluster: {server: "https://127.0.0.1:${port}", insecure-skip-tls-verify: true}}\nusers:\n- {name: u, user: {token: t}}\ncontexts:\n- {name: h, context: {cluster: c, user: u}}\n`,
      );
      const child = spawn(process.execPath, [join(PROJECT_ROOT, 'bin', 'run.js'), 'qos', '-A'], {
        env: {...process.env, KUBECONFIG: kc, NO_COLOR: '1'},
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      await new Promise((r) => setTimeout(r, 2500));
      child.kill('SIGINT');
      const code = await new Promise<number | null>((r) => child.on('exit', (c) => r(c)));
      assert.equal(code, 130, stderr);
      assert.match(stderr.trim(), /^interrupted$/);
    });
  });
});

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

let putDir: string | undefined;
/** Writes a file in a directory of its own for this run. */
function put(name: string, text: string): string {
  putDir ??= mkdtempSync(join(tmpdir(), 'kubectl-win-e2e-input-files-'));
  const p = join(putDir, name);
  writeFileSync(p, text);
  return p;
}
process.on('exit', () => {
  if (putDir) rmSync(putDir, {recursive: true, force: true});
});

/** Runs the built CLI as `uid` (and its group), or as this user when undefined. */
async function runAs(uid: number | undefined, args: string[], cwd: string): Promise<{code: number | null; stderr: string}> {
  ensureBuilt();
  const child = spawn(process.execPath, [join(PROJECT_ROOT, 'bin', 'run.js'), ...args], {
    cwd,
    env: {PATH: process.env.PATH, HOME: cwd, NO_COLOR: '1'},
    stdio: ['ignore', 'ignore', 'pipe'],
    ...(uid === undefined ? {} : {uid, gid: uid}),
  });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const code = await new Promise<number | null>((r) => child.on('exit', (c) => r(c)));
  return {code, stderr};
}
