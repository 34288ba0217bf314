import assert from 'node:assert/strict';
import {InputError} from '../../../src/errors.js';
import {
  DEPRECATED_VERSION_NOTICE,
  k8sVersionFromFlags,
  noteUntestedServer,
  parseK8sVersion,
  rangeOf,
  untestedServerNote,
} from '../../../src/cli/k8s-version.js';
import {LATEST_MINOR, TESTED_MINORS, VERSIONED_ANALYSES} from '../../../src/k8s/minor-versions.js';
import {Evaluator} from '../../../src/k8s/pss/registry.js';
import {OLDEST_SUPPORTED_MINOR, PER_CONTAINER_QOS_MINOR, LATEST_SUPPORTED_MINOR} from '../../../src/k8s/qos.js';
import {makeReport} from '../../../src/report/build.js';

const rejects = (value: string, analyses: Parameters<typeof parseK8sVersion>[1], message: RegExp) =>
  assert.throws(
    () => parseK8sVersion(value, analyses),
    (e: unknown) => e instanceof InputError && message.test(e.message),
  );

describe('cli/k8s-version: the one --k8s-version parser', () => {
  describe("the ranges are the analyses' own", () => {
    it("qos: from OLDEST_SUPPORTED_MINOR to the per-container algorithm's first minor", () => {
      assert.equal(VERSIONED_ANALYSES.qos.oldest, OLDEST_SUPPORTED_MINOR);
      assert.ok(VERSIONED_ANALYSES.qos.newest >= PER_CONTAINER_QOS_MINOR);
    });
    it('psp: every PSA policy version from v1.0 to the newest the evaluator knows', () => {
      assert.equal(VERSIONED_ANALYSES.psp.oldest, 0);
      assert.equal(VERSIONED_ANALYSES.psp.newest, new Evaluator().maxVersion.minor);
    });
    it('latest is one minor, inside every range, and the QoS offline default', () => {
      assert.equal(LATEST_SUPPORTED_MINOR, LATEST_MINOR);
      for (const r of Object.values(VERSIONED_ANALYSES)) assert.ok(LATEST_MINOR >= r.oldest && LATEST_MINOR <= r.newest);
      assert.ok(LATEST_MINOR >= TESTED_MINORS.oldest && LATEST_MINOR <= TESTED_MINORS.newest);
    });
  });

  describe('accepted forms', () => {
    for (const analyses of [['qos'], ['psp'], ['qos', 'psp'], []] as const) {
      it(`${analyses.join('+') || 'no versioned analysis'}: v1.N at both ends of the range, and latest`, () => {
        const r = rangeOf(analyses);
        assert.equal(parseK8sVersion(`v1.${r.oldest}`, analyses), r.oldest);
        assert.equal(parseK8sVersion(`v1.${r.newest}`, analyses), r.newest);
        assert.equal(parseK8sVersion('latest', analyses), LATEST_MINOR);
      });
    }
    it("each command's range: qos v1.20-v1.37, psp v1.0-v1.37, both (doctor) the intersection", () => {
      assert.deepEqual(rangeOf(['qos']), {oldest: 20, newest: 37});
      assert.deepEqual(rangeOf(['psp']), {oldest: 0, newest: 37});
      assert.deepEqual(rangeOf(['qos', 'psp']), {oldest: 20, newest: 37});
      assert.deepEqual(rangeOf([]), {oldest: 0, newest: 37});
    });
  });

  describe('rejected forms: exit 2 naming the range', () => {
    it('a patch version names the minor to use', () =>
      rejects('v1.30.2', ['psp'], /^error: invalid --k8s-version "v1\.30\.2": use a minor \(v1\.30\) or latest; psp knows v1\.0 to v1\.37, latest is v1\.37$/));
    for (const bad of ['1.34', 'v1.034', 'v2.0', 'v1', 'v1.', 'Latest', '', ' v1.34', 'v1.34 ', 'v1.x', 'v1.-1', 'v1.99999']) {
      it(`"${bad}"`, () => rejects(bad, ['qos'], /use v1\.N or latest; qos knows v1\.20 to v1\.37/));
    }
    it('a minor older than qos knows (v1.5), alone and in doctor', () => {
      rejects('v1.5', ['qos'], /^error: invalid --k8s-version "v1\.5": qos knows v1\.20 to v1\.37, latest is v1\.37$/);
      rejects('v1.5', ['qos', 'psp'], /qos and psp know v1\.20 to v1\.37/);
      rejects('v1.30', ['qos', 'lint', 'psp'], /qos, lint and psp know v1\.34 to v1\.37/);
      assert.equal(parseK8sVersion('v1.5', ['psp']), 5);
    });
    it('a minor newer than any analysis knows', () => rejects('v1.38', ['psp'], /psp knows v1\.0 to v1\.37/));
  });

  describe('--version, the deprecated alias', () => {
    it('is read with one deprecation line', () => {
      const lines: string[] = [];
      assert.equal(
        k8sVersionFromFlags({version: 'v1.30'}, ['psp'], (l) => lines.push(l)),
        30,
      );
      assert.deepEqual(lines, [DEPRECATED_VERSION_NOTICE]);
    });
    it('names itself in errors', () => {
      assert.throws(() => k8sVersionFromFlags({version: 'v1.5'}, ['qos'], () => {}), /invalid --version "v1\.5"/);
    });
    it('--k8s-version says nothing, absent is undefined, both is an error', () => {
      const lines: string[] = [];
      assert.equal(
        k8sVersionFromFlags({'k8s-version': 'latest'}, ['qos'], (l) => lines.push(l)),
        LATEST_MINOR,
      );
      assert.equal(
        k8sVersionFromFlags({}, ['qos'], (l) => lines.push(l)),
        undefined,
      );
      assert.deepEqual(lines, []);
      assert.throws(() => k8sVersionFromFlags({'k8s-version': 'v1.34', version: 'v1.34'}, ['qos']), InputError);
    });
  });

  describe('a live server outside the tested minors', () => {
    it('says nothing inside the tested range', () => {
      for (let m = TESTED_MINORS.oldest; m <= TESTED_MINORS.newest; m++) assert.equal(untestedServerNote(`v1.${m}.3`, ['qos', 'psp']), undefined);
    });
    it('names the nearest rules each analysis uses', () => {
      assert.match(
        untestedServerNote('v1.38.0', ['qos', 'psp'])!.reason,
        /server is v1\.38\.0, outside .* \(v1\.34 to v1\.37\): qos uses the rules of v1\.37, psp uses the rules of v1\.37/,
      );
      assert.match(untestedServerNote('v1.15.2', ['qos', 'psp'])!.reason, /qos uses the rules of v1\.20, psp uses the rules of v1\.15/);
      assert.match(untestedServerNote('v1.30.2', ['qos'], 34)!.reason, /the rules of v1\.34 \(--k8s-version\) are used$/);
    });
    it('goes into skipped and to stderr, live only', () => {
      const lines: string[] = [];
      const live = makeReport('QoSReport', {type: 'cluster', context: 'c', server: 's', serverVersion: 'v1.30.2'}, [], []);
      noteUntestedServer(live, ['qos'], undefined, (l) => lines.push(l));
      assert.deepEqual(
        live.skipped.map((s) => s.check),
        ['k8s-version/untested-server'],
      );
      assert.equal(lines.length, 1);
      assert.match(lines[0], /^warning: the server is v1\.30\.2/);
      const offline = makeReport('QoSReport', {type: 'manifests', files: []}, [], []);
      noteUntestedServer(offline, ['qos'], undefined, (l) => lines.push(l));
      assert.deepEqual(offline.skipped, []);
    });
  });
});
