import assert from 'node:assert/strict';
import {
  compareLevels,
  levelVersionString,
  majorMinor,
  older,
  parseLevel,
  parseVersion,
  policyToEvaluate,
  LATEST,
  versionString,
} from '../../../../src/k8s/pss/api.js';

describe('pss api: versions and levels (pod-security-admission api/helpers.go)', () => {
  it('parses v1.N and latest, and rejects everything else as latest with an error', () => {
    assert.deepEqual(parseVersion('v1.34'), {version: majorMinor(1, 34)});
    assert.deepEqual(parseVersion('v1.0'), {version: majorMinor(1, 0)});
    assert.deepEqual(parseVersion('latest'), {version: LATEST});
    for (const bad of ['v1.034', '1.34', 'v2.0', 'v1.', 'v1.3.4', 'Latest', '', 'v1.-1']) {
      const r = parseVersion(bad);
      assert.equal(r.version.latest, true, bad);
      assert.equal(r.error, 'must be "latest" or "v1.x"', bad);
    }
  });

  it('orders versions, latest newest of all', () => {
    assert.equal(older(majorMinor(1, 9), majorMinor(1, 10)), true);
    assert.equal(older(majorMinor(1, 10), majorMinor(1, 9)), false);
    assert.equal(older(majorMinor(1, 99), LATEST), true);
    assert.equal(older(LATEST, majorMinor(1, 99)), false);
    assert.equal(older(LATEST, LATEST), false);
    assert.equal(versionString(majorMinor(1, 25)), 'v1.25');
    assert.equal(levelVersionString({level: 'baseline', version: LATEST}), 'baseline:latest');
  });

  it('parses levels; an invalid level means restricted', () => {
    assert.deepEqual(parseLevel('baseline'), {level: 'baseline'});
    assert.equal(parseLevel('Baseline').level, 'restricted');
    assert.equal(parseLevel('Baseline').error, 'must be one of privileged, baseline, restricted');
    assert.equal(compareLevels('restricted', 'baseline'), 1);
    assert.equal(compareLevels('privileged', 'baseline'), -1);
    assert.equal(compareLevels('baseline', 'baseline'), 0);
  });
});

describe('pss api: namespace labels (PolicyToEvaluate)', () => {
  const L = 'pod-security.kubernetes.io/';
  it('defaults to privileged:latest for all modes', () => {
    const {policy, errors} = policyToEvaluate({});
    assert.equal(levelVersionString(policy.enforce), 'privileged:latest');
    assert.equal(levelVersionString(policy.warn), 'privileged:latest');
    assert.deepEqual(errors, []);
  });

  it('warn follows a stricter enforce (level and version) when no warn label is set', () => {
    const {policy} = policyToEvaluate({[`${L}enforce`]: 'baseline', [`${L}enforce-version`]: 'v1.30'});
    assert.equal(levelVersionString(policy.warn), 'baseline:v1.30');
    assert.equal(levelVersionString(policy.audit), 'privileged:latest');
  });

  it('warn-version set: warn takes the enforce level but keeps its own version', () => {
    const {policy} = policyToEvaluate({[`${L}enforce`]: 'restricted', [`${L}enforce-version`]: 'v1.30', [`${L}warn-version`]: 'v1.25'});
    assert.equal(levelVersionString(policy.warn), 'restricted:v1.25');
  });

  it('an explicit warn label is kept even when less strict', () => {
    const {policy} = policyToEvaluate({[`${L}enforce`]: 'restricted', [`${L}warn`]: 'baseline'});
    assert.equal(levelVersionString(policy.warn), 'baseline:latest');
  });

  it('invalid enforce level: restricted (fail closed) and warn is not defaulted from it', () => {
    const {policy, errors} = policyToEvaluate({[`${L}enforce`]: 'strict'});
    assert.equal(policy.enforce.level, 'restricted');
    assert.equal(policy.warn.level, 'privileged');
    assert.equal(errors.length, 1);
    assert.equal(errors[0].label, `${L}enforce`);
  });

  it('invalid audit/warn levels fail open to privileged; invalid versions mean latest', () => {
    const {policy, errors} = policyToEvaluate({[`${L}audit`]: 'x', [`${L}warn`]: 'y', [`${L}enforce-version`]: 'v1.x'});
    assert.equal(policy.audit.level, 'privileged');
    assert.equal(policy.warn.level, 'privileged');
    assert.equal(policy.enforce.version.latest, true);
    assert.equal(errors.length, 3);
  });
});
