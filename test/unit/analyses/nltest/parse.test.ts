import assert from 'node:assert/strict';
import {isNotFound, parseNltest, parseNslookup, parseStatuses} from '../../../../src/analyses/nltest/parse.js';

// Output text as Windows prints it (kubernetes/website configure-gmsa.md, "Troubleshooting"), CRLF line ends.
const crlf = (...lines: string[]) => lines.map((l) => `${l}\r\n`).join('');
const PARENT_FAIL = crlf('Getting parent domain failed: Status = 1722 0x6ba RPC_S_SERVER_UNAVAILABLE');
const QUERY_FAIL = crlf('I_NetLogonControl failed: Status = 1722 0x6ba RPC_S_SERVER_UNAVAILABLE');
const RESET_OK = crlf(
  'Flags: 30 HAS_IP  HAS_TIMESERV',
  'Trusted DC Name \\\\dc10.domain.example',
  'Trusted DC Connection Status Status = 0 0x0 NERR_Success',
  'The command completed successfully',
);
const QUERY_OK = crlf('Flags: 0', 'Connection Status = 0 0x0 NERR_Success', 'The command completed successfully');

describe('analyses/nltest parse', () => {
  it('parses Status = <dec> 0x<hex> <NAME>', () => {
    assert.deepEqual(parseStatuses(PARENT_FAIL), [
      {code: 1722, hex: '0x6ba', name: 'RPC_S_SERVER_UNAVAILABLE', line: 'Getting parent domain failed: Status = 1722 0x6ba RPC_S_SERVER_UNAVAILABLE'},
    ]);
    assert.deepEqual(
      parseStatuses(RESET_OK).map((s) => [s.code, s.hex, s.name]),
      [[0, '0x0', 'NERR_Success']],
    );
    assert.deepEqual(
      parseStatuses('I_NetLogonControl failed: Status = 1355 0x54b ERROR_NO_SUCH_DOMAIN').map((s) => s.code),
      [1355],
    );
  });

  it('/parentdomain: the domain on success, 1722 when the credential spec never reached the pod', () => {
    const ok = parseNltest(crlf('contoso.com. (1)', 'The command completed successfully'), '', 0);
    assert.equal(ok.ok, true);
    assert.equal(ok.parentDomain, 'contoso.com');
    const bad = parseNltest(PARENT_FAIL, '', 1);
    assert.equal(bad.ok, false);
    assert.equal(bad.status?.code, 1722);
    assert.equal(bad.parentDomain, undefined);
  });

  it('/query and /sc_reset: NERR_Success with "completed successfully" is success; a failing Connection Status is not', () => {
    assert.equal(parseNltest(QUERY_OK, '', 0).ok, true);
    assert.equal(parseNltest(QUERY_FAIL, '', 1).ok, false);
    const reset = parseNltest(RESET_OK, '', 0);
    assert.equal(reset.ok, true);
    assert.equal(reset.trustedDc, '\\\\dc10.domain.example');
    // nltest can "complete successfully" while the channel status is a failure.
    const noDc = parseNltest(
      crlf('Flags: 0', 'Trusted DC Name', 'Trusted DC Connection Status Status = 1311 0x51f ERROR_NO_LOGON_SERVERS', 'The command completed successfully'),
      '',
      0,
    );
    assert.equal(noDc.ok, false);
    assert.equal(noDc.status?.name, 'ERROR_NO_LOGON_SERVERS');
    // a non-zero exit without any status is a failure too
    assert.equal(parseNltest('', '', 1).ok, false);
  });

  it('nslookup: resolved, non-existent domain, timeout', () => {
    const ok = parseNslookup(
      crlf('Server:  dc01.contoso.com', 'Address:  10.0.0.10', '', 'Name:    contoso.com', 'Addresses:  10.0.0.10', '          10.0.0.11', ''),
      '',
      0,
    );
    assert.deepEqual([ok.ok, ok.result, ok.server, ok.addresses], [true, 'resolved', 'dc01.contoso.com', ['10.0.0.10', '10.0.0.11']]);
    const nx = parseNslookup(
      crlf('Server:  dc01.contoso.com', 'Address:  10.0.0.10', ''),
      crlf("*** dc01.contoso.com can't find contoso.example: Non-existent domain"),
      1,
    );
    assert.deepEqual([nx.ok, nx.result], [false, 'non-existent-domain']);
    const to = parseNslookup(
      crlf('DNS request timed out.', '    timeout was 2 seconds.', 'Server:  UnKnown', 'Address:  10.0.0.10', ''),
      crlf('DNS request timed out.', '    timeout was 2 seconds.', '*** Request to UnKnown timed-out'),
      1,
    );
    assert.deepEqual([to.ok, to.result], [false, 'timeout']);
  });

  it('recognises a program missing from the image', () => {
    assert.equal(
      isNotFound(
        'error executing command in container: failed to exec in container: failed to start exec "ab": hcs::System::CreateProcess cd: The system cannot find the file specified.: unknown',
      ),
      true,
    );
    assert.equal(isNotFound("'nltest' is not recognized as an internal or external command,\r\noperable program or batch file."), true);
    assert.equal(isNotFound(PARENT_FAIL), false);
  });
});
