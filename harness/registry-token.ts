// The token server a distribution registry in token-auth mode sends clients to (distribution
// docs/spec/auth/token.md: GET realm?service=...&scope=repository:NAME:ACTIONS, basic auth when the
// client has credentials; the answer {token, access_token, expires_in, issued_at}). It plays what
// auth.docker.io plays for Docker Hub: it only signs; the registry verifies each token (ES256 JWT,
// the x5c chain to its rootcertbundle, issuer, audience = service, expiry, and the granted access:
// registry/auth/token/token.go Verify, accesscontroller.go Authorized). Policy: anyone may pull
// repositories under `public/`; the one user (basic auth) may pull and push everything.
import {createPrivateKey, randomUUID, sign, X509Certificate, type KeyObject} from 'node:crypto';
import {readFileSync} from 'node:fs';
import {createServer, type Server} from 'node:https';
import type {AddressInfo} from 'node:net';

export interface TokenServer {
  /**
   * https://localhost:PORT/token (listening on 127.0.0.1): a name, not an IP literal, because crane
   * (go-containerregistry transport/bearer.go validateRealmURL) refuses realms on private or loopback
   * IP literals that are not the registry's own host:port.
   */
  realm: string;
  /** The token requests it answered, as `user scope` (`anonymous repository:public/x:pull`), for assertions. */
  requests: string[];
  close(): Promise<void>;
}

export interface TokenServerOptions {
  tls: {cert: string; key: string};
  /** The certificate (chained to the registry's rootcertbundle) and key that sign the tokens. */
  signer: {cert: string; key: string};
  issuer: string;
  service: string;
  user: {username: string; password: string};
}

const b64url = (b: Buffer | string) => Buffer.from(b).toString('base64url');

/** Starts the token server on a free loopback port. */
export function startTokenServer(o: TokenServerOptions): Promise<TokenServer> {
  const key = createPrivateKey(readFileSync(o.signer.key));
  const x5c = [new X509Certificate(readFileSync(o.signer.cert)).raw.toString('base64')];
  const requests: string[] = [];
  const server: Server = createServer({cert: readFileSync(o.tls.cert), key: readFileSync(o.tls.key)}, (req, res) => {
    const url = new URL(req.url ?? '/', 'https://token.invalid');
    const user = authenticatedUser(req.headers.authorization, o.user);
    if (user === null) {
      res.writeHead(401, {'Content-Type': 'application/json'}).end(JSON.stringify({details: 'wrong username or password'}));
      return;
    }
    const scopes = url.searchParams.getAll('scope');
    requests.push(`${user ?? 'anonymous'} ${scopes.join(' ')}`);
    const access = scopes.flatMap((s) => granted(s, user !== undefined));
    const token = signToken(key, x5c, {iss: o.issuer, sub: user ?? '', aud: url.searchParams.get('service') ?? '', access});
    res
      .writeHead(200, {'Content-Type': 'application/json'})
      .end(JSON.stringify({token, access_token: token, expires_in: 300, issued_at: new Date().toISOString()}));
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    // In the test process: it must not keep the process alive on its own.
    server.unref();
    server.listen(0, '127.0.0.1', () => {
      const {port} = server.address() as AddressInfo;
      resolve({realm: `https://localhost:${port}/token`, requests, close: () => new Promise((r) => server.close(() => r()))});
    });
  });
}

/** The user name for good basic credentials, undefined for none (anonymous), null for bad ones. */
function authenticatedUser(header: string | undefined, user: {username: string; password: string}): string | undefined | null {
  if (!header) return undefined;
  const [scheme, value] = header.split(' ');
  if (scheme?.toLowerCase() !== 'basic' || !value) return null;
  return Buffer.from(value, 'base64').toString('utf8') === `${user.username}:${user.password}` ? user.username : null;
}

/** `repository:NAME:pull,push` -> what the policy grants of it. */
function granted(scope: string, authenticated: boolean): {type: string; name: string; actions: string[]}[] {
  const m = /^repository:([^:]+):(.+)$/.exec(scope);
  if (!m) return [];
  const asked = m[2].split(',');
  const actions = authenticated ? asked : m[1].startsWith('public/') ? asked.filter((a) => a === 'pull') : [];
  return actions.length > 0 ? [{type: 'repository', name: m[1], actions}] : [];
}

function signToken(key: KeyObject, x5c: string[], claims: {iss: string; sub: string; aud: string; access: unknown[]}): string {
  const now = Math.floor(Date.now() / 1000);
  const header = b64url(JSON.stringify({alg: 'ES256', typ: 'JWT', x5c}));
  const payload = b64url(JSON.stringify({...claims, exp: now + 300, nbf: now - 10, iat: now, jti: randomUUID()}));
  const signature = sign('sha256', Buffer.from(`${header}.${payload}`), {key, dsaEncoding: 'ieee-p1363'});
  return `${header}.${payload}.${b64url(signature)}`;
}
