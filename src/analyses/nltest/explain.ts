// One verdict and the next step from the probe's steps, following configure-gmsa.md's troubleshooting
// order: credential spec in the pod, then domain communication, then the secure channel and its
// repair, then the postStart hook that keeps the repair, and the SMB-by-host-name registry key.
import type {NltestStep, ProbeTarget} from './probe.js';

type VerdictResult =
  | 'healthy'
  | 'repaired'
  | 'no-gmsa'
  | 'credspec-defect'
  | 'credspec-not-applied'
  | 'dns-failure'
  | 'secure-channel-broken'
  | 'reset-failed'
  | 'tools-missing'
  | 'timeout'
  | 'exec-failed';

export interface Verdict {
  result: VerdictResult;
  ok: boolean;
  message: string;
  next: string[];
}

/** The docs' postStart hook: restart netlogon until `nltest.exe /query` succeeds. */
const POST_START_HOOK = `lifecycle:
  postStart:
    exec:
      command: ["powershell.exe","-command","do { Restart-Service -Name netlogon } while ( $($Result = (nltest.exe /query); if ($Result -like '*0x0 NERR_Success*') {return $true} else {return $false}) -eq $false)"]`;

const COMPARTMENT_KEY_COMMAND = 'reg add "HKLM\\SYSTEM\\CurrentControlSet\\Services\\hns\\State" /v EnableCompartmentNamespace /t REG_DWORD /d 1';

const SMB_NOTE = `If the app reaches SMB shares by IP but not by host name or FQDN, run on each Windows node: ${COMPARTMENT_KEY_COMMAND} and recreate the running pods.`;

/** What the probe's steps say, looked up once for the rules below. */
interface Facts {
  target: ProbeTarget;
  steps: NltestStep[];
  parent?: NltestStep;
  lookup?: NltestStep;
  query?: NltestStep;
  reset?: NltestStep;
  after?: NltestStep;
  noPowerShell: boolean;
  domain: string;
  /** The PowerShell note every verdict after tools-missing carries, when the image has none. */
  psNote: string[];
}

function factsOf(target: ProbeTarget, steps: NltestStep[], ctx: {domain?: string}): Facts {
  const by = (k: NltestStep['kind']) => steps.find((s) => s.kind === k);
  const noPowerShell = by('powershell')?.notFound === true;
  return {
    target,
    steps,
    parent: by('parentdomain'),
    lookup: by('nslookup'),
    query: by('query'),
    reset: by('sc_reset'),
    after: by('query-after-reset'),
    noPowerShell,
    domain: ctx.domain ?? 'the domain',
    psNote: noPowerShell
      ? [
          'The image has no PowerShell (nanoserver): the postStart netlogon-restart hook cannot run there; use a Windows Server Core based image if you need it.',
        ]
      : [],
  };
}

function execFailed({target, steps}: Facts): Verdict | undefined {
  const failedExec = steps.find((s) => s.status === 'exec-failed');
  if (!failedExec) return undefined;
  return {
    result: 'exec-failed',
    ok: false,
    message: failedExec.meaning,
    next: ['Check that the pod is Running and the container name (-c) is right: kubectl get pod ' + `${target.name} -n ${target.namespace} -o wide`],
  };
}

/** No credential spec at all: the pod does not use gMSA, so its domain flow is not gMSA's to judge. */
function noGmsa({target}: Facts): Verdict | undefined {
  if (target.credentialSpec || target.inlined) return undefined;
  return {
    result: 'no-gmsa',
    ok: true,
    message: `the pod does not use gMSA: container "${target.container}" has no gmsaCredentialSpecName or gmsaCredentialSpec, so nltest's answers say nothing about gMSA here`,
    next: [
      "To use gMSA, set securityContext.windowsOptions.gmsaCredentialSpecName to a GMSACredentialSpec the pod's ServiceAccount may use, then check it with kubectl win gmsa check",
    ],
  };
}

function timedOut({target, steps}: Facts): Verdict | undefined {
  const step = steps.find((s) => s.timedOut);
  if (!step) return undefined;
  return {
    result: 'timeout',
    ok: false,
    message: `\`${step.command}\` did not answer within the step timeout: the container is hung or very slow`,
    next: [
      `Check the pod and its node: kubectl describe pod ${target.name} -n ${target.namespace}`,
      'Run again with a larger --timeout if the node is only slow',
    ],
  };
}

function toolsMissing({target, parent, lookup, noPowerShell, domain, psNote}: Facts): Verdict | undefined {
  if (!parent?.notFound) return undefined;
  return {
    result: 'tools-missing',
    ok: false,
    message: `the image of container "${target.container}" has no nltest.exe${noPowerShell ? ' and no PowerShell' : ''} (a nanoserver-based image): the domain checks cannot run in it`,
    next: [
      `Run the checks from a Windows Server Core based pod with the same serviceAccountName and gmsaCredentialSpecName${target.credentialSpec ? ` ("${target.credentialSpec}")` : ''} on the same node pool, e.g. mcr.microsoft.com/windows/servercore:ltsc2022, then kubectl win gmsa nltest on that pod`,
      ...(lookup && !lookup.ok && !lookup.notFound ? [`nslookup ${domain} failed too: ${lookup.meaning}`] : []),
      ...psNote,
    ],
  };
}

function credspecNotApplied({target, parent, psNote}: Facts): Verdict | undefined {
  if (!parent || parent.ok || !/\b1722\b/.test(parent.status)) return undefined;
  const why = !target.credentialSpec
    ? 'the pod references no GMSACredentialSpec (gmsaCredentialSpecName is not set)'
    : !target.inlined
      ? `the pod spec names "${target.credentialSpec}" but carries no gmsaCredentialSpec: the windows-gmsa mutating webhook did not inline it`
      : `the pod carries the credential spec "${target.credentialSpec}", but the container does not run with it`;
  return {
    result: 'credspec-not-applied',
    ok: false,
    message: `the credential spec never reached the pod (nltest /parentdomain: ${parent.status}): ${why}`,
    next: [
      `Check the chain: kubectl win gmsa check -n ${target.namespace} pod/${target.name}`,
      'Fix what it reports (webhook, credential spec, RBAC use grant), then recreate the pod: the credential spec is applied only when the container starts',
      ...psNote,
    ],
  };
}

/**
 * The domain looked up is the credential spec's DnsName: when gmsa check finds the names wrong and
 * the pod is nonetheless a member of the domain, the failed lookup follows from the defect, not from DNS.
 */
function credspecDefect({target, parent, lookup, query, domain, psNote}: Facts): Verdict | undefined {
  const defects = target.credspecDefects ?? [];
  if (!(lookup && !lookup.ok && defects.length > 0 && parent?.ok && (!query || query.ok))) return undefined;
  return {
    result: 'credspec-defect',
    ok: false,
    message: `the credential spec is wrong: ${defects.join('; ')}. The lookup of its DnsName ${domain} failed because of it, while the pod is a member of ${parent.parentDomain ?? 'the domain'}${query?.ok ? ' and its secure channel works' : ''}`,
    next: [
      `Fix the GMSACredentialSpec${target.credentialSpec ? ` "${target.credentialSpec}"` : ''} (kubectl win gmsa check reports gmsa/credspec-domain-names), then recreate the pod: the credential spec is applied only when the container starts`,
      ...psNote,
    ],
  };
}

function dnsFailure({lookup, domain, psNote}: Facts): Verdict | undefined {
  if (!lookup || lookup.ok) return undefined;
  return {
    result: 'dns-failure',
    ok: false,
    message: `the pod cannot resolve ${domain}: ${lookup.meaning}`,
    next: [
      'The pod must resolve the Active Directory domain: point the cluster DNS (CoreDNS forward for the domain) or the pod dnsConfig at the domain controllers',
      'Check routing and firewalls between the Windows node pool and the domain controllers (DNS 53, Kerberos 88, LDAP 389, RPC 135 and dynamic ports)',
      ...psNote,
    ],
  };
}

/** A broken secure channel: repaired by the reset, not repaired, or not tried. */
function secureChannel({target, query, reset, after, domain, psNote}: Facts): Verdict | undefined {
  if (!query || query.ok) return undefined;
  if (reset && after?.ok) {
    return {
      result: 'repaired',
      ok: true,
      message: `the secure channel was broken (${query.status}); nltest /sc_reset:${domain} repaired it (${reset.status})`,
      next: [
        `The channel breaks again when the container restarts; add the docs' postStart hook to the container "${target.container}":\n${POST_START_HOOK}`,
        ...psNote,
        SMB_NOTE,
      ],
    };
  }
  if (reset) {
    return {
      result: 'reset-failed',
      ok: false,
      message: `the secure channel is broken (${query.status}) and nltest /sc_reset:${domain} did not repair it (${reset.status}: ${reset.meaning})`,
      next: [
        'Examine your credential spec again and confirm that it is correct and complete: DnsName, NetBiosName, the gMSA Name in GroupManagedServiceAccounts and MachineAccountName',
        'Confirm that the Windows nodes (or the ccg.exe plug-in identity) may retrieve the gMSA password (PrincipalsAllowedToRetrieveManagedPassword)',
        ...psNote,
      ],
    };
  }
  return {
    result: 'secure-channel-broken',
    ok: false,
    message: `the secure channel to the domain does not work (nltest /query: ${query.status}): ${query.meaning}`,
    next: [
      `Try a repair: kubectl win gmsa nltest -n ${target.namespace} ${target.name} --reset (asks for confirmation; --yes in scripts) runs nltest /sc_reset:${domain}`,
      `If the reset helps, keep it with the docs' postStart hook:\n${POST_START_HOOK}`,
      ...psNote,
    ],
  };
}

/** The troubleshooting order: the first rule that applies gives the verdict. */
const RULES = [execFailed, noGmsa, timedOut, toolsMissing, credspecNotApplied, credspecDefect, dnsFailure, secureChannel];

export function explainSteps(target: ProbeTarget, steps: NltestStep[], ctx: {reset: boolean; domain?: string}): Verdict {
  const facts = factsOf(target, steps, ctx);
  for (const rule of RULES) {
    const verdict = rule(facts);
    if (verdict) return verdict;
  }
  return {
    result: 'healthy',
    ok: true,
    message: `gMSA works in this pod: it is a member of ${facts.parent?.parentDomain ?? facts.domain}, resolves the domain and has a working secure channel`,
    next: [...facts.psNote, SMB_NOTE],
  };
}
