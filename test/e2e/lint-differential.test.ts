// Differential test: kube-apiserver at each minor under test (KUBECTL_WIN_MINORS; harness/minors.ts) is the judge of every `error` lint check. Each generated
// pod is dry-run created (POST ...?dryRun=All); accepted must equal our `valid`, and on rejection the
// apiserver's Status details.causes (field, message), in order, must equal our error findings.
// Reproduce a run with LINT_SEED=<seed> (printed at the start and on failure).
import assert from 'node:assert/strict';
import {apiserverAt, minorsUnderTest, type Apiserver} from '../../harness/index.js';
import {minorRuleFields, podSpec} from './support/lint-pod-generator.js';
import {BOTH_SIDES} from './support/lint-minor-cases.js';
import {Gen, prng} from '../support/random.js';
import {gatedOffByDefaultSpec} from '../support/fixtures.js';
import {lintWorkload} from '../../src/analyses/lint/analysis.js';
import {toWorkload} from '../../src/source/workloads.js';
import type {KubeObject} from '../../src/k8s/object.js';
import {pool} from '../../src/util/pool.js';
import {POD_CERTIFICATE_MINOR} from '../../src/k8s/pod-certificate.js';
import {CLUSTER_TRUST_BUNDLE_MINOR} from '../../src/k8s/cluster-trust-bundle.js';
import {droppedFields} from '../../src/k8s/dropped-fields.js';
import {CONTAINER_RESTART_RULES_MINOR, HOSTNAME_OVERRIDE_MINOR, IMAGE_VOLUME_MINOR, INIT_RESIZE_RESTART_MINOR} from '../../src/k8s/minor-pod-rules.js';

// A fixed seed keeps CI reproducible; set LINT_SEED to explore others (each run prints its seed).
const SEED = Number(process.env.LINT_SEED ?? 1);
const COUNT = Number(process.env.LINT_COUNT ?? 1200);
const NS = `lint-diff-${SEED}`;
const CONCURRENCY = 8;

interface Cause {
  field?: string;
  message?: string;
}

function ours(obj: KubeObject, minor: number): {valid: boolean; causes: string[]; ids: string[]} {
  const w = toWorkload(obj, NS)!;
  const r = lintWorkload(w, undefined, undefined, minor);
  const errors = r.findings.filter((f) => f.severity === 'error');
  return {valid: r.item.valid, causes: errors.map((f) => `${f.field}: ${f.message}`), ids: errors.map((f) => f.id)};
}

/** The rules that changed between minors, and the first minor that reports each (src/k8s/minor-pod-rules.ts). */
const CHANGED_RULES: ReadonlyArray<[id: string, from: number]> = [
  ['lint/container-restart-policy-invalid', CONTAINER_RESTART_RULES_MINOR],
  ['lint/init-resize-policy-invalid', INIT_RESIZE_RESTART_MINOR],
  ['lint/image-volume-invalid', IMAGE_VOLUME_MINOR],
  ['lint/hostname-override-invalid', HOSTNAME_OVERRIDE_MINOR],
  ['lint/share-process-namespace-host-pid', 0],
  // v1.34 too: it drops fileKeyRef and rejects the valueFrom left with no source.
  ['lint/env-value-from-invalid', 0],
  ['lint/pod-certificate-invalid', POD_CERTIFICATE_MINOR],
  ['lint/cluster-trust-bundle-invalid', CLUSTER_TRUST_BUNDLE_MINOR],
  // Every minor: sources of the kinds no gate drops can conflict too.
  ['lint/projected-sources-invalid', 0],
  // Every minor, worded differently from v1.35 and v1.36.
  ['lint/toleration-invalid', 0],
  ['lint/resize-policy-invalid', 0],
];

async function judge(cp: Apiserver, path: string, obj: KubeObject): Promise<{accepted: boolean; causes: string[]; raw: unknown}> {
  const r = await cp.api<{details?: {causes?: Cause[]}; message?: string}>('POST', path, obj, {query: {dryRun: 'All'}});
  if (r.status === 200 || r.status === 201) return {accepted: true, causes: [], raw: null};
  if (r.status !== 422) throw new Error(`unexpected ${r.status} for ${obj.metadata?.name}: ${JSON.stringify(r.body).slice(0, 500)}`);
  return {accepted: false, causes: (r.body.details?.causes ?? []).map((c) => `${c.field ?? ''}: ${c.message ?? ''}`), raw: r.body.message};
}

for (const MINOR of minorsUnderTest())
  describe(`lint differential: generated pods vs kube-apiserver v1.${MINOR}`, function () {
    this.timeout(600_000);
    let cp: Apiserver;

    before(async function () {
      this.timeout(600_000);
      cp = await apiserverAt(MINOR);
      await cp.createNamespace(NS);
      console.log(`      lint differential seed: ${SEED} (LINT_SEED=${SEED} to reproduce), ${COUNT} pods`);
    });

    it(`agrees with the apiserver on ${COUNT} generated pods (valid and every field/message)`, async () => {
      const g = new Gen(prng(SEED));
      // The rules that changed between minors draw from their own source, so the rest of each pod stays as it was.
      const changed = new Gen(prng(SEED + 7));
      const pods: KubeObject[] = Array.from({length: COUNT}, (_, i) => {
        const spec = podSpec(g);
        minorRuleFields(changed, spec);
        return {apiVersion: 'v1', kind: 'Pod', metadata: {name: `p-${i}`, namespace: NS}, spec};
      });
      const disagreements: string[] = [];
      const fired = new Set<string>();
      let rejected = 0;
      await pool(pods, CONCURRENCY, async (pod) => {
        const truth = await judge(cp, `/api/v1/namespaces/${NS}/pods`, pod);
        const mine = ours(pod, MINOR);
        for (const id of mine.ids) fired.add(id);
        if (!truth.accepted) rejected++;
        const same = truth.accepted === mine.valid && JSON.stringify(truth.causes) === JSON.stringify(mine.causes);
        if (!same && disagreements.length < 15) {
          disagreements.push(
            `${pod.metadata!.name}: apiserver ${truth.accepted ? 'accepted' : 'rejected'}, lint valid=${mine.valid}\n` +
              `  spec: ${JSON.stringify(pod.spec).slice(0, 1500)}\n  apiserver: ${JSON.stringify(truth.causes)}\n  lint:      ${JSON.stringify(mine.causes)}`,
          );
        }
      });
      console.log(`      ${COUNT - rejected} accepted, ${rejected} rejected`);
      assert.ok(rejected > COUNT / 5 && rejected < COUNT * 0.95, `the generator should produce both outcomes (rejected ${rejected})`);
      assert.deepEqual(disagreements, [], `seed ${SEED}: lint and kube-apiserver disagree:\n${disagreements.join('\n')}`);
      // Each rule this minor enforces decided some generated pod, and none it does not enforce did.
      const expected = CHANGED_RULES.filter(([, from]) => MINOR >= from).map(([id]) => id);
      assert.deepEqual(
        CHANGED_RULES.map(([id]) => id).filter((id) => fired.has(id)),
        expected,
        'changed rules that decided a generated pod',
      );
    });

    it('agrees on hand-picked edge cases (lengths in bytes and runes, domains, quoting)', async () => {
      const users = [
        'ContainerUser',
        'NT AUTHORITY\\SYSTEM',
        '',
        'web\tuser',
        'web\x7f',
        'web\u0085',
        'a\\b\\c',
        '\\user',
        'DOMAIN\\',
        '.corp\\user',
        'co*rp\\user',
        `${'x'.repeat(15)}\\u`,
        `${'x'.repeat(16)}\\u`,
        `${'x'.repeat(15)} \\u`,
        `${'世'.repeat(15)}\\u`,
        `${'世'.repeat(16)}\\u`,
        `${'a'.repeat(63)}.com\\u`,
        `${'a'.repeat(64)}.com\\u`,
        'corp..com\\u',
        'corporation..contoso.com\\u',
        `${Array(4).fill('a'.repeat(63)).join('.')}\\u`,
        `${['a'.repeat(63), 'b'.repeat(63), 'c'.repeat(63), 'd'.repeat(62), 'e'].join('.')}\\u`,
        `${'é'.repeat(128)}\\u`,
        'a'.repeat(104),
        'a'.repeat(105),
        'é'.repeat(52),
        'é'.repeat(53),
        '...',
        'CORP\\   ',
        '.a.',
        'user@contoso.com',
        `${'é'.repeat(128)}\\${'.'.repeat(105)}`,
        'sixteen-chars-ab..c\\x@y',
        `${'a'.repeat(102)}\ud800`,
        '<script>&amp;',
        '\u2028\u2029',
        '😀\\😀',
        'x'.repeat(300),
        '\u{e0001}user',
      ];
      const specNames = ['gmsa-webapp1', 'gmsa-WebApp1', '', 'a'.repeat(253), 'a'.repeat(254), 'A'.repeat(254), 'gmsa_x', 'x.', '<x>'];
      const osNames = ['', 'Windows', 'darwin', 'win<dows>', 'wïndows'];
      const specs: Array<Record<string, unknown>> = [
        ...users.map((u) => ({os: {name: 'windows'}, securityContext: {windowsOptions: {runAsUserName: u}}, containers: [{name: 'a', image: 'x'}]})),
        ...specNames.map((n) => ({containers: [{name: 'a', image: 'x', securityContext: {windowsOptions: {gmsaCredentialSpecName: n}}}]})),
        ...osNames.map((n) => ({os: {name: n}, hostPID: true, containers: [{name: 'a', image: 'x', securityContext: {windowsOptions: {runAsUserName: ''}}}]})),
        {containers: [{name: 'a', image: 'x', securityContext: {windowsOptions: {gmsaCredentialSpec: 'x'.repeat(65536)}}}]},
        {containers: [{name: 'a', image: 'x', securityContext: {windowsOptions: {gmsaCredentialSpec: 'x'.repeat(65537)}}}]},
        {os: {name: 'windows'}, containers: [{name: 'a', image: 'x', lifecycle: {stopSignal: 'SIGUSR1'}}]},
      ];
      const disagreements: string[] = [];
      await pool(specs, CONCURRENCY, async (spec, i) => {
        const pod: KubeObject = {apiVersion: 'v1', kind: 'Pod', metadata: {name: `edge-${i}`, namespace: NS}, spec};
        const truth = await judge(cp, `/api/v1/namespaces/${NS}/pods`, pod);
        const mine = ours(pod, MINOR);
        if (truth.accepted !== mine.valid || JSON.stringify(truth.causes) !== JSON.stringify(mine.causes)) {
          disagreements.push(
            `edge-${i} ${JSON.stringify(spec).slice(0, 300)}\n  apiserver ${JSON.stringify(truth.causes)}\n  lint      ${JSON.stringify(mine.causes)}`,
          );
        }
      });
      assert.deepEqual(disagreements, []);
    });

    it('agrees on each rule that changed between v1.34 and v1.37, on both sides of the change', async () => {
      const disagreements: string[] = [];
      await pool(BOTH_SIDES, CONCURRENCY, async (c, i) => {
        const pod: KubeObject = {apiVersion: 'v1', kind: 'Pod', metadata: {name: `minor-${i}`, namespace: NS}, spec: c.spec};
        const truth = await judge(cp, `/api/v1/namespaces/${NS}/pods`, pod);
        const mine = ours(pod, MINOR);
        if (truth.accepted !== mine.valid || JSON.stringify(truth.causes) !== JSON.stringify(mine.causes)) {
          disagreements.push(`${c.name} (v1.${MINOR})\n  apiserver ${JSON.stringify(truth.causes)}\n  lint      ${JSON.stringify(mine.causes)}`);
        }
      });
      assert.deepEqual(disagreements, []);
    });

    it('says which gated fields the apiserver drops: gone from the dry-run pod exactly where lint says so', async () => {
      const c = (extra: Record<string, unknown> = {}) => ({name: 'a', image: 'mcr.microsoft.com/windows/nanoserver:ltsc2022', ...extra});
      const rule = {action: 'Restart', exitCodes: {operator: 'In', values: [42]}};
      const specs: Record<string, unknown>[] = [
        {
          containers: [c({restartPolicy: 'Never', restartPolicyRules: [rule]})],
          initContainers: [c({name: 'side', restartPolicy: 'Always'}), c({name: 'i', restartPolicy: 'OnFailure'})],
        },
        {os: {name: 'windows'}, hostnameOverride: 'web-0', containers: [c()]},
        {
          volumes: [
            {name: 'cfg', emptyDir: {}},
            {name: 'img', image: {reference: 'registry.k8s.io/pause:3.10'}},
          ],
          containers: [
            c({
              volumeMounts: [
                {name: 'cfg', mountPath: '/cfg'},
                {name: 'img', mountPath: '/img'},
              ],
            }),
          ],
        },
        {
          volumes: [{name: 'env-files', emptyDir: {}}],
          containers: [c({env: [{name: 'E', valueFrom: {fileKeyRef: {key: 'K', path: 'k.env', volumeName: 'env-files'}}}]})],
        },
        {
          containers: [
            c({env: [{name: 'E', valueFrom: {fieldRef: {fieldPath: 'metadata.name'}, fileKeyRef: {key: 'K', path: 'k.env', volumeName: 'env-files'}}}]}),
          ],
          volumes: [{name: 'env-files', emptyDir: {}}],
        },
        {
          containers: [c()],
          volumes: [
            {
              name: 'certs',
              projected: {
                sources: [
                  {podCertificate: {signerName: 'example.com/pod-identity', keyType: 'ED25519', credentialBundlePath: 'bundle.pem'}},
                  {clusterTrustBundle: {signerName: 'example.com/pod-identity', path: 'ca.pem'}},
                ],
              },
            },
          ],
        },
        {os: {name: 'windows'}, ...gatedOffByDefaultSpec(c)},
        {
          containers: [c()],
          volumes: [
            {name: 's', secret: {secretName: 's', defaultUser: 5, items: [{key: 'k', path: 'p', user: 6}]}},
            {name: 'c', configMap: {name: 'c', defaultUser: 5, items: [{key: 'k', path: 'p', user: 6}]}},
            {name: 'd', downwardAPI: {defaultUser: 5, items: [{path: 'p', fieldRef: {fieldPath: 'metadata.name'}, user: 6}]}},
            {
              name: 'v',
              projected: {
                defaultUser: 7,
                sources: [
                  {serviceAccountToken: {path: 't', user: 8}},
                  {clusterTrustBundle: {signerName: 'example.com/s', path: 'ca', user: 9}},
                  {podCertificate: {signerName: 'example.com/s', keyType: 'ED25519', keyPath: 'k', user: 10}},
                  {secret: {name: 's', items: [{key: 'k', path: 'q', user: 11}]}},
                ],
              },
            },
          ],
        },
      ];
      /** Whether the dry-run pod still has what `field` named in the pod sent (volumes and mounts by name: dropping one re-indexes the rest). */
      const kept = (sent: Record<string, unknown>, returned: Record<string, unknown>, field: string): boolean => {
        const get = (o: unknown, path: string) =>
          path
            .split(/\.|\[|\]\.?/)
            .filter(Boolean)
            .reduce<unknown>((v, k) => (v as Record<string, unknown> | undefined)?.[k], o);
        const list = /^(.*\.(volumes|volumeMounts))\[(\d+)\]$/.exec(field);
        if (!list) return get(returned, field) !== undefined;
        const name = (get(sent, field) as {name: string}).name;
        return ((get(returned, list[1]) ?? []) as Array<{name: string}>).some((v) => v.name === name);
      };
      const problems: string[] = [];
      let checked = 0;
      let accepted = 0;
      await pool(specs, CONCURRENCY, async (spec, i) => {
        const pod: KubeObject = {apiVersion: 'v1', kind: 'Pod', metadata: {name: `dropped-${i}`, namespace: NS}, spec};
        const r = await cp.api<KubeObject>('POST', `/api/v1/namespaces/${NS}/pods`, pod, {query: {dryRun: 'All'}});
        if (r.status !== 201 && r.status !== 200) return;
        accepted++;
        // Dropped as gated, or (the alpha user fields before v1.37) as unknown.
        const said = new Set(
          // The request's fieldValidation is the apiserver's default, Warn: lint answers as --validate=warn.
          lintWorkload(toWorkload(pod, NS, undefined, true)!, undefined, undefined, MINOR, 'Warn')
            .findings.filter((f) => f.id === 'lint/field-dropped' || f.id === 'lint/unknown-field')
            .map((f) => f.field),
        );
        // Every gated field of the pod, at whichever minor drops it.
        const gated = new Set([34, 35, 36, 37].flatMap((m) => droppedFields(spec as never, 'spec', m)).map((d) => d.field));
        for (const field of gated) {
          checked++;
          if (kept(pod as Record<string, unknown>, r.body as Record<string, unknown>, field) === said.has(field))
            problems.push(
              `dropped-${i} ${field}: apiserver ${said.has(field) ? 'kept it' : 'dropped it'}, lint ${said.has(field) ? 'says dropped' : 'says nothing'}`,
            );
        }
      });
      console.log(`      ${accepted} of ${specs.length} pods accepted, ${checked} gated fields checked`);
      assert.deepEqual(problems, []);
      assert.ok(checked >= 28, `gated fields checked on accepted pods: ${checked}`);
    });

    it('agrees on ephemeral containers added through the ephemeralcontainers subresource', async () => {
      const base = {
        os: {name: 'windows'},
        hostNetwork: true,
        securityContext: {windowsOptions: {hostProcess: true}},
        containers: [{name: 'a', image: 'mcr.microsoft.com/oss/kubernetes/windows-host-process-containers-base-image:v1.0.0'}],
      };
      const variants: Array<Record<string, unknown>> = [
        {name: 'dbg', image: 'x'},
        {name: 'dbg', image: 'x', securityContext: {windowsOptions: {hostProcess: false}}},
        {name: 'dbg', image: 'x', securityContext: {windowsOptions: {runAsUserName: 'a\\b\\c'}}},
        {name: 'dbg', image: 'x', securityContext: {runAsUser: 1}},
      ];
      const disagreements: string[] = [];
      for (const [i, eph] of variants.entries()) {
        const name = `eph-${i}`;
        const created = await cp.api('POST', `/api/v1/namespaces/${NS}/pods`, {apiVersion: 'v1', kind: 'Pod', metadata: {name}, spec: base});
        assert.equal(created.status, 201, JSON.stringify(created.body));
        // kwok updates the pod as it schedules it: retry the read-modify-write on a conflict.
        let updated: KubeObject = {};
        let r: {status: number; body: {details?: {causes?: Cause[]}}} = {status: 409, body: {}};
        for (let attempt = 0; attempt < 10 && r.status === 409; attempt++) {
          const current = (await cp.api<KubeObject>('GET', `/api/v1/namespaces/${NS}/pods/${name}`)).body;
          updated = {...current, spec: {...current.spec, ephemeralContainers: [eph]}};
          r = await cp.api<{details?: {causes?: Cause[]}}>('PUT', `/api/v1/namespaces/${NS}/pods/${name}/ephemeralcontainers`, updated, {
            query: {dryRun: 'All'},
          });
        }
        assert.ok(r.status === 200 || r.status === 422, `${name}: ${r.status} ${JSON.stringify(r.body).slice(0, 300)}`);
        const truth = r.status === 200 ? [] : (r.body.details?.causes ?? []).map((c) => `${c.field ?? ''}: ${c.message ?? ''}`);
        const mine = ours(updated, MINOR);
        if ((r.status === 200) !== mine.valid || JSON.stringify(truth) !== JSON.stringify(mine.causes)) {
          disagreements.push(`${name}: status ${r.status}\n  apiserver ${JSON.stringify(truth)}\n  lint      ${JSON.stringify(mine.causes)}`);
        }
      }
      assert.deepEqual(disagreements, []);
    });

    it('reports template errors at spec.template.spec paths (Deployments, dry-run)', async () => {
      const g = new Gen(prng(SEED + 1));
      const disagreements: string[] = [];
      let rejected = 0;
      for (let i = 0; i < 40; i++) {
        const spec = podSpec(g);
        const dep: KubeObject = {
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          metadata: {name: `d-${i}`, namespace: NS},
          spec: {replicas: 1, selector: {matchLabels: {app: `d-${i}`}}, template: {metadata: {labels: {app: `d-${i}`}}, spec}},
        };
        const truth = await judge(cp, `/apis/apps/v1/namespaces/${NS}/deployments`, dep);
        const mine = ours(dep, MINOR);
        if (!truth.accepted) rejected++;
        if (truth.accepted !== mine.valid || JSON.stringify(truth.causes) !== JSON.stringify(mine.causes)) {
          disagreements.push(`d-${i}: apiserver ${JSON.stringify(truth.causes)}\n  lint ${JSON.stringify(mine.causes)}`);
        }
        if (!truth.accepted)
          assert.ok(
            truth.causes.every((c) => c.startsWith('spec.template.spec')),
            `template paths: ${truth.causes.join('; ')}`,
          );
      }
      assert.ok(rejected > 0, 'some Deployments must be rejected');
      assert.deepEqual(disagreements, [], `seed ${SEED}:\n${disagreements.join('\n')}`);
    });
  });
