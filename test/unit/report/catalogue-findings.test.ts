// Every finding the analyses emit agrees with its catalogue entry (src/report/all-checks.ts): the id
// is one the catalogue lists, and severity and source are the entry's. finding() makes them so; this
// holds every analysis to it over the examples, the real-world corpus and a fixture that reaches the
// checks those do not (nodes, a pod as the apiserver returned it, PSP use, a dry run that disagrees, pods
// that do not start, the v1.35-v1.37 validation rules).
import assert from 'node:assert/strict';
import {join} from 'node:path';
import {DOCTOR_ANALYSES, type DoctorContext} from '../../../src/analyses/doctor/registry.js';
import {probe} from '../../../src/analyses/nltest/probe.js';
import {nltestReport} from '../../../src/analyses/nltest/report.js';
import {pspReadinessAnalysis} from '../../../src/analyses/psp/analysis.js';
import {runAnalysis} from '../../../src/analyses/types.js';
import {ALL_CHECKS} from '../../../src/report/all-checks.js';
import type {LowerSeverityCheckId, RefinedSourceCheckId} from '../../../src/report/finding.js';
import type {Finding} from '../../../src/report/types.js';
import {REMOVED_APIS} from '../../../src/k8s/removed-apis.generated.js';
import {dockershimFinding, kubeletSkewFinding} from '../../../src/analyses/nodes/skew.js';
import {ManifestSource} from '../../../src/source/manifest-source.js';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const INPUTS = [join(ROOT, 'examples'), join(ROOT, 'test', 'fixtures', 'corpus'), join(import.meta.dirname, 'fixtures', 'catalogue-extra.yaml')];
const ctx: DoctorContext = {offline: true};

/** The sources a refined-source check may cite instead of its catalogue source. */
const REFINED: Record<RefinedSourceCheckId, (source: string) => boolean> = {
  'lint/api-not-served': (s) => REMOVED_APIS.some((r) => r[4] === s) || s.startsWith('kubernetes/website reference/using-api/deprecation-guide.md'),
};

/** The lower severity a check's entry says it may be reported at (lint/single-file-mount: info offline). */
const LOWER: Record<LowerSeverityCheckId, Finding['severity']> = {'lint/single-file-mount': 'info', 'lint/unknown-field': 'warning'};

/** What is wrong with a finding against the catalogue, if anything. */
function disagreement(f: Finding): string | undefined {
  const c = ALL_CHECKS.find((x) => x.id === f.id);
  if (!c) return `${f.id}: not in the catalogue`;
  if (f.severity !== c.severity && f.severity !== LOWER[f.id as LowerSeverityCheckId]) return `${f.id}: severity ${f.severity}, catalogue ${c.severity}`;
  const refined = REFINED[f.id as RefinedSourceCheckId];
  if (refined ? !refined(f.source ?? '') : f.source !== c.source) return `${f.id}: source "${f.source}", catalogue "${c.source}"`;
  return undefined;
}

async function everyAnalysis(): Promise<Finding[]> {
  const findings: Finding[] = [];
  for (const entry of DOCTOR_ANALYSES) {
    const source = new ManifestSource({filenames: INPUTS, recursive: true, allNamespaces: true});
    const options = {...(entry.options(ctx) as object), countItemsOnly: false};
    const report = await runAnalysis(entry.analysis, await source.snapshot(entry.analysis.request(options)), options, source.capabilities());
    for (const f of report.findings) findings.push(f);
  }
  return findings;
}

/** psp readiness with a server-side dry run whose warnings differ from the prediction. */
async function dryRunFindings(): Promise<Finding[]> {
  const source = new ManifestSource({filenames: [join(ROOT, 'examples', 'psp')], recursive: true, allNamespaces: true});
  const options = {serverDryRun: true};
  const caps = {...source.capabilities(), dryRunLabelNamespace: async () => ['a warning this tool did not predict']};
  const report = await runAnalysis(pspReadinessAnalysis, await source.snapshot(pspReadinessAnalysis.request(options)), options, caps);
  return report.findings;
}

/** The node version findings: the kubelet's skew needs the apiserver's version, which only a cluster has. */
function nodeVersionFindings(): Finding[] {
  const node = {kind: 'Node', name: 'win-old'};
  return [kubeletSkewFinding(node, 'v1.29.4', 'v1.34.3'), kubeletSkewFinding(node, 'v1.35.0', 'v1.34.3'), dockershimFinding(node, 'docker://20.10.9')].filter(
    (f) => f !== undefined,
  );
}

async function nltestFindings(): Promise<Finding[]> {
  const failed = async () => ({stdout: '', stderr: 'ERROR_NO_LOGON_SERVERS', exitCode: 1, timedOut: false});
  const target = {
    namespace: 'web',
    name: 'iis-0',
    container: 'iis',
    credentialSpec: 'cs',
    inlined: true,
    domain: 'contoso.com',
    domainSource: 'inlined' as const,
  };
  const item = await probe(target, failed, {reset: false, timeoutMs: 1000});
  return nltestReport({type: 'cluster', context: 'c', server: 'https://127.0.0.1:6443'}, [item]).findings;
}

describe('report/catalogue: every emitted finding agrees with its catalogue entry', () => {
  let findings: Finding[] = [];
  before(async function () {
    this.timeout(120_000);
    findings = [...(await everyAnalysis()), ...(await dryRunFindings()), ...(await nltestFindings()), ...nodeVersionFindings()];
  });

  it("id known, severity and source the catalogue's, for every finding", () => {
    const wrong = [...new Set(findings.map(disagreement).filter((d) => d !== undefined))];
    assert.deepEqual(wrong, []);
  });

  it('reaches most of the catalogue (so the check above means something)', () => {
    const emitted = new Set(findings.map((f) => f.id));
    const reached = [
      'psp/windows-missing-os',
      'psp/windows-run-as-non-root',
      'psp/server-dry-run-differs',
      'lint/api-not-served',
      'nodes/not-ready',
      'gmsa/nltest-failed',
    ];
    // Those added with why, human-scale output and the v1.35-v1.37 validation rules.
    reached.push('nodes/kubelet-version-skew', 'nodes/dockershim-runtime', 'qos/windows-pod-on-linux-node');
    reached.push(
      'lint/container-restart-policy-invalid',
      'lint/init-resize-policy-invalid',
      'lint/image-volume-invalid',
      'lint/hostname-override-invalid',
      'lint/share-process-namespace-host-pid',
    );
    reached.push(
      'why/hns-endpoint',
      'why/node-explains-many',
      'why/working-dir-invalid',
      'why/exit-dll-not-found',
      'why/unschedulable-taint',
      'why/not-decoded',
    );
    for (const id of reached) {
      assert.ok(emitted.has(id as Finding['id']), `${id} was not emitted`);
    }
    assert.ok(emitted.size >= 85, `only ${emitted.size} of ${ALL_CHECKS.length} checks emitted: ${[...emitted].sort().join(' ')}`);
  });

  it('the comparison fails for a finding that drifted', () => {
    const drifted: Finding = {
      id: 'psp/windows-missing-os',
      severity: 'warning',
      message: 'm',
      source: 'kubernetes/pod-security-admission policy/check_seccompProfile_restricted.go',
    };
    assert.match(disagreement(drifted) ?? '', /source/);
    assert.match(disagreement({...drifted, severity: 'error', source: undefined}) ?? '', /severity error, catalogue warning/);
    assert.match(disagreement({...drifted, id: 'psp/nope' as Finding['id']}) ?? '', /not in the catalogue/);
    assert.match(disagreement({id: 'lint/api-not-served', severity: 'error', message: 'm', source: 'somewhere else'}) ?? '', /source/);
    const offlineMount: Finding = {
      id: 'lint/single-file-mount',
      severity: 'info',
      message: 'm',
      source: ALL_CHECKS.find((c) => c.id === 'lint/single-file-mount')!.source,
    };
    assert.equal(disagreement(offlineMount), undefined, 'info is the lower severity its entry names');
    assert.match(disagreement({...offlineMount, severity: 'error'}) ?? '', /severity error, catalogue warning/);
  });
});
