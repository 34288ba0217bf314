// Differential test: the Pod Security Admission of a real kube-apiserver at each minor under test
// (KUBECTL_WIN_MINORS, default the oldest and newest: harness/minors.ts) is the judge of our PSS
// engine. Every generated pod is dry-run created (POST ...?dryRun=All) in a namespace enforcing
// baseline and in one enforcing restricted, both pinned to that minor's policy version. Allowed/denied
// must agree, and on denial the whole 403 message (`pods "x" is forbidden: violates PodSecurity
// "restricted:v1.37": ...`) must equal ours, byte for byte. Older policy versions, `latest` and, from
// v1.35, v1.34 (both sides of the policy changes on one server) are compared too.
// Reproduce a run with PSS_SEED=<seed> (printed first).
import assert from 'node:assert/strict';
import {apiserverAt, minorsUnderTest, type Apiserver} from '../../harness/index.js';
import {generatePod} from './support/pss-pod-generator.js';
import {Gen, prng} from '../support/random.js';
import {admittedPod} from '../../src/k8s/pss/admitted.js';
import {LATEST, majorMinor, versionString, type Level, type Version} from '../../src/k8s/pss/api.js';
import {Evaluator, forbiddenPodMessage} from '../../src/k8s/pss/registry.js';
import type {PodSpecLike} from '../../src/k8s/pss/types.js';
import type {KubeObject} from '../../src/k8s/object.js';
import {pool} from '../../src/util/pool.js';

// A fixed seed keeps CI reproducible; set PSS_SEED to explore others (each run prints its seed).
const SEED = Number(process.env.PSS_SEED ?? 1);
const COUNT = Number(process.env.PSS_COUNT ?? 1100);
const PREFIX = `pss-diff-${SEED}`;
const CONCURRENCY = 8;
/**
 * The policy changes since v1.34 (kubernetes/pod-security-admission policy/check_procMount_baseline.go,
 * check_runAsNonRoot.go, check_runAsUser.go at v0.35.4: hostUsers: false relaxes them; check_sysctls.go
 * at v0.37.2: two more sysctls): the generated pods must hit each on both sides.
 */
const POLICY_CHANGES: {minor: number; ids: string[]}[] = [
  {minor: 35, ids: ['procMount', 'runAsNonRoot', 'runAsUser']},
  {minor: 37, ids: ['sysctls']},
];

for (const MINOR of minorsUnderTest())
  describe(`pss differential: generated pods vs Pod Security Admission in kube-apiserver v1.${MINOR}`, function () {
    this.timeout(900_000);
    const VERSION = majorMinor(1, MINOR);
    // The apiserver's PSA knows the policy versions up to its own minor: newer ones and `latest` clamp to it.
    const ev = new Evaluator(undefined, MINOR);
    const fired = new Set<string>();
    const ours = (pod: KubeObject, level: Level, version: Version = VERSION): {allowed: boolean; message: string} => {
      const {meta, spec} = admittedPod(pod.metadata, pod.spec as PodSpecLike);
      const lv = {level, version};
      const agg = ev.evaluate(lv, meta, spec);
      for (const id of agg.ids) fired.add(id);
      return {allowed: agg.allowed, message: agg.allowed ? '' : forbiddenPodMessage(pod.metadata!.name!, lv, agg)};
    };

    let cp: Apiserver;
    const ns = {baseline: `${PREFIX}-b`, restricted: `${PREFIX}-r`} as const;

    before(async function () {
      this.timeout(0); // a cold cache builds this release first (minutes)
      cp = await apiserverAt(MINOR);
      for (const level of ['baseline', 'restricted'] as const) {
        await cp.createNamespace(ns[level], {'pod-security.kubernetes.io/enforce': level, 'pod-security.kubernetes.io/enforce-version': `v1.${MINOR}`});
      }
      console.log(`      pss differential at ${cp.version}, seed: ${SEED} (PSS_SEED=${SEED} to reproduce), ${COUNT} pods x 2 levels`);
    });

    // Other policy versions on the same apiserver: the version boundaries (Windows exemptions from
    // v1.25, seccomp fields from v1.19, sysctls v1.27/v1.29/v1.32, container_engine_t v1.31, probe host
    // v1.34; from v1.35 hostUsers: false relaxes runAsNonRoot, runAsUser and procMount, v1.37 allows two
    // more sysctls: v1.34 policy on a newer server is the other side of those changes), and `latest`.
    const OLDER: {level: Level; version: Version}[] = [
      {level: 'restricted', version: majorMinor(1, 24)},
      {level: 'restricted', version: majorMinor(1, 18)},
      {level: 'baseline', version: majorMinor(1, 30)},
      {level: 'baseline', version: majorMinor(1, 26)},
      ...(MINOR > 34 ? (['baseline', 'restricted'] as const).map((level) => ({level, version: majorMinor(1, 34)})) : []),
      {level: 'restricted', version: LATEST},
    ];
    const olderNs = (o: {level: Level; version: Version}) => `${PREFIX}-${o.level[0]}${o.version.latest ? 'latest' : o.version.minor}`;
    const key = (o: {level: Level; version: Version}) => `${o.level}:${versionString(o.version)}`;

    after(async function () {
      if (!cp) return;
      for (const n of [...Object.values(ns), ...OLDER.map(olderNs)]) await cp.api('DELETE', `/api/v1/namespaces/${n}`);
    });

    it(`agrees with the apiserver on ${COUNT} generated pods at baseline and restricted (allowed/denied and the exact message)`, async () => {
      const r = new Gen(prng(SEED));
      const generated = Array.from({length: COUNT}, (_, i) => generatePod(r, `p-${i}`, 'x'));
      const disagreements: string[] = [];
      const invalid: string[] = [];
      const tally = {baseline: {allowed: 0, denied: 0}, restricted: {allowed: 0, denied: 0}};
      const changed = new Set<string>();
      const byOs: Record<string, number> = {};
      const jobs = generated.flatMap((g) => (['baseline', 'restricted'] as const).map((level) => ({g, level})));
      await pool(jobs, CONCURRENCY, async ({g, level}) => {
        const pod = structuredClone(g.pod);
        pod.metadata!.namespace = ns[level];
        const res = await cp.api<{message?: string}>('POST', `/api/v1/namespaces/${ns[level]}/pods`, pod, {query: {dryRun: 'All'}});
        if (res.status !== 201 && res.status !== 200 && res.status !== 403) {
          if (invalid.length < 10) invalid.push(`${pod.metadata!.name} (${g.os}) ${res.status}: ${res.body?.message}\n  spec: ${JSON.stringify(pod.spec)}`);
          return;
        }
        if (level === 'baseline') byOs[g.os] = (byOs[g.os] ?? 0) + 1;
        const truth = {allowed: res.status !== 403, message: res.status === 403 ? (res.body?.message ?? '') : ''};
        tally[level][truth.allowed ? 'allowed' : 'denied']++;
        const mine = ours(g.pod, level);
        if (MINOR > 34) for (const id of changedSince34(g.pod, level)) changed.add(id);
        if (truth.allowed !== mine.allowed || truth.message !== mine.message.replace(/^pods "p-\d+"/, `pods "${pod.metadata!.name}"`)) {
          if (disagreements.length < 12) {
            disagreements.push(
              `${pod.metadata!.name} at ${level} (${g.os}):\n  apiserver: ${truth.allowed ? 'allowed' : truth.message}\n  ours:      ${mine.allowed ? 'allowed' : mine.message}\n  pod: ${JSON.stringify(g.pod)}`,
            );
          } else disagreements.push('...');
        }
      });
      console.log(`      baseline ${JSON.stringify(tally.baseline)}, restricted ${JSON.stringify(tally.restricted)}, by os ${JSON.stringify(byOs)}`);
      assert.deepEqual(invalid, [], `seed ${SEED}: generated pods the apiserver rejects as invalid (generator bug):\n${invalid.join('\n')}`);
      assert.deepEqual(disagreements.slice(0, 13), [], `seed ${SEED}: ${disagreements.length} disagreements:\n${disagreements.slice(0, 13).join('\n')}`);
      // The generator must exercise both outcomes at both levels, on Linux and Windows.
      for (const level of ['baseline', 'restricted'] as const) {
        assert.ok(
          tally[level].allowed > COUNT * 0.05 && tally[level].denied > COUNT * 0.05,
          `seed ${SEED}: ${level} outcomes too one-sided: ${JSON.stringify(tally[level])}`,
        );
      }
      // Every check that exists at this version must have denied some pod, so each one was compared;
      // except baseline procMount from v1.35: it allows Unmasked with hostUsers: false, and validation
      // refuses Unmasked otherwise (pkg/apis/core/validation/validation.go ValidateSecurityContext), so
      // no valid pod can fail it (it is compared on both sides through the v1.34 policy instead).
      const all = new Set(
        [...ev.checksFor({level: 'baseline', version: VERSION}), ...ev.checksFor({level: 'restricted', version: VERSION})].map((c) => c.check.id),
      );
      if (MINOR >= 35) all.delete('procMount');
      assert.deepEqual(
        [...all].filter((id) => !fired.has(id)),
        [],
        `seed ${SEED}: checks never exercised`,
      );
      assert.ok((byOs.windows ?? 0) > COUNT / 10 && (byOs['linux-unset'] ?? 0) > COUNT / 10, `seed ${SEED}: OS mix ${JSON.stringify(byOs)}`);
      // Each policy change up to this minor decided some pod differently from v1.34 (judged here and at v1.34).
      const expected = POLICY_CHANGES.filter((c) => c.minor <= MINOR)
        .flatMap((c) => c.ids)
        .sort();
      assert.deepEqual([...changed].sort(), expected, `seed ${SEED}: checks whose verdict changed since v1.34`);
    });

    /** The checks whose verdict for this pod differs between policy v1.34 and this minor's. */
    function changedSince34(pod: KubeObject, level: 'baseline' | 'restricted'): string[] {
      const {meta, spec} = admittedPod(pod.metadata, pod.spec as PodSpecLike);
      const before = new Map(ev.evaluatePod({level, version: majorMinor(1, 34)}, meta, spec).map((r) => [r.id, r.allowed]));
      return ev
        .evaluatePod({level, version: VERSION}, meta, spec)
        .filter((r) => before.has(r.id) && before.get(r.id) !== r.allowed)
        .map((r) => r.id);
    }

    it(`agrees at other policy versions too (${OLDER.map(key).join(', ')})`, async () => {
      const r = new Gen(prng(SEED + 1));
      const n = Math.min(COUNT, 400);
      const generated = Array.from({length: n}, (_, i) => generatePod(r, `q-${i}`, 'x'));
      for (const o of OLDER)
        await cp.createNamespace(olderNs(o), {
          'pod-security.kubernetes.io/enforce': o.level,
          'pod-security.kubernetes.io/enforce-version': versionString(o.version),
        });
      const disagreements: string[] = [];
      const denied: Record<string, number> = {};
      const jobs = generated.flatMap((g) => OLDER.map((o) => ({g, o})));
      await pool(jobs, CONCURRENCY, async ({g, o}) => {
        const pod = structuredClone(g.pod);
        pod.metadata!.namespace = olderNs(o);
        const res = await cp.api<{message?: string}>('POST', `/api/v1/namespaces/${olderNs(o)}/pods`, pod, {query: {dryRun: 'All'}});
        if (res.status !== 201 && res.status !== 200 && res.status !== 403) {
          disagreements.push(`${pod.metadata!.name}: unexpected ${res.status}: ${res.body?.message}`);
          return;
        }
        const k = key(o);
        const truth = res.status === 403 ? (res.body?.message ?? '') : '';
        if (truth) denied[k] = (denied[k] ?? 0) + 1;
        const mine = ours(g.pod, o.level, o.version);
        if (truth !== mine.message && disagreements.length < 12) {
          disagreements.push(
            `${pod.metadata!.name} at ${k} (${g.os}):\n  apiserver: ${truth || 'allowed'}\n  ours:      ${mine.message || 'allowed'}\n  pod: ${JSON.stringify(g.pod)}`,
          );
        }
      });
      console.log(`      denied per policy: ${JSON.stringify(denied)} of ${n} each`);
      assert.deepEqual(disagreements, [], `seed ${SEED + 1}: disagreements at older versions:\n${disagreements.join('\n')}`);
      for (const o of OLDER) {
        const d = denied[key(o)] ?? 0;
        assert.ok(d > n * 0.05 && d < n * 0.98, `${key(o)}: ${d} of ${n} denied`);
      }
    });
  });
