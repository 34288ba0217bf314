import assert from 'node:assert/strict';
import {join} from 'node:path';
import {qosAnalysis} from '../../../../src/analyses/qos/analysis.js';
import {qosView} from '../../../../src/analyses/qos/view.js';
import {runAnalysis} from '../../../../src/analyses/types.js';
import {renderText} from '../../../../src/render/text.js';
import {ManifestSource} from '../../../../src/source/manifest-source.js';

const ROOT = join(import.meta.dirname, '..', '..', '..', '..');

describe('analyses/qos view', () => {
  it('the detail of an unscheduled template: its OS once, and what LimitRanger would annotate', async () => {
    const source = new ManifestSource({filenames: [join(ROOT, 'examples', 'qos', 'burstable-limitrange.yaml')], recursive: false, allNamespaces: true});
    const options = {templates: true};
    const report = await runAnalysis(qosAnalysis, await source.snapshot(qosAnalysis.request(options as never)), options as never, source.capabilities());
    const lines = renderText(qosView(report, true), false).split('\n');
    assert.ok(lines.includes('node: not scheduled (os: windows)'), lines.join('\n'));
    const lr = lines.find((l) => l.startsWith('kubernetes.io/limit-ranger (what LimitRanger would write on its pods): LimitRanger plugin set: '));
    assert.ok(lr, lines.join('\n'));
  });
});
