// WhyReport -> View: a table of the pods (and owners) with their answer, then per pod the causes,
// most specific first: what happened, the evidence quoted, why, the fix, the check that proves it
// and where the string comes from; then what one node explains for many pods.
import type {Report} from '../../report/types.js';
import {standardSections, type Cell, type Section, type View} from '../../render/view.js';
import type {WhyItem} from './analysis.js';
import type {WhyCause} from './decode.js';
import {pushAll} from '../../util/arrays.js';
import {logsCommandForCause} from '../logs/presets.js';

const NOTHING = 'nothing to explain';

function answerCell(i: WhyItem): Cell {
  if (i.causes.length === 0) return {text: NOTHING, tone: 'ok'};
  return {text: i.causes[0].id, tone: i.verdict === 'not decoded' ? 'warning' : 'error'};
}

function causeLines(c: WhyCause, first: boolean, wide: boolean): Cell[] {
  const lines: Cell[] = [{text: `  ${first ? 'CAUSE' : 'ALSO'} ${c.id}: ${c.title}`, tone: first ? 'error' : 'warning'}];
  for (const e of c.evidence) lines.push(`    evidence: ${e}`);
  for (const x of c.exitCodes ?? []) lines.push(`    ${x}`);
  for (const x of c.context ?? []) lines.push(`    nodes: ${x}`);
  lines.push(`    why: ${c.cause}`, `    fix: ${c.fix}`);
  if (c.proof)
    lines.push(
      c.proof.found
        ? {text: `    proved by ${c.proof.check}: ${c.proof.message}`, tone: 'bold'}
        : {text: `    ${c.proof.check} did not find it in the spec`, tone: 'dim'},
    );
  // Two quotes from one upstream file are one address.
  if (wide || first) for (const url of new Set(c.sources.map((s) => s.url))) lines.push({text: `    source: ${url}`, tone: 'dim'});
  return lines;
}

function itemLines(i: WhyItem, wide: boolean): Cell[] {
  const where = i.node ? ` on ${i.node}${i.nodeReady ? ` (Ready=${i.nodeReady})` : ''}` : '';
  const head: Cell = {text: `${i.kind === 'Pod' ? '' : `${i.kind}/`}${i.namespace}/${i.name}: ${i.status}${where}`, tone: 'bold'};
  if (i.causes.length === 0)
    return [
      head,
      {text: `  ${NOTHING}: ${i.kind === 'Pod' ? (i.ready ? 'the pod is running and ready' : 'no status or event says why yet') : i.status}`, tone: 'ok'},
    ];
  const lines: Cell[] = [head];
  i.causes.forEach((c, n) => pushAll(lines, causeLines(c, n === 0, wide)));
  const nodeLogs = logsCommandForCause(i.causes[0].id, i.node);
  if (nodeLogs) lines.push("  the node's side:", {text: `    ${nodeLogs}`, verbatim: true});
  const others = i.related.filter((f) => f.severity !== 'info' && !i.causes.some((c) => c.proof?.found && c.proof.check === f.id));
  if (others.length > 0) {
    lines.push('  other findings on this pod, its owner and its node:');
    for (const f of others)
      lines.push({text: `    ${f.severity} ${f.id}${f.field ? ` (${f.field})` : ''}: ${f.message}`, tone: f.severity === 'error' ? 'error' : 'warning'});
  }
  return lines;
}

export function whyView(report: Report<WhyItem>, wide: boolean): View {
  const sections: Section[] = [];
  if (report.items.length > 0) {
    sections.push({
      type: 'table',
      columns: ['kind', 'namespace', 'name', 'status', 'node', 'restarts', 'answer'],
      rows: report.items.map((i) => [i.kind, i.namespace, i.name, i.status, i.node ?? '', String(i.restarts), answerCell(i)]),
    });
    const {items} = report;
    sections.push({type: 'each', count: items.length, sections: (n) => [{type: 'lines', lines: itemLines(items[n], wide)}]});
  } else {
    sections.push({type: 'lines', lines: [{text: 'Every Windows pod in scope is running and ready: nothing to explain.', tone: 'ok'}]});
  }
  const groups = report.findings.filter((f) => f.id === 'why/node-explains-many');
  if (groups.length > 0)
    sections.push({type: 'lines', title: 'One node explains many pods', lines: groups.map((f) => ({text: f.message, tone: 'warning' as const}))});
  // The causes are above, per pod: the findings list would repeat them.
  pushAll(sections, standardSections({...report, findings: []}, report.items.length === 1 ? 'pod' : 'pods', report.items.length));
  return {sections};
}
