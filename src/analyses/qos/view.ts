// QoSReport -> the human view: a kubectl-like table (NAMESPACE, NAME, QOS, STATUS-QOS live,
// CONTAINERS, NODE-OS; -o wide adds NODE, RULES, LIMITRANGE, RESIZE, REASON), then per-pod detail
// when pods are named or with -o wide, then findings and the summary.
import {remedyAction} from '../../report/remedy.js';
import type {Report} from '../../report/types.js';
import {standardSections, type Cell, type DrawnSection, type Section, type Tone, type View} from '../../render/view.js';
import type {QosContainerItem, QosItem} from './analysis.js';
import {kubectlCommand} from './patches.js';
import {classNote, WINDOWS_NOTES} from './windows.js';
import {pushAll} from '../../util/arrays.js';

const ABBREV: Record<string, string> = {Guaranteed: 'G', Burstable: 'B', BestEffort: 'BE'};
const TONE: Record<string, Tone> = {Guaranteed: 'ok', Burstable: 'info', BestEffort: 'warning'};

function nameOf(i: QosItem): string {
  return i.kind === 'Pod' ? i.name : `${i.kind.toLowerCase()}/${i.name}`;
}

function containerTag(c: QosContainerItem): string {
  const type = c.type === 'app' ? '' : `(${c.type})`;
  return `${c.name}${type}:${ABBREV[c.class]}`;
}

function containersSummary(i: QosItem): string {
  const tags = i.containers.filter((c) => c.type !== 'ephemeral').map(containerTag);
  return tags.length > 0 ? tags.join(' ') : '<none>';
}

function list(r: Record<string, string> | undefined): string {
  const e = Object.entries(r ?? {});
  return e.length === 0 ? '-' : e.map(([k, v]) => `${k}=${v}`).join(',');
}

export function qosView(report: Report<QosItem>, wide: boolean, detail = wide): View {
  const live = report.source.type === 'cluster';
  const columns = ['namespace', 'name', 'qos'];
  if (live) columns.push('status-qos');
  columns.push('containers', 'node-os');
  if (wide) columns.push('node', 'rules', 'limitrange', 'resize', 'reason');
  const rows: Cell[][] = report.items.map((i) => {
    const row: Cell[] = [i.namespace, nameOf(i), {text: i.qosClass, tone: TONE[i.qosClass]}];
    if (live) {
      const mismatch = i.statusQosClass !== null && i.statusQosClass !== i.qosClass;
      row.push(i.statusQosClass === null ? '<none>' : {text: i.statusQosClass, tone: mismatch ? 'error' : undefined});
    }
    row.push(containersSummary(i), i.nodeOs ?? '<unknown>');
    if (wide) {
      row.push(
        i.node ?? '<none>',
        `${i.version} ${i.algorithm}${i.podLevel ? ' pod-level' : ''}`,
        i.limitRange ? `yes (${i.limitRange.source})` : 'no',
        i.resize.supported ? i.resize.state : 'unsupported',
        i.reason,
      );
    }
    return row;
  });
  const sections: Section[] = [{type: 'table', columns, rows}];
  const {items} = report;
  if (detail && items.length > 0) sections.push({type: 'each', count: items.length, sections: (n) => itemDetail(items[n], live)});
  // What QoS means on any Windows node: said once, not under every pod.
  if (detail && report.items.some((i) => i.windows)) sections.push(windowsNotes(report.items));
  pushAll(sections, standardSections(report, report.items.length === 1 ? 'pod or template' : 'pods and templates', report.items.length, wide));
  return {sections};
}

const CLASSES = ['Guaranteed', 'Burstable', 'BestEffort'] as const;
const CLASS_NOTES = new Set<string>(CLASSES.map(classNote));

/** The notes every Windows pod shares, and what each class present means there. */
function windowsNotes(items: QosItem[]): Section {
  const present = new Set(items.filter((i) => i.windows).map((i) => i.qosClass));
  const notes = [...CLASSES.filter((c) => present.has(c)).map(classNote), ...Object.values(WINDOWS_NOTES).filter((x) => x !== WINDOWS_NOTES.hostProcess)];
  return {type: 'lines', title: 'On Windows nodes (every Windows pod above)', lines: notes.map((n) => ({text: `windows: ${n}`, tone: 'dim'}))};
}

function itemDetail(i: QosItem, live: boolean): DrawnSection[] {
  const title = `${i.kind} ${i.namespace}/${i.name}: ${i.qosClass} (rules of ${i.version}, ${i.algorithm} algorithm${i.podLevel ? ', pod-level resources' : ''})`;
  const rows: Cell[][] = i.containers.map((c) => [
    c.name,
    c.type,
    list(c.requests),
    list(c.limits),
    {text: c.counts ? c.class : `${c.class} (not counted)`, tone: c.counts ? TONE[c.class] : 'dim'},
    c.reason,
  ]);
  const lines: Cell[] = [`reason: ${i.reason}`];
  if (i.statusQosClass) lines.push(`status.qosClass: ${i.statusQosClass}${i.statusQosClass !== i.qosClass ? ' (differs: see findings)' : ''}`);
  if (i.podResources) lines.push(`pod-level resources: requests ${list(i.podResources.requests)}; limits ${list(i.podResources.limits)}`);
  if (i.origin) lines.push(`from: ${i.origin}`);
  if (i.node || i.nodeOs) lines.push(`node: ${i.node ?? 'not scheduled'} (os: ${i.nodeOs ?? (i.windows ? 'windows' : 'unknown')})`);
  for (const c of i.containers) {
    if (c.defaulted) lines.push(`${c.name}: ${c.defaulted.join('; ')}`);
    if (c.limitRange) {
      const parts = [
        c.limitRange.requests.length ? `${c.limitRange.requests.join(', ')} request` : '',
        c.limitRange.limits.length ? `${c.limitRange.limits.join(', ')} limit` : '',
      ].filter(Boolean);
      lines.push(`${c.name}: ${parts.join(' and ')} set by LimitRange${c.limitRange.limitRange ? ` ${c.limitRange.limitRange}` : ''}`);
    }
    if (c.cpuMaximum !== undefined) lines.push(`${c.name}: job-object CpuMaximum ${c.cpuMaximum} (${(c.cpuMaximum / 100).toFixed(2)}% of the node)`);
    if (c.resizePolicy) lines.push(`${c.name}: resizePolicy ${list(c.resizePolicy)}`);
    if (c.allocatedResources) lines.push(`${c.name}: allocated ${list(c.allocatedResources)}`);
    if (c.actualResources) lines.push(`${c.name}: running with requests ${list(c.actualResources.requests)}; limits ${list(c.actualResources.limits)}`);
  }
  if (i.limitRange?.annotation)
    lines.push(
      `${i.limitRange.source === 'annotation' ? 'kubernetes.io/limit-ranger' : 'kubernetes.io/limit-ranger (what LimitRanger would write on its pods)'}: ${i.limitRange.annotation}`,
    );
  lines.push(`in-place resize: ${i.resize.supported ? i.resize.state : `not possible (${i.resize.reason})`}${i.resize.gate ? `; ${i.resize.gate}` : ''}`);
  for (const [label, change] of [
    ['to make it Guaranteed', i.whatWouldChange.guaranteed],
    ['to make it Burstable', i.whatWouldChange.burstable],
  ] as const) {
    if (!change) continue;
    lines.push(`${label} (${change.target.kind.toLowerCase()}/${change.target.name}): ${change.summary.join('; ')}`);
    // Unindented: a command or manifest is pasted as printed (docs/remedies.md, "Paste-safe output").
    if (change.remedy.manifest !== undefined) {
      const action = remedyAction(change.remedy)!;
      lines.push(change.remedy.text, action.label, {text: action.text, verbatim: true});
    } else {
      lines.push(live ? {text: kubectlCommand(change.target, change.patch), verbatim: true} : `strategic merge patch: ${JSON.stringify(change.patch)}`);
    }
  }
  if (i.whatWouldChange.note && (i.whatWouldChange.guaranteed || i.whatWouldChange.burstable)) lines.push(`note: ${i.whatWouldChange.note}`);
  for (const n of i.notes) if (!CLASS_NOTES.has(n)) lines.push({text: `windows: ${n}`, tone: 'dim'});
  return [
    {type: 'table', title, columns: ['container', 'type', 'requests', 'limits', 'class', 'reason'], rows},
    {type: 'lines', lines},
  ];
}
