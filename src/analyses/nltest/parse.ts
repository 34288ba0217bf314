// Parsing what nltest.exe and nslookup.exe print inside a Windows container. Windows prints status
// codes as `Status = <decimal> 0x<hex> <SYMBOLIC_NAME>` (kubernetes/website
// tasks/configure-pod-container/configure-gmsa.md, "Troubleshooting"), lines end in CRLF.

interface NtStatus {
  code: number;
  hex: string;
  name: string;
  /** The line it was found on, e.g. `I_NetLogonControl failed: Status = 1722 0x6ba RPC_S_SERVER_UNAVAILABLE`. */
  line: string;
}

/** Windows error codes nltest reports in the gMSA flow, with what they mean there. */
export const WINDOWS_ERRORS: Record<number, {name: string; meaning: string}> = {
  0: {name: 'NERR_Success', meaning: 'success'},
  5: {
    name: 'ERROR_ACCESS_DENIED',
    meaning:
      'access denied: the node (or the ccg.exe plug-in identity) may not retrieve the gMSA password; add it to PrincipalsAllowedToRetrieveManagedPassword',
  },
  53: {name: 'ERROR_BAD_NETPATH', meaning: 'the network path to the domain controller was not found'},
  1311: {name: 'ERROR_NO_LOGON_SERVERS', meaning: 'no domain controller answered: DNS, routing or a firewall keeps the pod from a DC'},
  1326: {name: 'ERROR_LOGON_FAILURE', meaning: 'the gMSA logon failed: wrong account name or the account password cannot be retrieved'},
  1355: {name: 'ERROR_NO_SUCH_DOMAIN', meaning: 'the domain does not exist or cannot be found: check DnsName in the credential spec and the pod DNS'},
  1717: {name: 'RPC_S_UNKNOWN_IF', meaning: 'the netlogon service is not running in the container'},
  1722: {name: 'RPC_S_SERVER_UNAVAILABLE', meaning: 'the RPC server is unavailable'},
  1727: {name: 'RPC_S_CALL_FAILED_DNE', meaning: 'the remote procedure call failed and did not execute'},
  1786: {name: 'ERROR_NO_TRUST_LSA_SECRET', meaning: 'the workstation has no trust secret: the secure channel needs a reset'},
  1787: {name: 'ERROR_NO_TRUST_SAM_ACCOUNT', meaning: 'the domain has no computer account for this trust: check the gMSA account exists'},
  1788: {name: 'ERROR_TRUSTED_DOMAIN_FAILURE', meaning: 'the trust relationship between the primary domain and the trusted domain failed'},
  1789: {name: 'ERROR_TRUSTED_RELATIONSHIP_FAILURE', meaning: 'the trust relationship between this workstation and the primary domain failed'},
  1908: {name: 'ERROR_DOMAIN_CONTROLLER_NOT_FOUND', meaning: 'no domain controller could be found for the domain'},
};

const STATUS_RE = /Status\s*=\s*(\d+)\s+0x([0-9a-fA-F]+)\s+([A-Za-z0-9_]+)/g;

/** Every `Status = <dec> 0x<hex> <NAME>` in the text, in order. */
export function parseStatuses(text: string): NtStatus[] {
  const out: NtStatus[] = [];
  for (const raw of text.split(/\r?\n/)) {
    for (const m of raw.matchAll(STATUS_RE)) out.push({code: Number(m[1]), hex: `0x${m[2].toLowerCase()}`, name: m[3], line: raw.trim()});
  }
  return out;
}

export function formatStatus(s: NtStatus): string {
  return `${s.code} ${s.hex} ${s.name}`;
}

/** A program the image does not have: the runtime's CreateProcess error, or cmd's and PowerShell's words. */
export function isNotFound(text: string): boolean {
  return (
    /The system cannot find the file specified/i.test(text) ||
    /executable file not found/i.test(text) ||
    /is not recognized as an internal or external command/i.test(text) ||
    /is not recognized as the name of a cmdlet/i.test(text) ||
    /no such file or directory/i.test(text)
  );
}

interface NltestOutcome {
  /** The decisive status: the failure, or the connection status, or NERR_Success. */
  status?: NtStatus;
  ok: boolean;
  /** `contoso.com` from `/parentdomain` (`contoso.com. (1)`). */
  parentDomain?: string;
  /** `\\dc01.contoso.com` from `Trusted DC Name`. */
  trustedDc?: string;
  completed: boolean;
}

/** One nltest run: success needs every status to be NERR_Success (or none) and "completed successfully". */
export function parseNltest(stdout: string, stderr: string, exitCode: number | null): NltestOutcome {
  const text = `${stdout}\n${stderr}`;
  const statuses = parseStatuses(text);
  const failing = statuses.find((s) => s.code !== 0);
  const completed = /The command completed successfully/i.test(text);
  const pd = stdout.match(/^\s*([A-Za-z0-9][A-Za-z0-9.-]*?)\.?\s+\(\d+\)\s*$/m);
  const dc = stdout.match(/Trusted DC Name\s+(\\\\\S+)/);
  const ok = !failing && completed && (exitCode === 0 || exitCode === null);
  return {
    status: failing ?? statuses[statuses.length - 1],
    ok,
    ...(pd ? {parentDomain: pd[1]} : {}),
    ...(dc ? {trustedDc: dc[1]} : {}),
    completed,
  };
}

interface NslookupOutcome {
  ok: boolean;
  /** resolved | non-existent-domain | timeout | server-failed | failed */
  result: 'resolved' | 'non-existent-domain' | 'timeout' | 'server-failed' | 'failed';
  server?: string;
  addresses: string[];
}

export function parseNslookup(stdout: string, stderr: string, exitCode: number | null): NslookupOutcome {
  const text = `${stdout}\n${stderr}`;
  const server = stdout.match(/^Server:\s+(\S+)/m)?.[1];
  // The answer comes after the blank line that ends the server block.
  const answer = stdout
    .split(/\r?\n\r?\n/)
    .slice(1)
    .join('\n');
  const name = answer.match(/^Name:\s+(\S+)/m);
  const addresses: string[] = [];
  // `Addresses:  10.0.0.10` then indented continuation lines, one address each.
  let inAddresses = false;
  for (const line of answer.split(/\r?\n/)) {
    const m = line.match(/^Address(?:es)?:\s+(\S+)/);
    if (m) {
      addresses.push(m[1]);
      inAddresses = true;
    } else if (inAddresses && /^\s+\S/.test(line)) addresses.push(line.trim());
    else inAddresses = false;
  }
  if (name && addresses.length > 0 && !/can't find/i.test(text)) return {ok: exitCode === 0 || exitCode === null, result: 'resolved', server, addresses};
  if (/Non-existent domain/i.test(text)) return {ok: false, result: 'non-existent-domain', server, addresses: []};
  if (/timed[- ]out/i.test(text)) return {ok: false, result: 'timeout', server, addresses: []};
  if (/Server failed/i.test(text)) return {ok: false, result: 'server-failed', server, addresses: []};
  return {ok: false, result: 'failed', server, addresses: []};
}
