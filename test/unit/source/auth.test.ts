// Credentials that cannot be used are an authentication error (exit 3) naming the kubeconfig user,
// never an anonymous fallback; exec plugins run under a deadline and show their last stderr line.
import assert from 'node:assert/strict';
import {execFileSync} from 'node:child_process';
import {writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {ClusterError} from '../../../src/errors.js';
import {describeError} from '../../../src/cli/errors.js';
import {KubeClient} from '../../../src/source/kube-client.js';
import {localApi} from '../../support/local-api.js';

describe('source/auth: unusable credentials', () => {
  let requests = 0;
  const api = localApi('kw-auth', (_req, res) => {
    requests++;
    res.writeHead(200, {'Content-Type': 'application/json'});
    res.end(JSON.stringify({major: '1', minor: '34', gitVersion: 'v1.34.3'}));
  });
  beforeEach(() => {
    requests = 0;
  });

  const openssl = (...args: string[]) => execFileSync('openssl', args, {cwd: api.dir, stdio: 'pipe'});
  const pair = (name: string, algorithm: string[]) => {
    openssl('genpkey', ...algorithm, '-out', `${name}.key`);
    openssl('req', '-x509', '-new', '-key', `${name}.key`, '-subj', `/CN=${name}`, '-days', '1', '-out', `${name}.crt`);
    return {cert: join(api.dir, `${name}.crt`), key: join(api.dir, `${name}.key`)};
  };
  const ec = ['-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256'];

  /** Rejects with one line, exit 3, naming user "u" and saying why; no request reached the server. */
  const refuses = async (user: Record<string, unknown>, why: RegExp, opts: {requestTimeoutMs?: number} = {}) => {
    const kc = api.kubeconfig({file: `kc-${Math.random().toString(36).slice(2)}`, user});
    await assert.rejects(
      KubeClient.create({kubeconfig: kc, ...opts}).then((c) => c.version()),
      (e: unknown) => {
        assert.ok(e instanceof ClusterError, String(e));
        assert.equal(describeError(e).exitCode, 3);
        assert.ok(!e.message.includes('\n'), e.message);
        assert.match(e.message, /user "u" in the kubeconfig/);
        assert.match(e.message, why);
        return true;
      },
    );
    assert.equal(requests, 0, 'never sent anonymously');
  };

  it("a client key that is not the certificate's: Go's tls.X509KeyPair words", async () => {
    const a = pair('a', ec);
    const b = pair('b', ec);
    const rsa = pair('r', ['-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048']);
    await refuses({'client-certificate': a.cert, 'client-key': b.key}, /tls: private key does not match public key$/);
    await refuses({'client-certificate': a.cert, 'client-key': rsa.key}, /tls: private key type does not match public key type$/);
    await refuses({'client-certificate': a.cert}, /a client certificate without a client key/);
    // The matching pair is accepted (and sent: this server is plain HTTP, so only the request counts).
    await (await KubeClient.create({kubeconfig: api.kubeconfig({file: 'kc-good', user: {'client-certificate': a.cert, 'client-key': a.key}})})).version();
    assert.equal(requests, 1);
  });

  it('credentials given by flags are named with the user entry they were laid over', async () => {
    const a = pair('fa', ec);
    const b = pair('fb', ec);
    const kc = api.kubeconfig({file: 'kc-flags', user: {}});
    await assert.rejects(
      KubeClient.create({kubeconfig: kc, overrides: {clientCertificate: a.cert, clientKey: b.key}}).then((c) => c.version()),
      (e: unknown) => {
        assert.ok(e instanceof ClusterError, String(e));
        assert.equal(describeError(e).exitCode, 3);
        assert.match(
          e.message,
          /user "u" in the kubeconfig with --client-certificate, --client-key cannot be used: tls: private key does not match public key$/,
        );
        return true;
      },
    );
    assert.equal(requests, 0, 'never sent anonymously');
  });

  it('basic auth (username/password) is refused', async () => {
    await refuses({username: 'admin', password: 'secret'}, /basic authentication/);
  });

  const plugin = (name: string, body: string) => {
    const file = join(api.dir, name);
    writeFileSync(file, body);
    return {apiVersion: 'client.authentication.k8s.io/v1', command: process.execPath, args: [file], interactiveMode: 'Never'};
  };

  it("an ExecCredential without status, or without a token or cert/key pair: client-go's words", async () => {
    await refuses(
      {exec: plugin('no-status.mjs', `process.stdout.write(JSON.stringify({apiVersion: 'client.authentication.k8s.io/v1', kind: 'ExecCredential'}));`)},
      /exec plugin didn't return a status field/,
    );
    await refuses(
      {exec: plugin('empty.mjs', `process.stdout.write(JSON.stringify({apiVersion: 'client.authentication.k8s.io/v1', kind: 'ExecCredential', status: {}}));`)},
      /exec plugin didn't return a token or cert\/key pair/,
    );
    await refuses(
      {
        exec: plugin(
          'old.mjs',
          `process.stdout.write(JSON.stringify({apiVersion: 'client.authentication.k8s.io/v1beta1', kind: 'ExecCredential', status: {token: 't'}}));`,
        ),
      },
      /exec plugin is configured to use API version client.authentication.k8s.io\/v1, plugin returned version client.authentication.k8s.io\/v1beta1/,
    );
  });

  it('a plugin that hangs is stopped at --request-timeout, with the last line of its stderr', async () => {
    const exec = plugin('hang.mjs', `console.error('opening browser'); console.error('waiting for the device code'); setInterval(() => {}, 1000);`);
    // 5 s, not less: a loaded machine can take seconds to start node and reach the second line.
    await refuses({exec}, /did not finish within 5s; its last words: waiting for the device code$/, {requestTimeoutMs: 5000});
  });

  it("a shell plugin's children holding its output open do not outlive the deadline", async () => {
    const exec = {
      apiVersion: 'client.authentication.k8s.io/v1',
      command: '/bin/sh',
      args: ['-c', 'echo "asking the identity provider" >&2; sleep 30 & wait'],
      interactiveMode: 'Never',
    };
    await refuses({exec}, /did not finish within 5s; its last words: asking the identity provider$/, {requestTimeoutMs: 5000});
  });

  it('a failing plugin shows the last line of its stderr', async () => {
    await refuses({exec: plugin('fail.mjs', `console.error('refreshing'); console.error('token expired'); process.exit(1);`)}, /failed: token expired$/);
  });
});
