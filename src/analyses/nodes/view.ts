// NodesReport -> the human view: one row per node, then the scheduling snippet per distinct node
// kind (nodeSelector + tolerations as YAML), then findings and the summary.
import {stringify} from 'yaml';
import type {Report} from '../../report/types.js';
import {standardSections, type Cell, type Section, type View} from '../../render/view.js';
import type {NodeItem} from './analysis.js';
import {pushAll} from '../../util/arrays.js';

function taintText(item: NodeItem): string {
  if (item.taints.length === 0) return '<none>';
  return item.taints.map((t) => `${t.key}${t.value ? `=${t.value}` : ''}:${t.effect}`).join(',');
}

function readyCell(item: NodeItem): Cell {
  const text = item.ready ? (item.unschedulable ? 'Ready,SchedulingDisabled' : 'Ready') : item.readyStatus === 'False' ? 'NotReady' : 'Unknown';
  return {text, tone: item.ready ? 'ok' : 'error'};
}

function podsText(item: NodeItem): string {
  const p = item.pods;
  return `${p.total} (${p.Guaranteed}G/${p.Burstable}B/${p.BestEffort}BE)`;
}

/** The part of a pod spec that lands it on this node: nodeSelector and tolerations. */
export function schedulingYaml(item: NodeItem): string {
  const spec: Record<string, unknown> = {nodeSelector: item.nodeSelector};
  if (item.tolerations.length > 0) spec.tolerations = item.tolerations;
  return stringify({spec}, {lineWidth: 0});
}

export function nodesView(report: Report<NodeItem>, wide: boolean): View {
  // OS says nothing when every node listed is a Windows node (the default): shown with --all or -o wide.
  const showOs = wide || report.items.some((i) => i.os !== 'windows');
  const columns = ['name', 'status', ...(showOs ? ['os'] : []), 'build', 'release', 'kubelet', 'runtime', 'hostprocess', 'pods (qos)', 'taints'];
  if (wide) columns.push('cpu cap/alloc/reserved', 'memory cap/alloc/reserved');
  const rows: Cell[][] = report.items.map((i) => {
    const row: Cell[] = [
      i.name,
      readyCell(i),
      ...(showOs ? [i.os] : []),
      i.build ?? (i.kernelVersion || '-'),
      i.release ?? (i.os === 'windows' ? {text: 'unknown', tone: 'warning'} : '-'),
      i.kubeletVersion || '-',
      i.containerRuntime || '-',
      i.os !== 'windows' ? '-' : i.hostProcessCapable ? {text: 'yes', tone: 'ok'} : {text: 'no', tone: 'warning'},
      podsText(i),
      taintText(i),
    ];
    if (wide) {
      row.push(`${i.capacity.cpu ?? '?'}/${i.allocatable.cpu ?? '?'}/${i.reserved.cpu ?? '?'}`);
      const low = i.os === 'windows' && report.findings.some((f) => f.id === 'nodes/system-reserve-low' && f.object?.name === i.name);
      row.push({text: `${i.capacity.memory ?? '?'}/${i.allocatable.memory ?? '?'}/${i.reserved.memory ?? '?'}`, tone: low ? 'warning' : undefined});
    }
    return row;
  });
  const sections: Section[] = [{type: 'table', columns, rows}];
  // One snippet per distinct scheduling need, naming the nodes it fits.
  const snippets = new Map<string, string[]>();
  for (const i of report.items) {
    if (i.os !== 'windows') continue;
    const y = schedulingYaml(i);
    snippets.set(y, [...(snippets.get(y) ?? []), i.name]);
  }
  for (const [y, names] of snippets) {
    sections.push({
      type: 'lines',
      title: `To schedule a pod onto ${names.length === 1 ? names[0] : `${names.join(', ')}`}:`,
      lines: y
        .trimEnd()
        .split('\n')
        .map((l) => `  ${l}`),
    });
  }
  if (wide) {
    const notes = report.items
      .filter((i) => i.os === 'windows')
      .map((i) => `${i.name}: HostProcess ${i.hostProcessCapable ? 'supported' : 'not supported'}: ${i.hostProcessReason}`);
    if (notes.length) sections.push({type: 'lines', title: 'HostProcess', lines: notes});
  }
  pushAll(sections, standardSections(report, report.items.length === 1 ? 'node' : 'nodes', report.items.length, wide));
  return {sections};
}
