// Differential test: kube-apiserver at each minor under test (KUBECTL_WIN_MINORS; harness/minors.ts) judges decoding, unknown fields and the resource rules.
// Each generated pod (or Deployment) is sent as the JSON bytes kubectl would send for it (keys sorted,
// as encoding/json sorts a map's; POST ...?dryRun=All) once per
// fieldValidation (Strict, Warn, Ignore), and lint answers it with the matching --validate (strict,
// warn, ignore). A 400 must be exactly our refusal: the lint/undecodable message, or under Strict the
// lint/unknown-field errors joined as the apiserver joins them; otherwise accepted must equal our
// `valid`, the Status causes must equal our error findings, and the Warning headers must equal our
// lint/unknown-field warnings, in order. The apiserver walks a ResourceList as a Go map, so the order
// of several errors from one list varies: those are compared as a set. Duplicate keys are checked
// through the real kubectl, which is what sends a manifest (it keeps the last of two keys).
// Reproduce with DECODE_SEED=<seed> (printed at the start and on failure).
import assert from 'node:assert/strict';
import {spawnSync} from 'node:child_process';
import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {apiserverAt, minorsUnderTest, type Apiserver} from '../../harness/index.js';
import {ensureBinaries} from '../../harness/build.js';
import {runProcess} from '../../harness/client.js';
import {parseManifests} from '../../src/source/manifest-parse.js';
import {decodePodSpec, resourcePodSpec} from './support/decode-pod-generator.js';
import {Gen, prng} from '../support/random.js';
import {lintWorkload} from '../../src/analyses/lint/analysis.js';
import {evaluate} from '../../src/analyses/qos/analysis.js';
import {toWorkload} from '../../src/source/workloads.js';
import type {KubeObject} from '../../src/k8s/object.js';
import {pool} from '../../src/util/pool.js';
import type {FieldValidation} from '../../src/k8s/decode.js';
import {goCompare} from '../../src/k8s/pss/helpers.js';
import type {Finding} from '../../src/report/types.js';
import {duplicateKeyCases} from './support/duplicate-key-cases.js';

const SEED = Number(process.env.DECODE_SEED ?? 1);
const COUNT = Number(process.env.DECODE_COUNT ?? 600);
const NS = `decode-diff-${SEED}`;
const CONCURRENCY = 8;
const ORIGIN = {file: 'generated.json', line: 1};

interface Verdict {
  status: number;
  message: string;
  causes: string[];
  warnings: string[];
}

/** The Warning headers' texts: `299 - "<text>"`, the text a Go-quoted string. */
function warnings(header: string | string[] | undefined): string[] {
  const all = Array.isArray(header) ? header.join(', ') : (header ?? '');
  return [...all.matchAll(/\d{3} - "((?:[^"\\]|\\.)*)"/g)].map((m) => JSON.parse(`"${m[1]}"`) as string);
}

const MODES: readonly FieldValidation[] = ['Strict', 'Warn', 'Ignore'];

/**
 * The bytes kubectl sends for a manifest object: it reads the manifest into a map and encodes it with
 * encoding/json, which sorts map keys (strings.Compare). The generated objects' own key order is
 * arbitrary, so decoding order (the first type error, the order of unknown fields) is tested as sent.
 */
/**
 * The manifest as lint reads it: every object's keys in the reverse of the order kubectl sends them,
 * so any dependence of lint on the file's key order shows as a disagreement.
 */
function asWritten(v: unknown): string {
  const reversed = (x: unknown): unknown => {
    if (Array.isArray(x)) return x.map(reversed);
    if (x === null || typeof x !== 'object') return x;
    const o = x as Record<string, unknown>;
    return Object.fromEntries(
      Object.keys(o)
        .sort(goCompare)
        .reverse()
        .map((k) => [k, reversed(o[k])]),
    );
  };
  return JSON.stringify(reversed(v));
}

function kubectlJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(kubectlJson).join(',')}]`;
  if (v === undefined) return 'null';
  if (v === null || typeof v !== 'object') return JSON.stringify(v);
  const o = v as Record<string, unknown>;
  const keys = Object.keys(o)
    .filter((k) => o[k] !== undefined)
    .sort(goCompare);
  return `{${keys.map((k) => `${JSON.stringify(k)}:${kubectlJson(o[k])}`).join(',')}}`;
}

async function judge(cp: Apiserver, path: string, raw: string, mode: FieldValidation): Promise<Verdict> {
  const r = await cp.api<{message?: string; details?: {causes?: {field?: string; message?: string}[]}}>('POST', path, raw, {
    query: {dryRun: 'All', fieldValidation: mode},
  });
  if (![200, 201, 400, 422].includes(r.status)) throw new Error(`unexpected ${r.status}: ${JSON.stringify(r.body).slice(0, 400)}`);
  const causes = r.status === 422 ? (r.body.details?.causes ?? []).map((c) => `${c.field ?? ''}: ${c.message ?? ''}`) : [];
  return {status: r.status, message: r.body?.message ?? '', causes, warnings: warnings(r.headers.warning)};
}

const REFUSALS = new Set(['lint/undecodable', 'lint/unknown-field']);

/** Our 400: the decode error, or (Strict) each unknown field's error joined as strictDecodingError.Error() joins them. */
function refusal(errors: Finding[]): string | undefined {
  const undecodable = errors.find((f) => f.id === 'lint/undecodable');
  if (undecodable) return undecodable.message;
  const unknown = errors.filter((f) => f.id === 'lint/unknown-field').map((f) => f.message);
  const cut = 'strict decoding error: ';
  return unknown.length === 0
    ? undefined
    : unknown[0] +
        unknown
          .slice(1)
          .map((m) => `, ${m.slice(m.indexOf(cut) + cut.length)}`)
          .join('');
}

function ours(raw: string, minor: number, mode: FieldValidation) {
  const w = toWorkload(JSON.parse(raw) as KubeObject, NS, ORIGIN)!;
  const r = lintWorkload(w, undefined, undefined, minor, mode);
  const errors = r.findings.filter((f) => f.severity === 'error');
  return {
    valid: r.item.valid,
    undecodable: refusal(errors),
    causes: errors.filter((f) => !REFUSALS.has(f.id)).map((f) => `${f.field}: ${f.message}`),
    warnings: r.findings.filter((f) => f.id === 'lint/unknown-field' && f.severity === 'warning').map((f) => f.message),
  };
}

/** Causes with the errors of one ResourceList (Go map order) sorted, everything else in place. */
function normalized(causes: string[]): string[] {
  const key = (c: string) => /^(.*\.resources)(\.(requests|limits)(\[[^\]]*\])?)?:/.exec(c)?.[1];
  const out = [...causes];
  for (let i = 0; i < out.length;) {
    const k = key(out[i]);
    let j = i + 1;
    while (k !== undefined && j < out.length && key(out[j]) === k) j++;
    out.splice(i, j - i, ...out.slice(i, j).sort());
    i = j;
  }
  return out;
}

function disagreement(name: string, raw: string, truth: Verdict, mine: ReturnType<typeof ours>): string | undefined {
  const problems: string[] = [];
  if (truth.status === 400) {
    if (mine.undecodable !== truth.message)
      problems.push(`decode: apiserver ${JSON.stringify(truth.message)}\n    lint      ${JSON.stringify(mine.undecodable ?? null)}`);
  } else {
    if (mine.undecodable) problems.push(`lint says undecodable (${mine.undecodable}), apiserver ${truth.status}`);
    if (truth.status < 300 !== mine.valid) problems.push(`apiserver ${truth.status}, lint valid=${mine.valid}`);
    if (JSON.stringify(normalized(truth.causes)) !== JSON.stringify(normalized(mine.causes)))
      problems.push(`causes: apiserver ${JSON.stringify(truth.causes)}\n    lint      ${JSON.stringify(mine.causes)}`);
    if (JSON.stringify(truth.warnings) !== JSON.stringify(mine.warnings))
      problems.push(`warnings: apiserver ${JSON.stringify(truth.warnings)}\n    lint      ${JSON.stringify(mine.warnings)}`);
  }
  return problems.length === 0 ? undefined : `${name}: ${problems.join('\n  ')}\n  sent: ${raw.slice(0, 1200)}`;
}

for (const MINOR of minorsUnderTest())
  describe(`lint differential: decoding, unknown fields and resources vs kube-apiserver v1.${MINOR}`, function () {
    this.timeout(600_000);
    let cp: Apiserver;

    before(async function () {
      this.timeout(600_000);
      cp = await apiserverAt(MINOR);
      await cp.createNamespace(NS);
      console.log(`      decode differential seed: ${SEED} (DECODE_SEED=${SEED} to reproduce), ${COUNT} pods`);
    });

    /** Each object under each fieldValidation; the tallies are the Warn ones (the apiserver's default), strict400 the Strict 400s. */
    async function compare(objects: KubeObject[], path: (o: KubeObject) => string) {
      const tally = {400: 0, 422: 0, ok: 0, warned: 0, strict400: 0};
      const disagreements: string[] = [];
      await pool(objects, CONCURRENCY, async (obj) => {
        const raw = kubectlJson(obj);
        for (const mode of MODES) {
          const truth = await judge(cp, path(obj), raw, mode);
          if (mode === 'Strict' && truth.status === 400) tally.strict400++;
          if (mode === 'Warn') {
            if (truth.status === 400) tally[400]++;
            else if (truth.status === 422) tally[422]++;
            else tally.ok++;
            if (truth.warnings.length > 0) tally.warned++;
          }
          const d = disagreement(`${obj.metadata!.name!} (${mode})`, raw, truth, ours(asWritten(obj), MINOR, mode));
          if (d && disagreements.length < 12) disagreements.push(d);
        }
      });
      return {tally, disagreements};
    }

    it(`agrees on ${COUNT} generated pods: decode errors, unknown-field warnings, validation causes`, async () => {
      const g = new Gen(prng(SEED));
      const pods = Array.from({length: COUNT}, (_, i): KubeObject => ({
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: {name: `p-${i}`, namespace: NS},
        spec: decodePodSpec(g),
      }));
      const {tally, disagreements} = await compare(pods, () => `/api/v1/namespaces/${NS}/pods`);
      console.log(`      ${JSON.stringify(tally)}`);
      assert.deepEqual(disagreements, [], `seed ${SEED}:\n${disagreements.join('\n')}`);
      // Strict turns the warned (decodable) pods into 400s: unknown fields decide a tenth of the pods at least.
      assert.ok(
        tally[400] > COUNT / 10 && tally[422] > COUNT / 10 && tally.ok > COUNT / 20 && tally.warned > COUNT / 10 && tally.strict400 - tally[400] > COUNT / 10,
        `generator coverage: ${JSON.stringify(tally)}`,
      );
    });

    it('agrees on generated resources (valid and invalid) in Pods and Deployment templates', async () => {
      const g = new Gen(prng(SEED + 7));
      const objects: KubeObject[] = [];
      for (let i = 0; i < 300; i++) objects.push({apiVersion: 'v1', kind: 'Pod', metadata: {name: `r-${i}`, namespace: NS}, spec: resourcePodSpec(g)});
      for (let i = 0; i < 60; i++) {
        objects.push({
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          metadata: {name: `d-${i}`, namespace: NS},
          spec: {replicas: 1, selector: {matchLabels: {app: `d-${i}`}}, template: {metadata: {labels: {app: `d-${i}`}}, spec: decodePodSpec(g)}},
        });
      }
      const {tally, disagreements} = await compare(objects, (o) =>
        o.kind === 'Pod' ? `/api/v1/namespaces/${NS}/pods` : `/apis/apps/v1/namespaces/${NS}/deployments`,
      );
      console.log(`      ${JSON.stringify(tally)}`);
      assert.deepEqual(disagreements, [], `seed ${SEED}:\n${disagreements.join('\n')}`);
      assert.ok(tally[422] > 30 && tally.ok >= 20, `generator coverage: ${JSON.stringify(tally)}`);
    });

    it('agrees on fields only some minors know (unknown at v1.34, known later, or known in one minor only)', async () => {
      const c = (extra: Record<string, unknown>) => [{name: 'a', image: 'x', ...extra}];
      const specs: Record<string, unknown>[] = [
        {workloadRef: {name: 'w', podGroup: 'g'}, containers: c({})}, // v1.35 only
        {schedulingGroup: {podGroupName: 'g'}, containers: c({})}, // from v1.36
        {evictionResponders: [], containers: c({livenessProbe: {httpGet: {port: 80, protocol: 'HTTP'}}})}, // from v1.37
        {volumes: [{name: 'v', emptyDir: {mode: 493}}], containers: c({volumeMounts: [{name: 'v', mountPath: '/v', bindMountOptions: []}]})}, // from v1.37
        {workloadRef: {name: 'w', nope: 1}, os: {name: 'windows'}, containers: c({})}, // an unknown field under a field of v1.35 only
        // a wrong JSON type under a field only some minors know: undecodable there, an unknown field elsewhere
        {workloadRef: 'w', containers: c({})}, // v1.35 only
        {schedulingGroup: {podGroupName: 7}, containers: c({})}, // from v1.36
        {evictionResponders: {name: 'x'}, containers: c({resources: {limits: {cpu: 'lots'}}})}, // from v1.37; v1.34-v1.36 stop at the quantity
        {containers: c({livenessProbe: {httpGet: {port: 80, protocol: 5}}, resources: {limits: {cpu: '2'}, requests: {cpu: '3'}}})}, // from v1.37; before, a validation error
        {workloadRef: [], schedulingGroup: 'g', containers: c({hostNetwork: 'yes'})}, // a different first type error at each minor
      ];
      const objects = specs.map((spec, i): KubeObject => ({apiVersion: 'v1', kind: 'Pod', metadata: {name: `minor-field-${i}`, namespace: NS}, spec}));
      const {disagreements} = await compare(objects, () => `/api/v1/namespaces/${NS}/pods`);
      assert.deepEqual(disagreements, []);
    });

    it('agrees on the cases of the issue (cpu: lots, memory: 1Zi, 2 GB, hugepages alone, a string or an object for containers)', async () => {
      const c = (extra: Record<string, unknown>) => [{name: 'a', image: 'x', ...extra}];
      const specs: Record<string, unknown>[] = [
        {containers: c({resources: {limits: {cpu: 'lots'}}})},
        {containers: c({resources: {limits: {memory: '1Zi'}}})},
        {containers: c({resources: {requests: {memory: '2 GB'}}})},
        {containers: c({resources: {limits: {'hugepages-2Mi': '2Mi'}}})},
        {containers: 'iis'},
        {containers: {name: 'a', image: 'x'}},
        {
          os: {name: 'windows'},
          windowsOptions: {runAsUserName: 'ContainerUser'},
          containers: c({runAsUserName: 'x', securityContext: {gmsaCredentialSpecName: 'gmsa'}}),
        },
      ];
      const objects = specs.map((spec, i): KubeObject => ({apiVersion: 'v1', kind: 'Pod', metadata: {name: `issue-${i}`, namespace: NS}, spec}));
      const {disagreements} = await compare(objects, () => `/api/v1/namespaces/${NS}/pods`);
      assert.deepEqual(disagreements, []);
      // qos gives none of the rejected ones a class
      for (const o of objects.slice(0, 6)) {
        const r = evaluate(toWorkload(o, NS, ORIGIN)!, {minor: 34, nodes: new Map(), limitRanges: new Map()});
        assert.equal(r.item, undefined, o.metadata!.name);
        assert.equal(r.findings[0].severity, 'error');
      }
    });

    it('agrees on type errors under embedded structs (named in the path from v1.35) and on label-key wording', async () => {
      const specs: Record<string, unknown>[] = [
        {containers: [{name: 'a', image: 'x', livenessProbe: {httpGet: {port: true}}}]},
        {containers: [{name: 'a', image: 'x', readinessProbe: {exec: 'ls'}}]},
        {containers: [{name: 'a', image: 'x'}], volumes: [{name: 'v', emptyDir: []}]},
        {containers: [{name: 'a', image: 'x'}], volumes: [{name: 'v', configMap: {name: 1}}]},
        {containers: [{name: 'a', image: 'x', envFrom: [{secretRef: {name: true}}]}]},
        {containers: [{name: 'a', image: 'x', env: [{name: 'E', valueFrom: {configMapKeyRef: {name: 1, key: 'k'}}}]}]},
        {containers: [{name: 'a', image: 'x'}], ephemeralContainers: [{name: 'e', image: 'x', tty: 'yes'}]},
        {containers: [{name: 'a', image: 'x'}], ephemeralContainers: [{name: 'e', image: 'x', targetContainerName: 1}]},
        {containers: [{name: 'a', image: 'x', resources: {limits: {[`x/${'a'.repeat(64)}`]: '1'}}}]},
        {containers: [{name: 'a', image: 'x', resources: {limits: {[`${'a'.repeat(254)}/x`]: '1'}}}]},
        {containers: [{name: 'a', image: 'x', resources: {requests: {'example.com/gpu': '1', 'hugepages-2Mi': '2Mi', memory: '1Gi'}}}]},
      ];
      const objects = specs.map((spec, i): KubeObject => ({apiVersion: 'v1', kind: 'Pod', metadata: {name: `embedded-${i}`, namespace: NS}, spec}));
      const {disagreements} = await compare(objects, () => `/api/v1/namespaces/${NS}/pods`);
      assert.deepEqual(disagreements, []);
    });

    it('agrees on every workload kind (its own Go structs and paths), metadata, status and times', async () => {
      const spec = (extra: Record<string, unknown> = {}) => ({containers: [{name: 'a', image: 'x'}], ...extra});
      const tmpl = (s: Record<string, unknown>) => ({metadata: {labels: {app: 'x'}}, spec: s});
      const sel = {selector: {matchLabels: {app: 'x'}}};
      const kinds: Array<[string, string, (s: Record<string, unknown>, extra?: Record<string, unknown>) => Record<string, unknown>]> = [
        ['apps/v1', 'deployments', (s, e) => ({...sel, template: tmpl(s), ...e})],
        ['apps/v1', 'replicasets', (s, e) => ({...sel, template: tmpl(s), ...e})],
        ['apps/v1', 'statefulsets', (s, e) => ({...sel, serviceName: 'x', template: tmpl(s), ...e})],
        ['apps/v1', 'daemonsets', (s, e) => ({...sel, template: tmpl(s), ...e})],
        ['batch/v1', 'jobs', (s, e) => ({template: tmpl({restartPolicy: 'Never', ...s}), ...e})],
        ['batch/v1', 'cronjobs', (s, e) => ({schedule: '* * * * *', jobTemplate: {spec: {template: tmpl({restartPolicy: 'Never', ...s})}}, ...e})],
        ['v1', 'replicationcontrollers', (s, e) => ({selector: {app: 'x'}, template: tmpl(s), ...e})],
      ];
      const kindOf: Record<string, string> = {
        deployments: 'Deployment',
        replicasets: 'ReplicaSet',
        statefulsets: 'StatefulSet',
        daemonsets: 'DaemonSet',
        jobs: 'Job',
        cronjobs: 'CronJob',
        replicationcontrollers: 'ReplicationController',
      };
      const objects: Array<[string, KubeObject]> = [];
      for (const [group, plural, body] of kinds) {
        const base = (name: string, specBody: Record<string, unknown>, meta: Record<string, unknown> = {}) =>
          [
            `/${group === 'v1' ? 'api/v1' : `apis/${group}`}/namespaces/${NS}/${plural}`,
            {apiVersion: group, kind: kindOf[plural], metadata: {name, namespace: NS, ...meta}, spec: specBody},
          ] as [string, KubeObject];
        objects.push(
          base(`${plural}-type`, body(spec({hostNetwork: 'yes'}))),
          base(`${plural}-top`, body(spec(), {minReadySeconds: '5', parallelism: '2', suspend: 'no', replicas: 1.5})),
          base(`${plural}-unknown`, body(spec({windowsOptions: {runAsUserName: 'x'}}), {Replicas: 2}), {labels: {app: 'x'}, annotation: {a: 'b'}}),
          base(`${plural}-quantity`, body(spec({containers: [{name: 'a', image: 'x', resources: {limits: {memory: '1Zi'}}}], priority: 'high'}))),
        );
      }
      // values of the wrong type on purpose: not KubeObjects as typed
      const odd = (path: string, o: unknown): [string, KubeObject] => [path, o as KubeObject];
      objects.push(
        odd(`/api/v1/namespaces/${NS}/pods`, {
          apiVersion: 'v1',
          kind: 'Pod',
          metadata: {name: 'time-number', namespace: NS, creationTimestamp: 5},
          spec: spec(),
        }),
        odd(`/api/v1/namespaces/${NS}/pods`, {
          apiVersion: 'v1',
          kind: 'Pod',
          metadata: {name: 'time-null', namespace: NS, creationTimestamp: null},
          spec: spec(),
        }),
        odd(`/api/v1/namespaces/${NS}/pods`, {apiVersion: 'v1', kind: 'Pod', metadata: {name: 'labels', namespace: NS, labels: {a: 1}}, spec: spec()}),
        odd(`/api/v1/namespaces/${NS}/pods`, {
          apiVersion: 'v1',
          kind: 'Pod',
          metadata: {name: 'status', namespace: NS},
          spec: spec(),
          status: {phase: 1, qosclass: 'x'},
        }),
        odd(`/api/v1/namespaces/${NS}/pods`, {
          apiVersion: 'v1',
          kind: 'Pod',
          metadata: {name: 'status-unknown', namespace: NS},
          spec: spec(),
          status: {qosclass: 'x'},
        }),
        odd(`/api/v1/namespaces/${NS}/podtemplates`, {
          apiVersion: 'v1',
          kind: 'PodTemplate',
          metadata: {name: 'pt', namespace: NS},
          template: {spec: spec({terminationGracePeriodSeconds: '30'})},
        }),
        odd(`/api/v1/namespaces/${NS}/podtemplates`, {
          apiVersion: 'v1',
          kind: 'PodTemplate',
          metadata: {name: 'pt-unknown', namespace: NS},
          template: {spec: spec({hostProcess: true})},
        }),
      );
      const disagreements: string[] = [];
      let decodeErrors = 0;
      let warned = 0;
      await pool(objects, CONCURRENCY, async ([path, obj]) => {
        const raw = kubectlJson(obj);
        for (const mode of MODES) {
          const truth = await judge(cp, path, raw, mode);
          if (mode === 'Warn' && truth.status === 400) decodeErrors++;
          if (truth.warnings.length > 0) warned++;
          const d = disagreement(`${obj.metadata!.name!} (${mode})`, raw, truth, ours(asWritten(obj), MINOR, mode));
          if (d) disagreements.push(d);
        }
      });
      assert.deepEqual(disagreements, []);
      assert.ok(decodeErrors >= 20 && warned >= 8, `coverage: ${decodeErrors} decode errors, ${warned} warned`);
    });

    it('duplicate keys: kubectl keeps the last and sends that under every --validate, and lint reads them the same; sent raw, Strict refuses them', async () => {
      const kubectl = join((await ensureBinaries()).binDir, 'kubectl');
      const dir = mkdtempSync(join(tmpdir(), 'dup-keys-'));
      const problems: string[] = [];
      const seen = {accepted: 0, badRequest: 0, invalid: 0, warned: 0};
      try {
        await pool(duplicateKeyCases(), 2, async (c) => {
          const file = join(dir, `${c.name}.${c.contentType === 'application/json' ? 'json' : 'yaml'}`);
          writeFileSync(file, c.text);
          // The duplicates are real: the apiserver refuses them when it sees them.
          const raw = await cp.api<{message?: string}>('POST', `/api/v1/namespaces/${NS}/pods`, c.text, {
            query: {dryRun: 'All', fieldValidation: 'Strict'},
            contentType: c.contentType,
          });
          if (raw.status !== 400 || !/duplicate field|already set in map/.test(raw.body.message ?? ''))
            problems.push(`${c.name}: raw Strict answered ${raw.status} ${raw.body.message}`);
          const [obj] = parseManifests(c.text, file);
          for (const mode of MODES) {
            const k = await runProcess(
              kubectl,
              [`--kubeconfig=${cp.kubeconfig}`, '-n', NS, 'create', '--dry-run=server', `--validate=${mode.toLowerCase()}`, '-f', file, '-o', 'name'],
              {env: {...process.env, KUBECONFIG: ''}, timeoutMs: 120_000},
            );
            const r = lintWorkload(toWorkload(obj.object, NS, ORIGIN)!, undefined, undefined, MINOR, mode);
            const errors = r.findings.filter((f) => f.severity === 'error');
            const said = k.stderr
              .split('\n')
              .filter((l) => l.startsWith('Warning: '))
              .map((l) => l.slice('Warning: '.length));
            const warned = r.findings.filter((f) => f.id === 'lint/unknown-field' && f.severity === 'warning').map((f) => f.message);
            const refused = refusal(errors);
            if (k.code === 0) seen.accepted++;
            if (k.stderr.includes('(BadRequest)')) seen.badRequest++;
            if (k.stderr.includes(' is invalid: ')) seen.invalid++;
            if (said.length > 0) seen.warned++;
            const agree =
              (k.code === 0) === r.item.valid &&
              JSON.stringify(said) === JSON.stringify(warned) &&
              (refused === undefined ? errors.every((f) => k.stderr.includes(`${f.field}: ${f.message}`)) : k.stderr.includes(`: ${refused}\n`));
            if (!agree)
              problems.push(
                `${c.name} (--validate=${mode.toLowerCase()}): kubectl exit ${k.code} ${k.stderr.trim()}\n  lint valid=${r.item.valid} ${JSON.stringify(r.findings.map((f) => f.message))}`,
              );
          }
        });
      } finally {
        rmSync(dir, {recursive: true, force: true});
      }
      assert.deepEqual(problems, []);
      // Each outcome happened: the last value decided some verdicts either way, and the unknown field was refused, warned and ignored.
      assert.ok(seen.accepted >= 6 && seen.badRequest === 2 && seen.invalid >= 7 && seen.warned === 2, JSON.stringify(seen));
    });

    it('src/k8s/json-types.generated.ts is current (npm run gen:json-types)', function () {
      // `go run` links the generator even with its packages compiled (npm run e2e:prepare): minutes on a busy machine.
      this.timeout(600_000);
      const dir = mkdtempSync(join(tmpdir(), 'json-types-'));
      try {
        const out = join(dir, 'json-types.generated.ts');
        const root = new URL('../../', import.meta.url).pathname;
        const r = spawnSync('bash', [join(root, 'scripts/gen-json-types.sh'), out], {encoding: 'utf8', timeout: 590_000});
        assert.equal(r.status, 0, `gen-json-types.sh failed: ${r.stderr || r.stdout}`);
        const committed = readFileSync(join(root, 'src/k8s/json-types.generated.ts'), 'utf8');
        assert.ok(readFileSync(out, 'utf8') === committed, 'src/k8s/json-types.generated.ts is stale: run `npm run gen:json-types` and commit it');
      } finally {
        rmSync(dir, {recursive: true, force: true});
      }
    });

    // Once per run, not per minor: it regenerates the field tables of every served release.
    if (MINOR === minorsUnderTest()[0])
      it('src/k8s/json-types-minors.generated.ts is current (npm run gen:json-types-minors)', function () {
        this.timeout(600_000);
        const dir = mkdtempSync(join(tmpdir(), 'json-types-minors-'));
        try {
          const out = join(dir, 'json-types-minors.generated.ts');
          const root = new URL('../../', import.meta.url).pathname;
          const r = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'scripts/gen-json-types-minors.ts'), out], {
            encoding: 'utf8',
            timeout: 590_000,
            cwd: root,
          });
          assert.equal(r.status, 0, `gen-json-types-minors.ts failed: ${r.stderr || r.stdout}`);
          const committed = readFileSync(join(root, 'src/k8s/json-types-minors.generated.ts'), 'utf8');
          assert.ok(
            readFileSync(out, 'utf8') === committed,
            'src/k8s/json-types-minors.generated.ts is stale: run `npm run gen:json-types-minors` and commit it',
          );
        } finally {
          rmSync(dir, {recursive: true, force: true});
        }
      });
  });
