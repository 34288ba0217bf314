// What a Windows node's kubelet answers to a Node Log Query service request, following the kubelet's
// Windows code (kubernetes/kubernetes pkg/kubelet/kubelet_server_journal_windows.go, identical in
// v1.34.3 and v1.37.2) over a node holding fixed events and files:
// - each service is first checked with `Get-WinEvent -ListProvider <service>` (checkForNativeLogger):
//   a registered event provider is read from the event log, anything else from files under
//   C:\var\log (<service>, <service>.log, <service>\<service>.log, first that exists);
// - providers are read with `Get-WinEvent -FilterHashtable @{LogName='Application'; StartTime;
//   EndTime; ProviderName} -MaxEvents N | Sort-Object TimeCreated | Where-Object -Property Message
//   -Match <pattern> | Format-Table -AutoSize -Wrap`: only the Application log. PowerShell's
//   Get-WinEvent keeps, of the logs named, those the providers write to, and fails with
//   LogsAndProvidersDontOverlap when none is left (PowerShell/PowerShell
//   src/Microsoft.PowerShell.Commands.Diagnostics/GetEventCommand.cs), so a provider that writes only
//   to its own channel (CCG, HNS, HCS) cannot be read through this API;
// - stdout and stderr both go into the response; PowerShell's errors keep their usual shape; lines
//   end in CRLF as Windows PowerShell writes them.
// The node's content: its runtime registered as an event source of the Application log, as it is
// when it runs as a Windows service (containerd/containerd cmd/containerd/command/service_windows.go;
// a dockershim node's dockerd likewise as `docker`, moby/moby cmd/dockerd/service_windows.go); the
// Windows channels of CCG, HNS and HCS as Microsoft documents them (see src/analyses/logs/presets.ts);
// the kubelet's own log in a file, C:\var\log\kubelet\kubelet.log, as the Windows Machine Config
// Operator lays it out (openshift/must-gather collection-scripts/gather_windows_node_logs).
import type {NodeLogQuery} from '../src/k8s/node-log-query.js';
import {hasOptions, parseRfc3339} from '../src/k8s/node-log-query.js';

export interface WinEvent {
  provider: string;
  log: string;
  /** When, in minutes before the stand-in started. */
  minutesAgo: number;
  id: number;
  level: 'Information' | 'Warning' | 'Error';
  message: string;
}

/** The container runtime a node runs: its event source is named after it. */
export type Runtime = 'containerd' | 'docker';

/** Registered providers and the logs each writes to (their LogLinks), besides the runtime's. */
const PROVIDERS: Record<string, string[]> = {
  'Microsoft-Windows-Containers-CCG': ['Microsoft-Windows-Containers-CCG/Admin'],
  'Microsoft-Windows-Host-Network-Service': ['Microsoft-Windows-Host-Network-Service-Admin', 'Microsoft-Windows-Host-Network-Service-Operational'],
  'Microsoft-Windows-Hyper-V-Compute': ['Microsoft-Windows-Hyper-V-Compute-Admin', 'Microsoft-Windows-Hyper-V-Compute-Operational'],
};

/** The providers of a node with this runtime. */
function providersOf(runtime: Runtime): Record<string, string[]> {
  return {...PROVIDERS, [runtime]: ['Application']};
}

const CD = (minutesAgo: number, level: WinEvent['level'], msg: string): WinEvent => ({
  provider: 'containerd',
  log: 'Application',
  minutesAgo,
  id: 1,
  level,
  message: msg,
});

/** The node's events, oldest first. */
export const EVENTS: WinEvent[] = [
  CD(170, 'Information', 'starting containerd revision=bcc810d6b9066471b0b6fa75f557a15a1cbf31bb version=v1.7.25'),
  CD(169, 'Information', 'containerd successfully booted in 0.412300s'),
  {
    provider: 'Microsoft-Windows-Containers-CCG',
    log: 'Microsoft-Windows-Containers-CCG/Admin',
    minutesAgo: 50,
    id: 1,
    level: 'Error',
    message: 'Container Credential Guard failed to fetch gmsa credentials. Error: 0x80070005',
  },
  CD(48, 'Warning', 'failed to start exec "3f0c": hcs::System::CreateProcess: The system cannot find the file specified.: unknown'),
  CD(
    30,
    'Error',
    'RunPodSandbox for &PodSandboxMetadata{Name:iis-0,Namespace:web} failed: hcs::CreateComputeSystem: The container operating system does not match the host operating system.',
  ),
  CD(12, 'Information', 'PullImage "mcr.microsoft.com/windows/servercore/iis:windowsservercore-ltsc2022" returns image reference "sha256:5b1f"'),
  CD(
    5,
    'Error',
    'StopContainer for "9e2d" failed: hcs::System::Shutdown: The operation timed out because a response was not received from the virtual machine or container.',
  ),
  {provider: 'docker', log: 'Application', minutesAgo: 160, id: 1, level: 'Information', message: 'API listen on //./pipe/docker_engine'},
  {
    provider: 'docker',
    log: 'Application',
    minutesAgo: 20,
    id: 4,
    level: 'Error',
    message:
      'Handler for POST /v1.41/containers/create returned error: hcsshim::CreateComputeSystem: The container operating system does not match the host operating system.',
  },
];

/** Files under C:\var\log, by their path there with forward slashes. */
export const FILES: Record<string, string> = {
  'kubelet/kubelet.log': [
    'I1206 09:58:01.102938    4412 server.go:484] "Kubelet version" kubeletVersion="v1.34.3"',
    'I1206 09:58:01.210442    4412 server.go:1262] "Started kubelet"',
    'E1206 10:31:12.552190    4412 pod_workers.go:1301] "Error syncing pod, skipping" err="failed to \\"CreatePodSandbox\\" for \\"iis-0_web\\"" pod="web/iis-0"',
    '',
  ].join('\r\n'),
};

const crlf = (lines: string[]) => lines.map((l) => `${l}\r\n`).join('');

/** Windows PowerShell 5.1's rendering of a non-terminating Get-WinEvent error, as -Command prints it. */
function getWinEventError(message: string, category: string, id: string): string {
  return crlf([
    `Get-WinEvent : ${message}`,
    'At line:1 char:1',
    "+ Get-WinEvent -FilterHashtable @{LogName='Application'; ProviderName=$ ...",
    '+ ~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~',
    `    + CategoryInfo          : ${category}: (:) [Get-WinEvent], Exception`,
    `    + FullyQualifiedErrorId : ${id},Microsoft.PowerShell.Commands.GetWinEventCommand`,
    ' ',
  ]);
}

/** en-US's general date/time pattern (M/d/yyyy h:mm:ss tt), in the node's zone (UTC here). */
function usDateTime(ms: number): string {
  const d = new Date(ms);
  const h = d.getUTCHours();
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getUTCMonth() + 1}/${d.getUTCDate()}/${d.getUTCFullYear()} ${h % 12 || 12}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} ${h < 12 ? 'AM' : 'PM'}`;
}

/** Format-Table -AutoSize of EventLogRecords: grouped by ProviderName, columns sized to their content. */
function formatTable(events: {e: WinEvent; at: number}[]): string {
  const rows = events.map(({e, at}) => ({provider: e.provider, cells: [usDateTime(at), String(e.id), e.level, e.message]}));
  const heads = ['TimeCreated', 'Id', 'LevelDisplayName', 'Message'];
  const widths = heads.map((h, i) => Math.max(h.length, ...rows.map((r) => r.cells[i].length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === 1 ? c.padStart(widths[i]) : i === cells.length - 1 ? c : c.padEnd(widths[i])))
      .join(' ')
      .trimEnd();
  const out: string[] = [];
  let group: string | undefined;
  for (const r of rows) {
    if (r.provider !== group) {
      group = r.provider;
      out.push('', `   ProviderName: ${group}`, '', line(heads), line(heads.map((h) => '-'.repeat(h.length))));
    }
    out.push(line(r.cells));
  }
  out.push('', '');
  return crlf(out);
}

/** The Get-WinEvent pipeline over the Application log for these providers. */
function getWinEvent(q: NodeLogQuery, providers: string[], startedAt: number, runtime: Runtime): string {
  const inApplication = providers.filter((p) => providersOf(runtime)[p]?.includes('Application'));
  if (inApplication.length === 0)
    return getWinEventError('The specified providers do not write events to any of the specified logs.', 'InvalidArgument', 'LogsAndProvidersDontOverlap');
  if (q.tailLines !== undefined && q.tailLines < 1) {
    return crlf([
      `Get-WinEvent : Cannot validate argument on parameter 'MaxEvents'. The ${q.tailLines} argument is less than the minimum allowed range of 1. Supply an argument that is greater than or equal to 1 and then try the command again.`,
    ]);
  }
  const since = q.sinceTime !== undefined ? parseRfc3339(q.sinceTime)! : -Infinity;
  const until = q.untilTime !== undefined ? parseRfc3339(q.untilTime)! : Infinity;
  // Get-WinEvent reads newest first, so -MaxEvents keeps the newest N; Sort-Object puts them back in order.
  let picked = EVENTS.map((e) => ({e, at: startedAt - e.minutesAgo * 60_000}))
    .filter(({e, at}) => e.log === 'Application' && inApplication.includes(e.provider) && at >= since && at <= until)
    .reverse();
  if (picked.length === 0)
    return getWinEventError('No events were found that match the specified selection criteria.', 'ObjectNotFound', 'NoMatchingEventsFound');
  if (q.tailLines !== undefined) picked = picked.slice(0, q.tailLines);
  picked.reverse();
  // -Match is case-insensitive, a .NET regex; the kubelet has already checked the pattern parses as RE2.
  if (q.pattern !== undefined) picked = picked.filter(({e}) => new RegExp(q.pattern!, 'i').test(e.message));
  return picked.length === 0 ? '' : formatTable(picked);
}

/** heuristicsCopyFileLogs: the first of <s>, <s>.log, <s>/<s>.log that is a file. */
function fileLog(service: string): string {
  for (const name of [service, `${service}.log`, `${service}/${service}.log`]) if (FILES[name] !== undefined) return FILES[name];
  return `\nlog not found for ${service}\n`;
}

/** copyForBoot: providers through Get-WinEvent, the rest from files (not with options). */
export function answerServiceQuery(q: NodeLogQuery, startedAt: number, runtime: Runtime = 'containerd'): string {
  const registered = providersOf(runtime);
  const native = q.services.filter((s) => registered[s] !== undefined);
  const files = q.services.filter((s) => registered[s] === undefined);
  let out = native.length > 0 ? getWinEvent(q, native, startedAt, runtime) : '';
  if (files.length > 0 && hasOptions(q))
    return `${out}\noptions present and query resolved to log files for [${files.join(' ')}]\ntry without specifying options\n`;
  for (const f of files) out += fileLog(f);
  return out;
}

/** A file under C:\var\log asked for by path (`query=kubelet/kubelet.log`, or /logs/kubelet/kubelet.log). */
export function fileAt(path: string): string | undefined {
  return FILES[path.replace(/\\/g, '/').replace(/^\/+/, '')];
}

/** The directory listing Go's http.FileServer writes for a directory (dirList), for /logs/ and /logs/<dir>/. */
export function dirListing(dir: string): string | undefined {
  const prefix = dir.replace(/^\/+/, '');
  const names = new Set<string>();
  for (const f of Object.keys(FILES)) {
    if (!f.startsWith(prefix)) continue;
    const rest = f.slice(prefix.length).split('/');
    names.add(rest.length > 1 ? `${rest[0]}/` : rest[0]);
  }
  if (names.size === 0) return undefined;
  const links = [...names].sort().map((n) => `<a href="${n}">${n}</a>\n`);
  return `<!doctype html>\n<meta name="viewport" content="width=device-width">\n<pre>\n${links.join('')}</pre>\n`;
}
