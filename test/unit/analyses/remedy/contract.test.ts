// Every remedy every analysis prints for examples/ keeps the contract (docs/remedies.md).
import assert from 'node:assert/strict';
import {join} from 'node:path';
import {gmsaAnalysis} from '../../../../src/analyses/gmsa/analysis.js';
import {lintAnalysis} from '../../../../src/analyses/lint/analysis.js';
import {nodesAnalysis} from '../../../../src/analyses/nodes/analysis.js';
import {pspReadinessAnalysis} from '../../../../src/analyses/psp/analysis.js';
import {qosAnalysis} from '../../../../src/analyses/qos/analysis.js';
import {runAnalysis, type Analysis} from '../../../../src/analyses/types.js';
import {remedyProblems} from '../../../../src/report/remedy.js';
import {MACHINE_REMEDY_CHECKS, writesCluster} from '../../../../src/report/machine-remedies.js';
import {ALL_CHECKS} from '../../../../src/report/all-checks.js';
import {ManifestSource} from '../../../../src/source/manifest-source.js';

const ROOT = join(import.meta.dirname, '..', '..', '..', '..');
const ANALYSES = [lintAnalysis, qosAnalysis, pspReadinessAnalysis, gmsaAnalysis, nodesAnalysis] as unknown as Analysis<unknown, object>[];

describe('the remedy contract over examples/', function () {
  this.timeout(60_000);
  for (const analysis of ANALYSES) {
    it(`${analysis.name}: text, at most one action, a target for every patch and manifest, nothing to fill in`, async () => {
      const source = new ManifestSource({filenames: [join(ROOT, 'examples')], recursive: true, allNamespaces: true});
      const options = {templates: true};
      const report = await runAnalysis(analysis, await source.snapshot(analysis.request(options)), options, source.capabilities());
      const withRemedy = report.findings.filter((f) => f.remedy);
      const bad = withRemedy.flatMap((f) => remedyProblems(f.remedy!).map((p) => `${f.id} ${f.object?.name}: ${p}`));
      assert.deepEqual(bad, []);
      // A Pod is never the target of a patch: the apiserver rejects pod spec changes.
      const podPatches = withRemedy.filter((f) => f.remedy!.patch !== undefined && f.remedy!.target?.kind === 'Pod');
      assert.deepEqual(
        podPatches.map((f) => `${f.id} ${f.object?.name}`),
        [],
      );
      // Every check that changes the cluster is in the machine-remedy list, so the closure suite proves it.
      const writers = [...new Set(withRemedy.filter((f) => writesCluster(f.remedy!)).map((f) => f.id))];
      assert.deepEqual(
        writers.filter((id) => !MACHINE_REMEDY_CHECKS.includes(id)),
        [],
      );
    });
  }

  it('the machine-remedy list names catalogue checks only', () => {
    const ids = new Set<string>(ALL_CHECKS.map((c) => c.id));
    assert.deepEqual(
      MACHINE_REMEDY_CHECKS.filter((id) => !ids.has(id)),
      [],
    );
  });
});
