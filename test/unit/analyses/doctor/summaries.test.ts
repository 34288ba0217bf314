// doctor's per-analysis rows (issue 22): each counts its analysis's findings as the report lists
// them, the suppressed apart, so the rows add up to the report's summary.
import assert from 'node:assert/strict';
import {recountAnalyses} from '../../../../src/analyses/doctor/summaries.js';
import type {DoctorItem} from '../../../../src/analyses/doctor/run.js';
import type {CheckId} from '../../../../src/report/all-checks.js';
import {finding} from '../../../../src/report/finding.js';
import type {Finding, SuppressedFinding} from '../../../../src/report/types.js';

const row = (analysis: string, status: DoctorItem['status'] = 'ran'): DoctorItem => ({
  analysis,
  kind: `${analysis}Report`,
  status,
  items: 1,
  summary: {error: 9, warning: 9, info: 9},
  skipped: [],
});
const on = (id: CheckId, name: string): Finding => finding(id, {object: {kind: 'Pod', namespace: 'web', name}, message: id});
const suppressedOn = (id: CheckId, name: string): SuppressedFinding => ({...on(id, name), suppression: {by: 'annotation', where: 'Deployment/web/iis'}});

describe('analyses/doctor/summaries', () => {
  it('counts each analysis by its check ids, the suppressed apart, and leaves a failed row as it is', () => {
    const items = [row('qos'), row('lint'), row('psp'), row('nodes', 'failed')];
    const report = {
      items,
      findings: [on('qos/windows-besteffort', 'a'), on('lint/memory-emptydir', 'a'), on('lint/os-name-missing', 'b')],
      suppressed: [suppressedOn('qos/windows-besteffort', 'iis-1'), suppressedOn('qos/windows-besteffort', 'iis-2')],
    };
    recountAnalyses(report);
    assert.deepEqual(
      items.map((i) => [i.analysis, i.summary, i.suppressed]),
      [
        ['qos', {error: 0, warning: 1, info: 0}, 2],
        ['lint', {error: 0, warning: 2, info: 0}, undefined],
        ['psp', {error: 0, warning: 0, info: 0}, undefined],
        ['nodes', {error: 9, warning: 9, info: 9}, undefined],
      ],
    );
    recountAnalyses({items, findings: report.findings});
    assert.equal(items[0].suppressed, undefined, 'recounted without suppressions: no count left behind');
  });
});
