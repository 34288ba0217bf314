// Test certificates made with the openssl CLI at test time (P-256 keys: fast). Shared by the gMSA
// serving-certificate unit tests and the e2e suite.
import {execFileSync} from 'node:child_process';
import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';

export interface TestCert {
  /** PEM text. */
  pem: string;
  keyPem: string;
}

export class TestPki {
  private readonly dir = mkdtempSync(join(tmpdir(), 'gmsa-pki-'));
  private n = 0;

  private openssl(args: string[]): void {
    execFileSync('openssl', args, {cwd: this.dir, stdio: ['ignore', 'ignore', 'pipe']});
  }

  private files(): {key: string; crt: string; csr: string; ext: string} {
    const i = this.n++;
    return {key: join(this.dir, `${i}.key`), crt: join(this.dir, `${i}.crt`), csr: join(this.dir, `${i}.csr`), ext: join(this.dir, `${i}.ext`)};
  }

  /** A self-signed CA. */
  ca(cn: string, days = 3650): TestCert {
    const f = this.files();
    this.openssl([
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-keyout',
      f.key,
      '-out',
      f.crt,
      '-days',
      String(days),
      '-subj',
      `/CN=${cn}`,
      '-addext',
      'basicConstraints=critical,CA:TRUE',
      '-addext',
      'keyUsage=critical,keyCertSign,cRLSign',
    ]);
    return {pem: readFileSync(f.crt, 'utf8'), keyPem: readFileSync(f.key, 'utf8')};
  }

  /** A certificate signed by `issuer`: a serving certificate for `dnsNames`, or an intermediate CA. */
  issue(issuer: TestCert, cn: string, opts: {days: number; dnsNames?: string[]; ca?: boolean}): TestCert {
    const f = this.files();
    const issuerFiles = this.files();
    writeFileSync(issuerFiles.crt, issuer.pem);
    writeFileSync(issuerFiles.key, issuer.keyPem);
    const ext = [
      opts.ca ? 'basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign' : 'basicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth',
    ];
    if (opts.dnsNames?.length) ext.push(`subjectAltName=${opts.dnsNames.map((d) => `DNS:${d}`).join(',')}`);
    writeFileSync(f.ext, `${ext.join('\n')}\n`);
    this.openssl(['req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', f.key, '-out', f.csr, '-subj', `/CN=${cn}`]);
    this.openssl([
      'x509',
      '-req',
      '-in',
      f.csr,
      '-CA',
      issuerFiles.crt,
      '-CAkey',
      issuerFiles.key,
      '-set_serial',
      String(1000 + this.n),
      '-out',
      f.crt,
      '-days',
      String(opts.days),
      '-extfile',
      f.ext,
    ]);
    return {pem: readFileSync(f.crt, 'utf8'), keyPem: readFileSync(f.key, 'utf8')};
  }

  cleanup(): void {
    rmSync(this.dir, {recursive: true, force: true});
  }
}

export const b64 = (s: string) => Buffer.from(s).toString('base64');
