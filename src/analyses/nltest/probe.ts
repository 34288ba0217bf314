// The documented gMSA troubleshooting flow (kubernetes/website configure-gmsa.md, "Troubleshooting"),
// run through an injected exec so this module stays testable: nltest /parentdomain (did the credential
// spec reach the pod?), nslookup of the domain (DNS and the DC), nltest /query (the secure channel),
// optionally nltest /sc_reset:<domain> and /query again, and a PowerShell probe (the postStart repair
// hook needs it). Each step has its own deadline; a step that times out ends the probe.
import type {ExecResult} from '../../k8s/snapshot.js';
import {explainSteps, type Verdict} from './explain.js';
import {formatStatus, isNotFound, parseNltest, parseNslookup, WINDOWS_ERRORS} from './parse.js';

type StepKind = 'parentdomain' | 'nslookup' | 'query' | 'sc_reset' | 'query-after-reset' | 'powershell';

export interface NltestStep {
  kind: StepKind;
  command: string;
  exitCode: number | null;
  /** `1722 0x6ba RPC_S_SERVER_UNAVAILABLE`, `0 0x0 NERR_Success`, `resolved`, `not-found`, `timeout`, ... */
  status: string;
  meaning: string;
  ok: boolean;
  timedOut: boolean;
  notFound: boolean;
  stdout: string;
  stderr: string;
  /** From /parentdomain: the domain the pod belongs to. */
  parentDomain?: string;
}

export interface ProbeTarget {
  namespace: string;
  name: string;
  container: string;
  /** The container's effective gmsaCredentialSpecName, if any. */
  credentialSpec?: string;
  /** Whether the pod spec carries the inlined gmsaCredentialSpec (the mutating webhook ran). */
  inlined: boolean;
  /** DnsName from the credential spec (inlined content or the GMSACredentialSpec object). */
  domain?: string;
  domainSource?: 'inlined' | 'credspec';
  /** gmsa/credspec-domain-names messages for the credential spec the pod uses. */
  credspecDefects?: string[];
}

export interface NltestItem {
  namespace: string;
  name: string;
  container: string;
  credentialSpec: string | null;
  domain: string | null;
  steps: NltestStep[];
  verdict: Verdict;
}

export type ExecFn = (namespace: string, pod: string, container: string, command: string[], timeoutMs: number) => Promise<ExecResult>;

interface ProbeOptions {
  reset: boolean;
  timeoutMs: number;
}

const PS_PROBE = ['powershell.exe', '-NoProfile', '-Command', '$PSVersionTable.PSVersion.ToString()'];

function nltestMeaning(kind: StepKind, code: number | undefined, name: string | undefined, domain?: string, dc?: string): string {
  if (code === 0) {
    switch (kind) {
      case 'parentdomain':
        return `the credential spec reached the pod: it runs as a member of ${domain ?? 'the domain'}`;
      case 'query':
      case 'query-after-reset':
        return 'the secure channel to a domain controller works';
      case 'sc_reset':
        return `the secure channel was reset${dc ? ` to ${dc}` : ''} and works`;
      default:
        return 'success';
    }
  }
  if (code === 1722) {
    if (kind === 'parentdomain') return 'the credential spec did not reach the pod: the container does not run with the gMSA identity';
    return "the pod could not log on with the credential spec's account: no secure channel to a domain controller";
  }
  if (code !== undefined && WINDOWS_ERRORS[code]) return WINDOWS_ERRORS[code].meaning;
  return code !== undefined ? `nltest failed with ${name}` : 'nltest printed no status';
}

type StepBase = Pick<NltestStep, 'kind' | 'command'>;
type StepCommon = StepBase & Pick<NltestStep, 'exitCode' | 'timedOut' | 'stdout' | 'stderr'>;

function execFailedStep(base: StepBase, err: unknown): NltestStep {
  return {
    ...base,
    exitCode: null,
    status: 'exec-failed',
    meaning: (err as Error).message,
    ok: false,
    timedOut: false,
    notFound: false,
    stdout: '',
    stderr: '',
  };
}

/** What one step's exec result means, by the kind of command it ran. */
function stepFromResult(base: StepBase, command: string[], r: ExecResult, timeoutMs: number): NltestStep {
  const common: StepCommon = {...base, exitCode: r.exitCode, timedOut: r.timedOut, stdout: r.stdout, stderr: r.stderr};
  if (r.timedOut) {
    return {
      ...common,
      status: 'timeout',
      meaning: `no answer within ${timeoutMs / 1000}s: the container does not respond (use a larger --timeout if it is only slow)`,
      ok: false,
      notFound: false,
    };
  }
  if (r.exitCode === null && isNotFound(r.stderr + r.stdout)) {
    return {...common, status: 'not-found', meaning: `the image has no ${command[0]}`, ok: false, notFound: true};
  }
  if (base.kind === 'nslookup') return nslookupStep(common, command[1], r);
  if (base.kind === 'powershell') return powershellStep(common, r);
  return nltestStep(common, r);
}

function nslookupStep(common: StepCommon, domain: string, r: ExecResult): NltestStep {
  const n = parseNslookup(r.stdout, r.stderr, r.exitCode);
  const meaning =
    n.result === 'resolved'
      ? `${domain} resolves to ${n.addresses.join(', ')} through ${n.server ?? 'the pod DNS'}: the pod reaches DNS and the domain controllers' records`
      : n.result === 'non-existent-domain'
        ? `${n.server ?? 'the DNS server'} does not know ${domain}: the pod's DNS does not serve the Active Directory domain`
        : n.result === 'timeout'
          ? 'DNS requests time out: the pod cannot reach its DNS server'
          : n.result === 'server-failed'
            ? 'the DNS server failed to answer for the domain'
            : 'nslookup failed';
  return {...common, status: n.result, meaning, ok: n.ok, notFound: false};
}

function powershellStep(common: StepCommon, r: ExecResult): NltestStep {
  const ok = r.exitCode === 0;
  return {
    ...common,
    status: ok ? `PowerShell ${r.stdout.trim()}` : 'failed',
    meaning: ok ? 'PowerShell is available (the postStart repair hook can run)' : 'PowerShell did not run',
    ok,
    notFound: false,
  };
}

function nltestStep(common: StepCommon, r: ExecResult): NltestStep {
  const n = parseNltest(r.stdout, r.stderr, r.exitCode);
  return {
    ...common,
    status: n.status ? formatStatus(n.status) : r.exitCode === 0 ? 'completed' : 'failed',
    meaning: nltestMeaning(common.kind, n.status?.code ?? (n.ok ? 0 : undefined), n.status?.name, n.parentDomain, n.trustedDc),
    ok: n.ok,
    notFound: false,
    ...(n.parentDomain ? {parentDomain: n.parentDomain} : {}),
  };
}

export async function probe(target: ProbeTarget, exec: ExecFn, opts: ProbeOptions): Promise<NltestItem> {
  const steps: NltestStep[] = [];
  let stopped = false;
  const run = async (kind: StepKind, command: string[]): Promise<NltestStep | undefined> => {
    if (stopped) return undefined;
    const base = {kind, command: command.join(' ')};
    let r: ExecResult;
    try {
      r = await exec(target.namespace, target.name, target.container, command, opts.timeoutMs);
    } catch (err) {
      stopped = true;
      const failed = execFailedStep(base, err);
      steps.push(failed);
      return failed;
    }
    // A step that times out ends the probe: the container does not answer.
    if (r.timedOut) stopped = true;
    const step = stepFromResult(base, command, r, opts.timeoutMs);
    steps.push(step);
    return step;
  };

  const parent = await run('parentdomain', ['nltest', '/parentdomain']);
  const noNltest = parent?.notFound === true;
  const domain = target.domain ?? parent?.parentDomain;
  if (domain) await run('nslookup', ['nslookup', domain]);
  if (!noNltest) {
    const query = await run('query', ['nltest', '/query']);
    if (opts.reset && query && !query.timedOut && domain) {
      const reset = await run('sc_reset', ['nltest', `/sc_reset:${domain}`]);
      if (reset && !reset.timedOut) await run('query-after-reset', ['nltest', '/query']);
    }
  }
  await run('powershell', PS_PROBE);
  return {
    namespace: target.namespace,
    name: target.name,
    container: target.container,
    credentialSpec: target.credentialSpec ?? null,
    domain: domain ?? null,
    steps,
    verdict: explainSteps(target, steps, {reset: opts.reset, domain}),
  };
}
