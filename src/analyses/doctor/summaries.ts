// doctor's per-analysis rows count what the report lists (issue 22): each analysis's findings
// after doctor leaves out the repeats (SAME_RULE in run.ts) and after the suppressions, which a row
// counts apart (`suppressed`). The rows then add up to the overall summary in every output format.
import {summarize} from '../../report/build.js';
import type {Finding, Report} from '../../report/types.js';
import type {DoctorItem} from './run.js';

/** `qos/windows-besteffort` -> `qos`: a check id starts with its analysis's name. */
const analysisOf = (f: Finding): string => f.id.slice(0, f.id.indexOf('/'));

function byAnalysis(findings: readonly Finding[]): Map<string, Finding[]> {
  const out = new Map<string, Finding[]>();
  for (const f of findings) {
    const a = analysisOf(f);
    let list = out.get(a);
    if (!list) out.set(a, (list = []));
    list.push(f);
  }
  return out;
}

/** Each row's summary (and suppressed count) from the report's findings, in place. */
export function recountAnalyses(report: Pick<Report<DoctorItem>, 'items' | 'findings' | 'suppressed'>): void {
  const found = byAnalysis(report.findings);
  const suppressed = byAnalysis(report.suppressed ?? []);
  for (const item of report.items) {
    if (item.status === 'failed') continue;
    item.summary = summarize(found.get(item.analysis) ?? []);
    const n = suppressed.get(item.analysis)?.length ?? 0;
    if (n > 0) item.suppressed = n;
    else delete item.suppressed;
  }
}
