// Suppressions are never silent in the text view (issue 22): counted under the summary, each one
// listed with -o wide, and the baseline entries no longer found listed.
import assert from 'node:assert/strict';
import {finding} from '../../../src/report/finding.js';
import type {SuppressedFinding} from '../../../src/report/types.js';
import {standardSections} from '../../../src/render/view.js';
import {renderText} from '../../../src/render/text.js';

const f = finding('lint/subpath-mount', {object: {kind: 'Pod', namespace: 'web', name: 'a'}, field: 'spec.containers[0]', message: 'm'});
const suppressed: SuppressedFinding[] = [
  {...f, suppression: {by: 'annotation', reason: 'legacy', where: 'Deployment/web/a'}},
  {...f, suppression: {by: 'baseline', where: 'b.yaml'}},
  {...f, suppression: {by: 'baseline', where: 'b.yaml'}},
];
const report = {
  findings: [],
  skipped: [],
  summary: {error: 0, warning: 0, info: 0},
  suppressed,
  baselineFixed: [{id: 'lint/os-name-missing' as const, object: {kind: 'Deployment', namespace: 'web', name: 'iis'}, field: 'spec.template.spec.os'}],
};

describe('render: suppressed and fixed lines', () => {
  it('counts the suppressed by kind under the summary, and lists the fixed baseline entries', () => {
    const text = renderText({sections: standardSections(report, 'pods', 1)}, false);
    assert.match(text, /0 errors, 0 warnings, 0 info\n\n3 suppressed \(1 by annotation, 2 by baseline\), not counted; -o wide lists them\n/);
    assert.doesNotMatch(text, /SUPPRESSED/);
    assert.match(
      text,
      /1 baseline entry fixed \(no longer found; remove it from the baseline\)\nFIXED lint\/os-name-missing {2}Deployment\/web\/iis {2}spec\.template\.spec\.os\n/,
    );
  });

  it('-o wide lists each suppressed finding with who suppressed it and why', () => {
    const text = renderText({sections: standardSections(report, 'pods', 1, true)}, false);
    assert.match(text, /3 suppressed \(1 by annotation, 2 by baseline\), not counted\n/);
    assert.match(text, /SUPPRESSED lint\/subpath-mount {2}Pod\/web\/a {2}spec\.containers\[0\]: by annotation \(Deployment\/web\/a\): legacy\n/);
    assert.equal(text.match(/: by baseline \(b\.yaml\)\n/g)?.length, 2);
  });

  it('nothing when nothing was suppressed', () => {
    const text = renderText({sections: standardSections({...report, suppressed: undefined, baselineFixed: []}, 'pods', 1, true)}, false);
    assert.doesNotMatch(text, /suppressed|fixed/);
  });
});
