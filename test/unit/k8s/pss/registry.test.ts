// The evaluator: check order, overrides, version clamping and `latest`, and PSA's message format
// (kubernetes/pod-security-admission policy/registry.go, policy/checks.go, admission/admission.go).
import assert from 'node:assert/strict';
import {majorMinor, LATEST} from '../../../../src/k8s/pss/api.js';
import {
  aggregate,
  Evaluator,
  forbiddenDetail,
  forbiddenPodMessage,
  forbiddenReason,
  UNKNOWN_FORBIDDEN_REASON,
  validateChecks,
  violatesMessage,
  wouldViolateMessage,
} from '../../../../src/k8s/pss/registry.js';
import {DEFAULT_CHECKS} from '../../../../src/k8s/pss/checks.js';
import {v1} from '../../../../src/k8s/pss/helpers.js';
import type {Check} from '../../../../src/k8s/pss/types.js';
import {restrictedPod} from './fixtures.js';

const ev = new Evaluator();

describe('pss registry', () => {
  it('knows v1.37 as its newest version (sysctls v1.37)', () => {
    assert.equal(ev.maxVersion.minor, 37);
  });

  it('orders baseline ids sorted, then restricted ids sorted, in Go byte order', () => {
    const ids = ev.checksFor({level: 'restricted', version: majorMinor(1, 34)}).map((x) => x.check.id);
    assert.deepEqual(ids, [
      'appArmorProfile',
      'hostNamespaces',
      'hostPorts',
      'hostProbesAndHostLifecycle',
      'privileged',
      'procMount',
      'seLinuxOptions',
      'sysctls',
      'windowsHostProcess',
      'allowPrivilegeEscalation',
      'capabilities_restricted',
      'restrictedVolumes',
      'runAsNonRoot',
      'runAsUser',
      'seccompProfile_restricted',
    ]);
    const b = ev.checksFor({level: 'baseline', version: LATEST}).map((x) => x.check.id);
    assert.deepEqual(b, [
      'appArmorProfile',
      'capabilities_baseline',
      'hostNamespaces',
      'hostPathVolumes',
      'hostPorts',
      'hostProbesAndHostLifecycle',
      'privileged',
      'procMount',
      'seLinuxOptions',
      'seccompProfile_baseline',
      'sysctls',
      'windowsHostProcess',
    ]);
  });

  it('restricted at v1.35+ swaps procMount for procMount_restricted', () => {
    const ids = ev.checksFor({level: 'restricted', version: majorMinor(1, 35)}).map((x) => x.check.id);
    assert.ok(ids.includes('procMount_restricted'));
    assert.ok(!ids.includes('procMount'));
  });

  it('privileged runs no checks', () => {
    const p = restrictedPod();
    p.spec.hostNetwork = true;
    assert.deepEqual(ev.evaluatePod({level: 'privileged', version: LATEST}, p.meta, p.spec), []);
    assert.equal(ev.evaluate({level: 'privileged', version: LATEST}, p.meta, p.spec).allowed, true);
  });

  it('clamps versions newer than the newest known, and latest, to the newest', () => {
    assert.deepEqual(ev.effectiveVersion(majorMinor(1, 99)), majorMinor(1, 37));
    assert.deepEqual(ev.effectiveVersion(LATEST), majorMinor(1, 37));
    assert.deepEqual(ev.effectiveVersion(majorMinor(1, 20)), majorMinor(1, 20));
    const p = restrictedPod();
    p.spec.securityContext!.sysctls = [{name: 'net.ipv4.tcp_notsent_lowat', value: '1'}];
    assert.equal(ev.evaluate({level: 'baseline', version: majorMinor(1, 99)}, p.meta, p.spec).allowed, true);
  });

  it('emulating a 1.34 apiserver: latest means v1.34', () => {
    const e34 = new Evaluator(DEFAULT_CHECKS, 34);
    assert.deepEqual(e34.effectiveVersion(LATEST), majorMinor(1, 34));
    const p = restrictedPod();
    p.spec.securityContext!.sysctls = [{name: 'net.ipv4.tcp_notsent_lowat', value: '1'}];
    assert.equal(e34.evaluate({level: 'baseline', version: LATEST}, p.meta, p.spec).allowed, false);
    assert.equal(ev.evaluate({level: 'baseline', version: LATEST}, p.meta, p.spec).allowed, true);
  });

  it('highestLevel: restricted, baseline or privileged', () => {
    const p = restrictedPod();
    assert.equal(ev.highestLevel(LATEST, p.meta, p.spec), 'restricted');
    delete p.spec.securityContext!.runAsNonRoot;
    assert.equal(ev.highestLevel(LATEST, p.meta, p.spec), 'baseline');
    p.spec.hostPID = true;
    assert.equal(ev.highestLevel(LATEST, p.meta, p.spec), 'privileged');
  });

  it('rejects malformed check lists as NewEvaluator does', () => {
    const dup: Check[] = [DEFAULT_CHECKS[0], DEFAULT_CHECKS[0]];
    assert.throws(() => validateChecks(dup), /multiple checks registered/);
    const unordered: Check = {
      id: 'x',
      level: 'baseline',
      versions: [
        {minimumVersion: v1(5), checkPod: () => ({allowed: true})},
        {minimumVersion: v1(3), checkPod: () => ({allowed: true})},
      ],
    };
    assert.throws(() => validateChecks([unordered]), /strictly increasing/);
    const baselineOverride: Check = {
      id: 'y',
      level: 'baseline',
      versions: [{minimumVersion: v1(1), checkPod: () => ({allowed: true}), overrideCheckIDs: ['z']}],
    };
    assert.throws(() => validateChecks([baselineOverride]), /only restricted checks may set overrides/);
  });
});

describe('pss messages', () => {
  it('formats the enforce error exactly as PSA (reason (detail), ...)', () => {
    const p = restrictedPod();
    p.spec.containers = [{name: 'test'}];
    p.spec.initContainers = [];
    delete p.spec.securityContext;
    const lv = {level: 'restricted' as const, version: majorMinor(1, 24)};
    const a = ev.evaluate(lv, p.meta, p.spec);
    assert.equal(
      forbiddenPodMessage('example', lv, a),
      'pods "example" is forbidden: violates PodSecurity "restricted:v1.24": allowPrivilegeEscalation != false (container "test" must set securityContext.allowPrivilegeEscalation=false), ' +
        'unrestricted capabilities (container "test" must set securityContext.capabilities.drop=["ALL"]), runAsNonRoot != true (pod or container "test" must set securityContext.runAsNonRoot=true), ' +
        'seccompProfile (pod or container "test" must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost")',
    );
    assert.equal(forbiddenReason(a), 'allowPrivilegeEscalation != false, unrestricted capabilities, runAsNonRoot != true, seccompProfile');
    assert.deepEqual(a.ids, ['allowPrivilegeEscalation', 'capabilities_restricted', 'runAsNonRoot', 'seccompProfile_restricted']);
  });

  it('HostProcess pod at baseline:latest (reference 3.4)', () => {
    const lv = {level: 'baseline' as const, version: LATEST};
    const spec = {
      os: {name: 'windows'},
      hostNetwork: true,
      securityContext: {windowsOptions: {hostProcess: true, runAsUserName: 'NT AUTHORITY\\SYSTEM'}},
      containers: [{name: 'c', ports: [{containerPort: 80, hostPort: 80}]}],
    };
    const a = ev.evaluate(lv, {}, spec);
    assert.equal(
      violatesMessage(lv, a),
      'violates PodSecurity "baseline:latest": host namespaces (hostNetwork=true), hostPort (container "c" uses hostPort 80), hostProcess (pod must not set securityContext.windowsOptions.hostProcess=true)',
    );
    assert.equal(wouldViolateMessage(lv, a).startsWith('would violate PodSecurity "baseline:latest": host namespaces'), true);
  });

  it('an empty detail prints the reason alone; an empty reason becomes "unknown forbidden reason"', () => {
    const a = aggregate([
      {id: 'a', level: 'baseline', allowed: false, forbiddenReason: 'r1'},
      {id: 'b', level: 'baseline', allowed: true},
      {id: 'c', level: 'baseline', allowed: false, forbiddenReason: '', forbiddenDetail: 'd'},
    ]);
    assert.equal(forbiddenDetail(a), `r1, ${UNKNOWN_FORBIDDEN_REASON} (d)`);
    assert.equal(a.allowed, false);
    assert.equal(aggregate([]).allowed, true);
  });
});
