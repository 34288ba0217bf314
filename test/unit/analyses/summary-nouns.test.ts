// The summary line of each command's view counts in words that agree with the number.
import assert from 'node:assert/strict';
import {join} from 'node:path';
import {pspReadinessAnalysis} from '../../../src/analyses/psp/analysis.js';
import {pspReadinessView as pspView} from '../../../src/analyses/psp/view.js';
import {qosAnalysis} from '../../../src/analyses/qos/analysis.js';
import {qosView} from '../../../src/analyses/qos/view.js';
import {runAnalysis, type Analysis} from '../../../src/analyses/types.js';
import type {View} from '../../../src/render/view.js';
import {renderText} from '../../../src/render/text.js';
import {ManifestSource} from '../../../src/source/manifest-source.js';

const ROOT = join(import.meta.dirname, '..', '..', '..');

async function summaryOf<I, O>(analysis: Analysis<I, O>, options: O, view: (r: never) => View, files: string[]): Promise<string> {
  const source = new ManifestSource({filenames: files.map((f) => join(ROOT, f)), recursive: true, allNamespaces: true});
  const report = await runAnalysis(analysis, await source.snapshot(analysis.request(options)), options, source.capabilities());
  const lines = renderText(view(report as never), false)
    .trimEnd()
    .split('\n');
  return lines[lines.length - 1];
}

describe('views: summary nouns agree with the count', () => {
  it('psp readiness: "N namespaces" for several, "1 namespace" for one', async () => {
    const opts = {serverDryRun: false};
    assert.match(await summaryOf(pspReadinessAnalysis, opts as never, (r) => pspView(r, false), ['examples/psp']), /^\d+ namespaces checked: /);
    assert.match(
      await summaryOf(pspReadinessAnalysis, opts as never, (r) => pspView(r, false), ['examples/qos/guaranteed-iis.yaml']),
      /^1 namespace checked: /,
    );
  });

  it('qos: "1 pod or template" for one, "N pods and templates" for several', async () => {
    const opts = {templates: true};
    assert.match(await summaryOf(qosAnalysis, opts as never, (r) => qosView(r, false), ['examples/qos/guaranteed-iis.yaml']), /^1 pod or template checked: /);
    assert.match(await summaryOf(qosAnalysis, opts as never, (r) => qosView(r, false), ['examples/qos']), /^\d+ pods and templates checked: /);
  });
});
