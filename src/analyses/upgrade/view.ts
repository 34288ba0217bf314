// UpgradePlanReport -> the human view: the pools and what moves, the workloads and their verdicts,
// then the findings (each with its exact change) and the summary.
import type {Report} from '../../report/types.js';
import {standardSections, type Cell, type Section, type View} from '../../render/view.js';
import {formatBytes} from '../nodes/quantity.js';
import {pushAll} from '../../util/arrays.js';
import type {PoolPlan, UpgradePlanItem, WorkloadPlan} from './plan.js';

const TONE = {ready: 'ok', target: 'ok', blocked: 'error', unknown: 'warning'} as const;
const verdictCell = (v: PoolPlan['verdict']): Cell => ({text: v, tone: TONE[v]});

function poolRow(p: PoolPlan, wide: boolean): Cell[] {
  const pull = `${formatBytes(p.pullBytesPerNode)}${p.unsizedImages > 0 ? ` (+${p.unsizedImages} unsized)` : ''}`;
  const row: Cell[] = [
    p.name,
    p.release ?? p.build ?? 'unknown',
    String(p.nodes.length),
    p.runtimeVersions.join(',') || '-',
    String(p.workloads),
    pull,
    verdictCell(p.verdict),
  ];
  if (wide) row.push(p.kubeletVersions.join(',') || '-', p.pauseImages.join(',') || '-');
  return row;
}

function imagesText(w: WorkloadPlan): string {
  return w.images
    .map(
      (i) =>
        `${i.image} [${i.evidence === 'none' ? 'unknown' : i.evidence === 'tag' ? `inferred ${i.builds.join('/')}` : `registry ${i.builds.join('/') || '-'}`}]`,
    )
    .join(', ');
}

function workloadRow(w: WorkloadPlan, wide: boolean): Cell[] {
  const row: Cell[] = [`${w.kind}/${w.name}`, w.namespace, w.pools.join(',') || '-', verdictCell(w.verdict)];
  if (wide) row.push(w.isolation, imagesText(w));
  return row;
}

export function upgradePlanView(report: Report<UpgradePlanItem>, target: string, wide: boolean): View {
  const pools = report.items.filter((i): i is PoolPlan => i.type === 'pool');
  const workloads = report.items.filter((i): i is WorkloadPlan => i.type === 'workload');
  const sections: Section[] = [];
  const poolColumns = ['pool', 'now', 'nodes', 'runtime', 'workloads', 'pull/node', 'verdict', ...(wide ? ['kubelet', 'pause'] : [])];
  if (pools.length > 0)
    sections.push({type: 'table', title: `Windows node pools -> ${target}`, columns: poolColumns, rows: pools.map((p) => poolRow(p, wide))});
  else sections.push({type: 'lines', lines: [{text: 'No Windows node pools read: only the workloads are planned', tone: 'info'}]});
  const columns = ['workload', 'namespace', 'pools', 'verdict', ...(wide ? ['isolation', 'images'] : [])];
  if (workloads.length > 0) sections.push({type: 'table', title: 'Windows workloads', columns, rows: workloads.map((w) => workloadRow(w, wide))});
  pushAll(sections, standardSections(report, workloads.length === 1 ? 'Windows workload' : 'Windows workloads', workloads.length, wide));
  return {sections};
}
