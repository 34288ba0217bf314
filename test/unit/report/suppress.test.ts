// Suppressions (issue 22): the pure step that moves findings an annotation, a config rule or the
// baseline names into `suppressed`, recounts the summary and lists the baseline entries fixed.
import assert from 'node:assert/strict';
import type {CheckId} from '../../../src/report/all-checks.js';
import {ALL_CHECKS} from '../../../src/report/all-checks.js';
import {baselineEntries} from '../../../src/report/baseline.js';
import {finding} from '../../../src/report/finding.js';
import {applySuppressions, ignoreOf, objectText, unknownCheckPatterns} from '../../../src/report/suppress.js';
import type {IgnoreRule} from '../../../src/options.js';
import type {Finding, OwnerRef} from '../../../src/report/types.js';
import {makeReport} from '../../../src/report/build.js';
import {envelopeErrors} from '../../support/envelope-schema.js';

const SUBPATH: CheckId = 'lint/subpath-mount';
const BESTEFFORT: CheckId = 'qos/windows-besteffort';
const OS_MISSING: CheckId = 'lint/os-name-missing';

const web: OwnerRef = {kind: 'Deployment', namespace: 'web', name: 'iis', pods: 2};
const onPod = (id: CheckId, name: string, owner?: OwnerRef, namespace = 'web'): Finding => ({
  ...finding(id, {object: {kind: 'Pod', namespace, name}, field: 'spec.containers[0]', message: id}),
  ...(owner ? {owner} : {}),
});
const rule = (r: Partial<IgnoreRule> & Pick<IgnoreRule, 'checks'>): IgnoreRule => ({reason: 'accepted', line: 4, ...r});

describe('report/suppress', () => {
  it('reads the ignore annotation as a comma list, with the reason', () => {
    assert.deepEqual(ignoreOf({'kubectl-win.io/ignore': ' lint/subpath-mount, qos/windows-besteffort ,', 'kubectl-win.io/ignore-reason': ' legacy '}), {
      checks: ['lint/subpath-mount', 'qos/windows-besteffort'],
      reason: 'legacy',
    });
    assert.deepEqual(ignoreOf({'kubectl-win.io/ignore': 'lint/*'}), {checks: ['lint/*']});
    assert.equal(ignoreOf({'kubectl-win.io/ignore-reason': 'no list'}), undefined);
    assert.equal(ignoreOf(undefined), undefined);
  });

  it("an annotation on a Deployment suppresses its pods' findings of the checks it names, and only those", () => {
    const annotations = new Map([['Deployment/web/iis', {checks: [SUBPATH, BESTEFFORT], reason: 'legacy app'}]]);
    const findings = [onPod(SUBPATH, 'iis-1', web), onPod(OS_MISSING, 'iis-1', web), onPod(SUBPATH, 'bare')];
    const out = applySuppressions({findings}, {annotations});
    assert.deepEqual(
      out.findings.map((f) => `${f.id} ${f.object?.name}`),
      [`${OS_MISSING} iis-1`, `${SUBPATH} bare`],
    );
    assert.equal(out.suppressed?.length, 1);
    assert.deepEqual(out.suppressed?.[0].suppression, {by: 'annotation', reason: 'legacy app', where: 'Deployment/web/iis'});
    assert.deepEqual(out.summary, {error: 0, warning: 2, info: 0});
    assert.equal(out.baselineFixed, undefined);
  });

  it('an annotation on the pod itself counts too, and a pattern names a whole analysis', () => {
    const annotations = new Map([['Pod/web/bare', {checks: ['lint/*']}]]);
    const out = applySuppressions({findings: [onPod(SUBPATH, 'bare'), onPod(BESTEFFORT, 'bare')]}, {annotations});
    assert.deepEqual(
      out.findings.map((f) => f.id),
      [BESTEFFORT],
    );
    assert.deepEqual(out.suppressed?.[0].suppression, {by: 'annotation', where: 'Pod/web/bare'});
  });

  it('a config rule matches by namespace, kind and name globs, on the object or its top owner', () => {
    const config = {
      file: '.kubectl-win.yaml',
      ignore: [rule({checks: ['lint/sub*'], namespaces: ['we?'], kinds: ['Deployment'], names: ['ii*'], line: 7})],
    };
    const prodIis = {...web, namespace: 'prod'};
    const findings = [onPod(SUBPATH, 'iis-1', web), onPod(SUBPATH, 'other'), onPod(SUBPATH, 'iis-2', prodIis, 'prod')];
    const out = applySuppressions({findings}, {config});
    assert.deepEqual(
      out.findings.map((f) => f.object?.name),
      ['other', 'iis-2'],
      'the bare pod is not a Deployment, and the third one is in another namespace',
    );
    assert.deepEqual(out.suppressed?.[0].suppression, {by: 'config', reason: 'accepted', where: '.kubectl-win.yaml:7'});
  });

  it('a rule with only checks matches every object, also a finding without one', () => {
    const config = {file: 'c.yaml', ignore: [rule({checks: ['nodes/*']})]};
    const clusterWide = finding('nodes/no-windows-nodes', {message: 'none'});
    const out = applySuppressions({findings: [clusterWide, onPod(SUBPATH, 'p')]}, {config});
    assert.deepEqual(
      out.findings.map((f) => f.id),
      [SUBPATH],
    );
  });

  it('the first suppression that matches is the one named: annotation, then config, then baseline', () => {
    const f = onPod(SUBPATH, 'iis-1', web);
    const all = {
      annotations: new Map([['Pod/web/iis-1', {checks: [SUBPATH]}]]),
      config: {file: 'c.yaml', ignore: [rule({checks: [SUBPATH]})]},
      baseline: {file: 'b.yaml', entries: baselineEntries([f])},
    };
    assert.equal(applySuppressions({findings: [f]}, all).suppressed?.[0].suppression.by, 'annotation');
    assert.equal(applySuppressions({findings: [f]}, {...all, annotations: undefined}).suppressed?.[0].suppression.by, 'config');
    assert.equal(applySuppressions({findings: [f]}, {baseline: all.baseline}).suppressed?.[0].suppression.by, 'baseline');
  });

  it('the baseline suppresses what it lists, keys pods by their owner, and lists the entries no longer found', () => {
    const old = [onPod(SUBPATH, 'iis-abc12', web), onPod(OS_MISSING, 'gone')];
    const baseline = {file: 'b.yaml', entries: baselineEntries(old)};
    // A rollout renamed the pod; the OS finding was fixed; a new finding appeared.
    const today = [onPod(SUBPATH, 'iis-def34', web), onPod(BESTEFFORT, 'new')];
    const out = applySuppressions({findings: today}, {baseline});
    assert.deepEqual(
      out.findings.map((f) => `${f.id} ${f.object?.name}`),
      [`${BESTEFFORT} new`],
    );
    assert.deepEqual(out.suppressed?.[0].suppression, {by: 'baseline', where: 'b.yaml'});
    assert.deepEqual(out.baselineFixed, [{id: OS_MISSING, object: {kind: 'Pod', namespace: 'web', name: 'gone'}, field: 'spec.containers[0]'}]);
  });

  it('an entry whose finding another suppression took is still there, not fixed', () => {
    const f = onPod(SUBPATH, 'p');
    const out = applySuppressions(
      {findings: [f]},
      {annotations: new Map([['Pod/web/p', {checks: [SUBPATH]}]]), baseline: {file: 'b', entries: baselineEntries([f])}},
    );
    assert.deepEqual(out.baselineFixed, []);
    assert.equal(out.suppressed?.[0].suppression.by, 'annotation');
  });

  it("a template object a controller made (a Deployment's ReplicaSet) counts as its controller's, for every suppression", () => {
    const rs = finding(SUBPATH, {object: {kind: 'ReplicaSet', namespace: 'web', name: 'iis-7d4b9'}, field: 'spec.template.spec.containers[0]', message: 'm'});
    const controllers = new Map([['ReplicaSet/web/iis-7d4b9', {kind: 'Deployment', namespace: 'web', name: 'iis'}]]);
    const annotations = new Map([['Deployment/web/iis', {checks: [SUBPATH]}]]);
    assert.equal(applySuppressions({findings: [rs]}, {annotations}).suppressed, undefined, 'without the controller, nothing says whose it is');
    assert.deepEqual(applySuppressions({findings: [rs]}, {annotations, controllers}).suppressed?.[0].suppression, {
      by: 'annotation',
      where: 'Deployment/web/iis',
    });
    const config = {file: 'c.yaml', ignore: [rule({checks: [SUBPATH], kinds: ['Deployment']})]};
    assert.equal(applySuppressions({findings: [rs]}, {config, controllers}).suppressed?.[0].suppression.by, 'config');
    // After a rollout the ReplicaSet has another name: the baseline still knows it by its Deployment.
    const baseline = {file: 'b', entries: baselineEntries([rs], controllers)};
    assert.deepEqual(baseline.entries[0].object, {kind: 'Deployment', namespace: 'web', name: 'iis'});
    const next = {...rs, object: {kind: 'ReplicaSet', namespace: 'web', name: 'iis-55f6c'}};
    const nextControllers = new Map([['ReplicaSet/web/iis-55f6c', {kind: 'Deployment', namespace: 'web', name: 'iis'}]]);
    const out = applySuppressions({findings: [next]}, {baseline, controllers: nextControllers});
    assert.deepEqual(out.findings, []);
    assert.deepEqual(out.baselineFixed, []);
  });

  it('keeps what was suppressed before and changes nothing without suppressions', () => {
    const f = onPod(SUBPATH, 'p');
    const before = {...f, suppression: {by: 'config' as const, where: 'x'}};
    const out = applySuppressions({findings: [f], suppressed: [before]}, {});
    assert.deepEqual(out.findings, [f]);
    assert.deepEqual(out.suppressed, [before]);
  });

  it('names the config patterns that match no check of the catalogue', () => {
    const known = ALL_CHECKS.map((c) => c.id);
    assert.deepEqual(unknownCheckPatterns({checks: ['lint/*', 'lint/subpath-mount', 'lint/nope', 'qoz/*', '*']}, known), ['lint/nope', 'qoz/*']);
  });

  it('names objects as Kind/namespace/name, cluster-scoped ones as Kind/name', () => {
    assert.equal(objectText({kind: 'Pod', namespace: 'web', name: 'p'}), 'Pod/web/p');
    assert.equal(objectText({kind: 'Node', name: 'akswin000000'}), 'Node/akswin000000');
  });

  it('a report with suppressed findings and fixed entries follows the envelope schema, and a wrong one does not', () => {
    const f = onPod(SUBPATH, 'iis-1', web);
    const report = makeReport('LintReport', {type: 'manifests', files: ['a.yaml']}, [], [f, onPod(BESTEFFORT, 'x')]);
    const gone = baselineEntries([onPod(OS_MISSING, 'gone')]);
    Object.assign(report, applySuppressions(report, {baseline: {file: 'b.yaml', entries: [...baselineEntries([f]), ...gone]}}));
    assert.equal(report.suppressed?.length, 1);
    assert.deepEqual(report.baselineFixed, gone);
    assert.deepEqual(envelopeErrors(report), []);
    const wrong = {...report, suppressed: [{...f, suppression: {by: 'mood', where: 'x'}}]};
    assert.notDeepEqual(envelopeErrors(wrong), []);
  });

  describe('owner lists that could not be read (live qos)', () => {
    const unread = [{resource: 'deployments' as const, namespace: 'web', reason: 'forbidden: cannot list deployments', ownerKinds: ['Deployment']}];

    it('a finding left on a pod of such an owner is undecided: the read becomes one the run needed', () => {
      const out = applySuppressions({findings: [onPod(BESTEFFORT, 'iis-1', web), onPod(BESTEFFORT, 'bare')]}, {unreadOwners: unread});
      assert.equal(out.findings.length, 2, 'not called suppressed, and not dropped');
      assert.deepEqual(out.ownerReads, [
        {
          resource: 'deployments.apps',
          namespace: 'web',
          primary: true,
          complete: false,
          reason: 'forbidden: cannot list deployments; 1 finding(s) on pods of a Deployment may be suppressed by its ignore annotation',
          rule: 'list deployments.apps in namespace web',
        },
      ]);
    });

    it('no read is needed when no such finding is left: bare pods, other owners, or suppressed by something else', () => {
      const sts: OwnerRef = {kind: 'StatefulSet', namespace: 'web', name: 'db', pods: 1};
      assert.deepEqual(applySuppressions({findings: [onPod(BESTEFFORT, 'bare'), onPod(BESTEFFORT, 'db-0', sts)]}, {unreadOwners: unread}).ownerReads, []);
      const config = {file: 'ci.yaml', ignore: [rule({checks: ['qos/*']})]};
      const out = applySuppressions({findings: [onPod(BESTEFFORT, 'iis-1', web)]}, {unreadOwners: unread, config});
      assert.deepEqual(out.ownerReads, []);
      assert.equal(out.suppressed?.length, 1);
      const byPod = applySuppressions(
        {findings: [onPod(BESTEFFORT, 'iis-1', web)]},
        {unreadOwners: unread, annotations: new Map([['Pod/web/iis-1', {checks: ['qos/*']}]])},
      );
      assert.deepEqual(byPod.ownerReads, [], "the pod's own annotation decides it");
    });
  });
});
