import assert from 'node:assert/strict';
import {probe, type ExecFn, type ProbeTarget} from '../../../../src/analyses/nltest/probe.js';
import {nltestReport} from '../../../../src/analyses/nltest/report.js';
import type {ExecResult} from '../../../../src/k8s/snapshot.js';

const crlf = (...lines: string[]) => lines.map((l) => `${l}\r\n`).join('');
const NOT_FOUND =
  'error executing command in container: failed to exec in container: failed to start exec "1": hcs::System::CreateProcess 2: The system cannot find the file specified.: unknown';

/** A fake pod: answers per command line; `repaired` flips after /sc_reset. */
function fakePod(world: {
  parent?: 'ok' | 'missing';
  query?: 'ok' | 'broken';
  dns?: 'ok' | 'nx';
  nltest?: boolean;
  powershell?: boolean;
  hang?: boolean;
  resetWorks?: boolean;
}): {exec: ExecFn; calls: string[]} {
  let repaired = false;
  const calls: string[] = [];
  const r = (stdout: string, exitCode: number | null, stderr = ''): ExecResult => ({stdout, stderr, exitCode, timedOut: false});
  const exec: ExecFn = async (_ns, _pod, _c, command, timeoutMs) => {
    const line = command.join(' ');
    calls.push(line);
    if (world.hang) return {stdout: '', stderr: '', exitCode: null, timedOut: true, ...{timeoutMs}};
    if (command[0] === 'nltest' && world.nltest === false) return r('', null, NOT_FOUND);
    if (command[0].startsWith('powershell') && world.powershell === false) return r('', null, NOT_FOUND);
    if (line === 'nltest /parentdomain')
      return world.parent === 'missing'
        ? r(crlf('Getting parent domain failed: Status = 1722 0x6ba RPC_S_SERVER_UNAVAILABLE'), 1)
        : r(crlf('contoso.com. (1)', 'The command completed successfully'), 0);
    if (command[0] === 'nslookup')
      return world.dns === 'nx'
        ? r(crlf('Server:  dc01.contoso.com', 'Address:  10.0.0.10', ''), 1, crlf(`*** dc01.contoso.com can't find ${command[1]}: Non-existent domain`))
        : r(crlf('Server:  dc01.contoso.com', 'Address:  10.0.0.10', '', `Name:    ${command[1]}`, 'Address:  10.0.0.10', ''), 0);
    if (line === 'nltest /query')
      return world.query === 'broken' && !repaired
        ? r(crlf('I_NetLogonControl failed: Status = 1722 0x6ba RPC_S_SERVER_UNAVAILABLE'), 1)
        : r(crlf('Flags: 0', 'Connection Status = 0 0x0 NERR_Success', 'The command completed successfully'), 0);
    if (line.startsWith('nltest /sc_reset:')) {
      if (world.resetWorks === false) return r(crlf('I_NetLogonControl failed: Status = 1355 0x54b ERROR_NO_SUCH_DOMAIN'), 1);
      repaired = true;
      return r(
        crlf(
          'Flags: 30 HAS_IP  HAS_TIMESERV',
          'Trusted DC Name \\\\dc01.contoso.com',
          'Trusted DC Connection Status Status = 0 0x0 NERR_Success',
          'The command completed successfully',
        ),
        0,
      );
    }
    if (command[0].startsWith('powershell')) return r('5.1.17763.6893\r\n', 0);
    return r('', 1);
  };
  return {exec, calls};
}

const target: ProbeTarget = {
  namespace: 'web',
  name: 'iis-0',
  container: 'iis',
  credentialSpec: 'gmsa-webapp1',
  inlined: true,
  domain: 'contoso.com',
  domainSource: 'inlined',
};
const opts = {reset: false, timeoutMs: 1000};

describe('analyses/nltest probe and verdict', () => {
  it('healthy: every step succeeds; the verdict mentions the SMB registry key', async () => {
    const {exec, calls} = fakePod({});
    const item = await probe(target, exec, opts);
    assert.deepEqual(calls, [
      'nltest /parentdomain',
      'nslookup contoso.com',
      'nltest /query',
      'powershell.exe -NoProfile -Command $PSVersionTable.PSVersion.ToString()',
    ]);
    assert.equal(item.verdict.result, 'healthy');
    assert.deepEqual(
      item.steps.map((s) => s.status),
      ['completed', 'resolved', '0 0x0 NERR_Success', 'PowerShell 5.1.17763.6893'],
    );
    assert.match(item.verdict.next.join('\n'), /EnableCompartmentNamespace/);
    assert.equal(nltestReport({type: 'cluster', context: 'c', server: 's'}, [item]).findings.length, 0);
  });

  it('credspec missing: 1722 on /parentdomain means the credential spec never reached the pod', async () => {
    const item = await probe({...target, inlined: false}, fakePod({parent: 'missing', query: 'broken'}).exec, opts);
    assert.equal(item.verdict.result, 'credspec-not-applied');
    assert.equal(item.steps[0].status, '1722 0x6ba RPC_S_SERVER_UNAVAILABLE');
    assert.equal(item.steps[0].exitCode, 1);
    assert.match(item.steps[0].meaning, /did not reach the pod/);
    assert.match(item.verdict.message, /mutating webhook did not inline it/);
    const report = nltestReport({type: 'cluster', context: 'c', server: 's'}, [item]);
    assert.deepEqual(
      report.findings.map((f) => f.id),
      ['gmsa/nltest-failed'],
    );
  });

  it('broken channel without --reset: suggests --reset and the postStart hook; with --reset: repaired', async () => {
    const before = await probe(target, fakePod({query: 'broken'}).exec, opts);
    assert.equal(before.verdict.result, 'secure-channel-broken');
    assert.match(before.verdict.next.join('\n'), /--reset/);
    assert.ok(!before.steps.some((s) => s.kind === 'sc_reset'));
    const {exec, calls} = fakePod({query: 'broken'});
    const after = await probe(target, exec, {...opts, reset: true});
    assert.ok(calls.includes('nltest /sc_reset:contoso.com'));
    assert.equal(after.verdict.result, 'repaired');
    assert.equal(after.verdict.ok, true);
    assert.match(after.verdict.next.join('\n'), /Restart-Service -Name netlogon/);
  });

  it('a reset that fails sends the user back to the credential spec', async () => {
    const item = await probe(target, fakePod({query: 'broken', resetWorks: false}).exec, {...opts, reset: true});
    assert.equal(item.verdict.result, 'reset-failed');
    assert.match(item.verdict.next[0], /Examine your credential spec again/);
  });

  it('DNS failure', async () => {
    const item = await probe(target, fakePod({dns: 'nx'}).exec, opts);
    assert.equal(item.verdict.result, 'dns-failure');
    assert.equal(item.steps[1].status, 'non-existent-domain');
  });

  it('a pod with no credential spec at all: it does not use gMSA, and the flow is not judged', async () => {
    const bare: ProbeTarget = {namespace: 'web', name: 'plain-0', container: 'app', inlined: false};
    for (const world of [{}, {parent: 'missing' as const}, {dns: 'nx' as const}]) {
      const item = await probe(bare, fakePod(world).exec, opts);
      assert.equal(item.verdict.result, 'no-gmsa');
      assert.match(item.verdict.message, /does not use gMSA/);
      assert.doesNotMatch(item.verdict.message, /gMSA works/);
      assert.deepEqual(nltestReport({type: 'cluster', context: 'c', server: 's'}, [item]).findings, []);
    }
  });

  it('DnsName and NetBiosName swapped: the credential spec defect is the verdict, not DNS', async () => {
    const defect = 'DnsName "CONTOSO" and NetBiosName "contoso.com" look swapped: DnsName is the dotted FQDN, NetBiosName the short name';
    const swapped: ProbeTarget = {...target, domain: 'CONTOSO', domainSource: 'credspec', credspecDefects: [defect]};
    const item = await probe(swapped, fakePod({dns: 'nx'}).exec, opts);
    assert.equal(item.verdict.result, 'credspec-defect');
    assert.match(item.verdict.message, /look swapped/);
    assert.match(item.verdict.message, /member of contoso\.com and its secure channel works/);
    assert.doesNotMatch(item.verdict.next.join(' '), /CoreDNS|firewall/);
    // Without the defect the same probe is a DNS failure.
    assert.equal((await probe({...swapped, credspecDefects: []}, fakePod({dns: 'nx'}).exec, opts)).verdict.result, 'dns-failure');
  });

  it('nanoserver: no nltest and no PowerShell', async () => {
    const item = await probe(target, fakePod({nltest: false, powershell: false}).exec, opts);
    assert.equal(item.verdict.result, 'tools-missing');
    assert.ok(item.steps.every((s) => s.kind === 'nslookup' || s.notFound));
    assert.match(item.verdict.message, /no nltest\.exe and no PowerShell/);
    const report = nltestReport({type: 'cluster', context: 'c', server: 's'}, [item]);
    assert.deepEqual(
      report.findings.map((f) => f.id),
      ['gmsa/nltest-tools-missing'],
    );
  });

  it('no PowerShell only: healthy, with a warning that the postStart hook cannot run', async () => {
    const item = await probe(target, fakePod({powershell: false}).exec, opts);
    assert.equal(item.verdict.result, 'healthy');
    const report = nltestReport({type: 'cluster', context: 'c', server: 's'}, [item]);
    assert.deepEqual(
      report.findings.map((f) => [f.id, f.severity]),
      [['gmsa/nltest-tools-missing', 'warning']],
    );
  });

  it('a hung pod: the first step times out and the probe stops', async () => {
    const {exec, calls} = fakePod({hang: true});
    const item = await probe(target, exec, opts);
    assert.equal(calls.length, 1);
    assert.equal(item.steps[0].status, 'timeout');
    assert.equal(item.verdict.result, 'timeout');
  });

  it('uses the parent domain when the credential spec gave none', async () => {
    const {exec, calls} = fakePod({});
    const item = await probe({...target, domain: undefined, domainSource: undefined}, exec, opts);
    assert.ok(calls.includes('nslookup contoso.com'));
    assert.equal(item.domain, 'contoso.com');
  });
});
