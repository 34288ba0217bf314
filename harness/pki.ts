// Certificates for the control plane, made with openssl in the run's own directory: a CA, the
// apiserver's and kwok's serving certificates, client certificates (CN=user, O=group per group),
// and the service-account signing key. EC P-256 keys: fast to generate, accepted everywhere here.
import {execFile} from 'node:child_process';
import {mkdirSync, writeFileSync} from 'node:fs';
import {randomBytes} from 'node:crypto';
import {join} from 'node:path';
import {promisify} from 'node:util';

const run = promisify(execFile);

async function openssl(args: string[], cwd: string): Promise<void> {
  try {
    await run('openssl', args, {cwd});
  } catch (err) {
    const e = err as {code?: string; stderr?: string; message: string};
    if (e.code === 'ENOENT') throw new Error('openssl is required to generate the test certificates; none found on PATH', {cause: err});
    throw new Error(`openssl ${args[0]} failed: ${(e.stderr ?? e.message).trim().split('\n')[0]}`, {cause: err});
  }
}

export interface Pki {
  dir: string;
  ca: string;
  caKey: string;
}

async function key(dir: string, name: string): Promise<string> {
  const file = join(dir, `${name}.key`);
  await openssl(['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', file], dir);
  return file;
}

export async function createCa(dir: string): Promise<Pki> {
  mkdirSync(dir, {recursive: true});
  const caKey = await key(dir, 'ca');
  const ca = join(dir, 'ca.crt');
  await openssl(
    [
      'req',
      '-x509',
      '-new',
      '-key',
      caKey,
      '-subj',
      '/CN=kubectl-win-e2e-ca',
      '-days',
      '30',
      '-out',
      ca,
      '-addext',
      'basicConstraints=critical,CA:TRUE',
      '-addext',
      'keyUsage=critical,keyCertSign,cRLSign,digitalSignature',
    ],
    dir,
  );
  return {dir, ca, caKey};
}

/** Signs a certificate: `subject` like `/CN=admin/O=system:masters`; serverAuth with SANs, or clientAuth. */
export async function issue(pki: Pki, name: string, subject: string, usage: 'server' | 'client'): Promise<{cert: string; key: string}> {
  const k = await key(pki.dir, name);
  const csr = join(pki.dir, `${name}.csr`);
  const cert = join(pki.dir, `${name}.crt`);
  const ext = join(pki.dir, `${name}.ext`);
  writeFileSync(
    ext,
    usage === 'server'
      ? 'basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\nsubjectAltName=IP:127.0.0.1,DNS:localhost\n'
      : 'basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\nextendedKeyUsage=clientAuth\n',
  );
  await openssl(['req', '-new', '-key', k, '-subj', subject, '-out', csr], pki.dir);
  // A serial of its own instead of -CAcreateserial: certificates issued in parallel would race on the one ca.srl file.
  const serial = `0x${randomSerial()}`;
  await openssl(['x509', '-req', '-in', csr, '-CA', pki.ca, '-CAkey', pki.caKey, '-set_serial', serial, '-days', '30', '-extfile', ext, '-out', cert], pki.dir);
  return {cert, key: k};
}

/** 63 random bits as hex: positive, and unique enough that no two certificates of one CA share a serial. */
function randomSerial(): string {
  const b = randomBytes(8);
  b[0] &= 0x7f;
  return b.toString('hex');
}

/** The key pair that signs and verifies service-account tokens. */
export async function serviceAccountKeys(pki: Pki): Promise<{key: string; pub: string}> {
  const k = await key(pki.dir, 'sa');
  const pub = join(pki.dir, 'sa.pub');
  await openssl(['pkey', '-in', k, '-pubout', '-out', pub], pki.dir);
  return {key: k, pub};
}

/** A subject for openssl: CN=user, one O= per group. Slashes and backslashes are escaped. */
export function subjectFor(user: string, groups: string[] = []): string {
  const esc = (s: string) => s.replace(/[\\/]/g, (c) => `\\${c}`);
  return `/CN=${esc(user)}${groups.map((g) => `/O=${esc(g)}`).join('')}`;
}
