// PSPReadinessReport -> the human view: one row per namespace (labels now, recommended level,
// counts, what blocks the next level), then the commands per namespace, the PodSecurityPolicies,
// and the findings. `-o wide` adds one row per evaluated pod or template.
import type {Report} from '../../report/types.js';
import {standardSections, verbatim, type Cell, type Section, type View} from '../../render/view.js';
import type {NamespaceItem} from './analysis.js';
import type {PspSummary} from './policies.js';
import {pushAll} from '../../util/arrays.js';

const TONE = {restricted: 'ok', baseline: 'warning', privileged: 'error'} as const;
const RANK = {privileged: 0, baseline: 1, restricted: 2} as const;

function levelCell(level: 'restricted' | 'baseline' | 'privileged'): Cell {
  return {text: level, tone: TONE[level]};
}

export function pspReadinessView(report: Report<NamespaceItem> & {podSecurityPolicies?: PspSummary[]; version?: string}, wide: boolean): View {
  const sections: Section[] = [namespaceTable(report)];
  if (wide) sections.push(podTable(report.items));
  const cmdLines = commandLines(report.items);
  if (cmdLines.length > 0) sections.push({type: 'lines', title: 'Commands (audit and warn first, then a server-side dry run, then enforce)', lines: cmdLines});
  const dry = serverDryRunLines(report.items);
  if (dry.length > 0) sections.push({type: 'lines', title: 'Server-side dry run (PSA itself)', lines: dry});
  const psps = report.podSecurityPolicies ?? [];
  if (psps.length > 0) sections.push(pspTable(psps));
  pushAll(sections, standardSections(report, report.items.length === 1 ? 'namespace' : 'namespaces', report.items.length, wide));
  return {sections};
}

function namespaceTable(report: Report<NamespaceItem> & {version?: string}): Section {
  return {
    type: 'table',
    title: `Pod Security readiness at ${report.version ?? ''} (R/B/P: how many pods and templates have restricted/baseline/privileged as their highest level)`,
    columns: ['namespace', 'enforce now', 'warn / audit now', 'can enforce', 'r/b/p', 'blocks next level', 'windows'],
    rows: report.items.map(namespaceRow),
  };
}

function namespaceRow(i: NamespaceItem): Cell[] {
  return [
    i.namespace,
    i.currentPolicy.enforce,
    i.labelErrors.length > 0 ? {text: 'invalid labels', tone: 'error'} : `${i.currentPolicy.warn} / ${i.currentPolicy.audit}`,
    // A level the commands below do not suggest (system or empty namespace) must not read as advice.
    i.noEnforce ? {text: `${i.recommendedLevel} (not suggested)`, tone: 'dim'} : levelCell(i.recommendedLevel),
    `${i.counts.restricted}/${i.counts.baseline}/${i.counts.privileged}`,
    nextLevelBlockers(i),
    i.hostProcess.length > 0 ? {text: `${i.hostProcess.length} HostProcess`, tone: 'warning'} : '-',
  ];
}

/** The next level and the first three objects that block it. */
function nextLevelBlockers(i: NamespaceItem): string {
  if (!i.nextLevel || i.blockers.length === 0) return '-';
  const first = i.blockers
    .slice(0, 3)
    .map((b) => `${b.kind}/${b.name}`)
    .join(', ');
  return `${i.nextLevel}: ${first}${i.blockers.length > 3 ? ` +${i.blockers.length - 3}` : ''}`;
}

/** `-o wide`: one row per evaluated pod or template. */
function podTable(items: NamespaceItem[]): Section {
  const podRows: Cell[][] = [];
  for (const i of items) {
    for (const p of i.pods) {
      podRows.push([
        i.namespace,
        `${p.kind}/${p.name}`,
        levelCell(p.level),
        p.windows ? (p.hostProcess ? 'HostProcess' : p.levelWithOsWindows ? `no os.name (${p.levelWithOsWindows} with it)` : 'windows') : '-',
        p.psp ?? '-',
        p.countedUnder ?? '',
        p.violations.restricted.map((v) => v.reason).join(', ') || '-',
      ]);
    }
  }
  return {
    type: 'table',
    title: 'Pods and templates',
    columns: ['namespace', 'object', 'level', 'windows', 'psp', 'counted under', 'restricted violations'],
    rows: podRows,
  };
}

function commandLines(items: NamespaceItem[]): Cell[] {
  const cmdLines: Cell[] = [];
  for (const i of items) {
    if (i.noEnforce) {
      cmdLines.push({text: `# ${i.namespace}: no enforce label suggested. ${i.noEnforce}`, tone: 'dim'});
      continue;
    }
    if (i.currentPolicy.enforce.startsWith(`${i.recommendedLevel}:`) && i.currentPolicy.enforce.endsWith(i.version)) continue;
    // Never advise a lower enforce level without saying so: the blockers can be fixed instead.
    const now = i.currentPolicy.enforce.split(':')[0];
    const relaxes = now in RANK && RANK[now as keyof typeof RANK] > RANK[i.recommendedLevel];
    cmdLines.push({
      text: `# ${i.namespace}: enforce ${i.recommendedLevel}${relaxes ? ` (lowers the current enforce ${now}; to keep ${now}, fix what blocks it instead)` : ''}`,
      tone: relaxes ? 'warning' : 'bold',
    });
    pushAll(cmdLines, verbatim(i.commands));
  }
  return cmdLines;
}

function serverDryRunLines(items: NamespaceItem[]): Cell[] {
  const dry: Cell[] = [];
  for (const i of items) {
    for (const d of i.serverDryRun ?? []) {
      const verdict = d.exempt ? 'exempt from Pod Security by the cluster configuration' : d.agrees ? 'PSA agrees' : 'PSA DIFFERS';
      dry.push({text: `${i.namespace} ${d.labels['pod-security.kubernetes.io/enforce']}: ${verdict}`, tone: d.agrees ? 'ok' : 'error'});
      for (const w of d.warnings) dry.push(`  Warning: ${w}`);
    }
  }
  return dry;
}

function pspTable(psps: PspSummary[]): Section {
  return {
    type: 'table',
    title: 'PodSecurityPolicies',
    columns: ['name', 'level', 'mutating', 'usable by'],
    rows: psps.map((p) => [
      p.name,
      levelCell(p.level),
      p.mutating.length > 0 ? {text: 'yes', tone: 'warning'} : 'no',
      p.usableBy.map((u) => `${u.subject}${u.namespace ? ` in ${u.namespace}` : ''}`).join(', ') || '-',
    ]),
  };
}
