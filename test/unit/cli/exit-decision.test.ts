// The exit decision after output (DESIGN.md, "Exit codes"): input errors (2) outrank an incomplete
// run (4), which outranks findings (1); --strict makes any skipped check incomplete.
import assert from 'node:assert/strict';
import {ExitCode} from '../../../src/cli/exit-codes.js';
import {afterOutputNotes, exitCodeOf, incompleteBecause, noResourcesFound} from '../../../src/cli/exit-decision.js';
import type {ReadStatus, Report} from '../../../src/report/types.js';

const podsRead: ReadStatus = {resource: 'pods', primary: true, complete: true, count: 3};
const podsRefused: ReadStatus = {resource: 'pods', primary: true, complete: false, reason: 'forbidden: cannot list pods', rule: 'list pods at cluster scope'};
const nodesRefused: ReadStatus = {
  resource: 'nodes',
  primary: false,
  complete: false,
  reason: 'forbidden: cannot list nodes',
  rule: 'list nodes at cluster scope',
};
const cluster = {type: 'cluster' as const, context: 'c', server: 'https://127.0.0.1:6443'};

function report(over: Partial<Report>): Report {
  return {
    apiVersion: 'kubectl-win/v1',
    kind: 'LintReport',
    source: cluster,
    items: [],
    findings: [],
    skipped: [],
    reads: [podsRead],
    summary: {error: 0, warning: 0, info: 0},
    ...over,
  };
}
const policy = {failOn: 'error' as const, strict: false};

describe('cli/exit-decision', () => {
  it('0 when every primary read is complete and no finding reaches --fail-on', () => {
    assert.equal(exitCodeOf(report({summary: {error: 0, warning: 2, info: 1}}), policy), ExitCode.ok);
  });

  it('4 when a read the verdict needed failed outside the apiserver (Skipped.incomplete), named on stderr with -o json; a plain skip is not', () => {
    const failedRegistry = {check: 'upgrade/registry', reason: 'r.example/app:latest: r.example: connection refused', incomplete: true};
    const r = report({skipped: [failedRegistry, {check: 'upgrade/pool-taint-not-tolerated', reason: 'offline'}], summary: {error: 1, warning: 0, info: 0}});
    assert.equal(exitCodeOf(r, policy), ExitCode.incomplete);
    assert.deepEqual(incompleteBecause(r, false), ['upgrade/registry']);
    assert.equal(afterOutputNotes(r, {output: 'json'}), 'incomplete: upgrade/registry: r.example/app:latest: r.example: connection refused\n');
    assert.equal(exitCodeOf(report({skipped: [{check: 'upgrade/registry', reason: 'x'}]}), policy), ExitCode.ok);
  });

  it('1 for findings at --fail-on', () => {
    assert.equal(exitCodeOf(report({summary: {error: 1, warning: 0, info: 0}}), policy), ExitCode.findings);
    assert.equal(exitCodeOf(report({summary: {error: 0, warning: 1, info: 0}}), {...policy, failOn: 'warning'}), ExitCode.findings);
  });

  it('4 when a primary read is missing, even with findings and with --fail-on none', () => {
    const r = report({reads: [podsRefused], summary: {error: 3, warning: 0, info: 0}});
    assert.equal(exitCodeOf(r, policy), ExitCode.incomplete);
    assert.equal(exitCodeOf(r, {...policy, failOn: 'none'}), ExitCode.incomplete);
    assert.deepEqual(incompleteBecause(r, false), ['pods']);
  });

  it('a secondary read that failed is only a skipped check: not incomplete unless --strict', () => {
    const r = report({reads: [podsRead, nodesRefused], skipped: [{check: 'read/nodes', reason: 'forbidden'}]});
    assert.equal(exitCodeOf(r, policy), ExitCode.ok);
    assert.equal(exitCodeOf(r, {...policy, strict: true}), ExitCode.incomplete);
    assert.equal(afterOutputNotes(r, {output: 'text', strict: true}), 'incomplete (--strict): 1 check was skipped: read/nodes\n');
    assert.equal(afterOutputNotes(r, {output: 'text', strict: false}), '');
  });

  it("--strict does not count an optional API that is not served (nothing of it can exist), but does a core kind's 404", () => {
    const noCrd = report({
      skipped: [
        {check: 'read/gmsacredentialspecs', reason: 'API not served: gmsacredentialspecs'},
        {check: 'psp/policies', reason: 'API not served: PodSecurityPolicy (policy/v1beta1) is not served by this cluster (removed in v1.25)'},
      ],
    });
    assert.equal(exitCodeOf(noCrd, {...policy, strict: true}), ExitCode.ok);
    const nodes404 = report({skipped: [{check: 'read/nodes', reason: 'API not served: nodes'}]});
    assert.equal(exitCodeOf(nodes404, {...policy, strict: true}), ExitCode.incomplete);
  });

  it('--strict: an offline skip (no node inventory) is incomplete too; nothing skipped is still 0', () => {
    const offline = report({
      source: {type: 'manifests', files: ['a.yaml']},
      skipped: [{check: 'lint/windows-toleration-missing', reason: 'offline: no node inventory'}],
    });
    assert.equal(exitCodeOf(offline, {...policy, strict: true}), ExitCode.incomplete);
    assert.equal(exitCodeOf(report({}), {...policy, strict: true}), ExitCode.ok);
  });

  it('2 when input could not be read after output, above incomplete and findings', () => {
    const r = report({reads: [podsRefused], summary: {error: 1, warning: 0, info: 0}, inputErrors: [{file: 'dir/bad.yaml', message: 'invalid YAML'}]});
    assert.equal(exitCodeOf(r, policy), ExitCode.usage);
    assert.match(afterOutputNotes(r, {output: 'text'}), /^error: dir\/bad\.yaml: invalid YAML$/m);
  });

  it('-o json names the missing reads and the rule on stderr; text leaves that to the view', () => {
    const r = report({reads: [podsRefused]});
    assert.match(afterOutputNotes(r, {output: 'json'}), /^incomplete: pods not read \(forbidden: cannot list pods\); needs RBAC: list pods at cluster scope$/m);
    assert.equal(afterOutputNotes(r, {output: 'text'}), '');
  });

  it("kubectl's No resources found for a complete, empty live scope only", () => {
    const empty = (namespace?: string): ReadStatus[] => [
      {resource: 'pods', ...(namespace ? {namespace} : {}), primary: true, complete: true, count: 0},
      {resource: 'deployments.apps', ...(namespace ? {namespace} : {}), primary: true, complete: true, count: 0},
      {resource: 'clusterroles.rbac.authorization.k8s.io', primary: true, complete: true, count: 60},
    ];
    assert.equal(noResourcesFound(report({reads: empty('web')})), 'No resources found in web namespace.');
    assert.equal(noResourcesFound(report({reads: empty()})), 'No resources found');
    assert.equal(
      noResourcesFound(
        report({
          reads: [
            {resource: 'nodes', primary: true, complete: true, count: 0},
            {resource: 'pods', primary: false, complete: true, count: 4},
          ],
        }),
      ),
      'No resources found',
    );
    assert.equal(noResourcesFound(report({reads: [podsRead]})), undefined);
    assert.equal(noResourcesFound(report({reads: [{...podsRefused}]})), undefined, 'not read is not empty');
    assert.equal(noResourcesFound(report({source: {type: 'manifests', files: []}, reads: empty()})), undefined, 'offline');
  });
});
