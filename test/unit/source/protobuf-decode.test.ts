// The protobuf decoder against hand-built messages (test/support/protobuf-writer.ts): each rule of
// src/source/protobuf/decode.ts, with the expected object written as the JSON kube-apiserver prints
// for the same Go value (encoding/json: omitempty, omitzero, nil -> null, the types' own MarshalJSON).
// The messages are written as gogo's marshallers write them: non-nullable fields always, even zero.
// test/e2e/protobuf-differential.test.ts compares against the real apiserver.
import assert from 'node:assert/strict';
import {decodeResponse, hasProtobufSchema, isProtobuf, ProtobufDecodeError} from '../../../src/source/protobuf/decode.js';
import {MESSAGES} from '../../../src/source/protobuf/schema.generated.js';
import {RESOURCES} from '../../../src/k8s/resources.js';
import {prng} from '../../support/random.js';
import {entry, envelope, int, intOrString, msg, PREFIX, quantity, raw, str, sub, tag, time, varint, type Part} from '../../support/protobuf-writer.js';

/** A Pod as a gogo marshaller writes it: metadata, spec and status always present. */
const pod = (meta: Part[], spec: Part[] = [], status: Part[] = []): Part[] => [sub(1, meta), sub(2, spec), sub(3, status)];
const decodePod = (parts: Part[], opts?: {managedFields?: boolean; podStatus?: boolean}) => decodeResponse(envelope('v1', 'Pod', parts), opts);
/** What JSON.parse makes of the apiserver's JSON for a Pod with these parts. */
const jsonPod = (metadata: object, spec: object, status: object = {}) => JSON.parse(JSON.stringify({kind: 'Pod', apiVersion: 'v1', metadata, spec, status}));
/** A PodSpec's fields that print when the spec on the wire is otherwise empty: containers is a nil slice without omitempty. */
const EMPTY_SPEC = {containers: null};
/** A Container as gogo writes it: name and the non-nullable resources always; the other strings too. */
const container = (name: string, more: Part[] = []): Part[] => [
  str(1, name),
  str(2, ''),
  str(5, ''),
  sub(8, []),
  str(13, ''),
  str(20, ''),
  str(14, ''),
  int(16, false),
  int(17, false),
  int(18, false),
  ...more,
];
const CONTAINER_JSON = (name: string, more: object = {}) => ({name, resources: {}, ...more});
/** A decoded pod, for what the tests look at. */
interface PodJson {
  spec: {tolerations?: object[]; containers: Array<{resources: unknown}>};
}

describe('source/protobuf/decode', () => {
  it('drops omitempty scalars that are zero and keeps the ones that are not', () => {
    const got = decodePod(pod([str(1, 'web'), str(2, ''), str(3, 'ns'), str(4, ''), str(5, ''), str(6, '42'), int(7, 0), time(8)]));
    assert.deepStrictEqual(got, jsonPod({name: 'web', namespace: 'ns', resourceVersion: '42'}, EMPTY_SPEC));
    const got2 = decodePod(pod([str(1, 'web'), int(7, 3)], [str(3, 'Always'), int(11, true), int(12, false), str(19, '')]));
    assert.deepStrictEqual(got2, jsonPod({name: 'web', generation: 3}, {containers: null, restartPolicy: 'Always', hostNetwork: true}));
  });

  it('keeps non-omitempty scalars even when zero (name, containerPort, ready, restartCount)', () => {
    const got = decodePod(
      pod(
        [],
        [sub(2, container('', [sub(6, [str(1, ''), int(2, 0), int(3, 0), str(4, ''), str(5, '')])]))],
        [sub(8, [str(1, 'c'), sub(2, []), sub(3, []), int(4, false), int(5, 0), str(6, ''), str(7, ''), str(8, '')])],
      ),
    );
    assert.deepStrictEqual(
      got,
      jsonPod(
        {},
        {containers: [CONTAINER_JSON('', {ports: [{containerPort: 0}]})]},
        {containerStatuses: [{name: 'c', state: {}, lastState: {}, ready: false, restartCount: 0, image: '', imageID: ''}]},
      ),
    );
  });

  it('keeps pointer scalars even when false or 0, and leaves absent ones out', () => {
    const got = decodePod(pod([], [int(4, 0), int(21, false), int(27, false), int(25, 0), str(29, ''), sub(14, [int(2, 0), int(3, false)])]));
    assert.deepStrictEqual(
      got,
      jsonPod(
        {},
        {
          containers: null,
          terminationGracePeriodSeconds: 0,
          automountServiceAccountToken: false,
          shareProcessNamespace: false,
          priority: 0,
          runtimeClassName: '',
          securityContext: {runAsUser: 0, runAsNonRoot: false},
        },
      ),
    );
  });

  it('prints absent non-omitempty slices, maps and pointers as null', () => {
    // PodSpec.containers (slice), NodeSelector.nodeSelectorTerms (slice), RBD monitors, ScaleIO secretRef (pointer),
    // TypedLocalObjectReference.apiGroup (pointer string), GRPCAction.service, EvictionResponder.priority.
    const affinity = sub(18, [sub(1, [sub(1, [])])]);
    const volumes = [
      sub(1, [str(1, 'rbd'), sub(2, [sub(11, [str(2, 'img')])])]),
      sub(1, [str(1, 'sio'), sub(2, [sub(25, [str(1, 'gw'), str(2, 'sys')])])]),
      sub(1, [str(1, 'eph'), sub(2, [sub(29, [sub(1, [sub(1, []), sub(2, [sub(2, []), sub(7, [str(2, 'K'), str(3, 'n')])])])])])]),
    ];
    const probe = sub(10, [sub(1, [sub(4, [int(1, 9000)])])]);
    const got = decodePod(pod([], [...volumes, affinity, sub(2, container('c', [probe])), sub(44, [str(1, 'r')])]));
    assert.deepStrictEqual(
      got,
      jsonPod(
        {},
        {
          volumes: [
            {name: 'rbd', rbd: {monitors: null, image: 'img'}},
            {name: 'sio', scaleIO: {gateway: 'gw', system: 'sys', secretRef: null}},
            {name: 'eph', ephemeral: {volumeClaimTemplate: {metadata: {}, spec: {resources: {}, dataSource: {apiGroup: null, kind: 'K', name: 'n'}}}}},
          ],
          affinity: {nodeAffinity: {requiredDuringSchedulingIgnoredDuringExecution: {nodeSelectorTerms: null}}},
          containers: [CONTAINER_JSON('c', {livenessProbe: {grpc: {port: 9000, service: null}}})],
          evictionResponders: [{name: 'r', priority: null}],
        },
      ),
    );
  });

  it('prints metav1.Time in whole seconds, null when zero, and leaves out a zero creationTimestamp (omitzero)', () => {
    const got = decodePod(
      pod(
        [time(8, 1_700_000_000, 999_999_999), time(9)],
        [],
        [
          time(7, 0),
          sub(2, [str(1, 'Ready'), str(2, 'True'), time(3), time(4, 1_700_000_001, 5)]),
          sub(8, [
            str(1, 'c'),
            sub(2, [sub(2, [time(1)])]),
            sub(3, [sub(3, [int(1, 1), time(5, 1), time(6, 253_402_300_799)])]),
            int(4, true),
            int(5, 1),
            str(6, 'i'),
            str(7, 'x'),
          ]),
        ],
      ),
    );
    assert.deepStrictEqual(
      got,
      jsonPod({creationTimestamp: '2023-11-14T22:13:20Z', deletionTimestamp: null}, EMPTY_SPEC, {
        conditions: [{type: 'Ready', status: 'True', lastProbeTime: null, lastTransitionTime: '2023-11-14T22:13:21Z'}],
        startTime: '1970-01-01T00:00:00Z',
        containerStatuses: [
          {
            name: 'c',
            state: {running: {startedAt: null}},
            lastState: {terminated: {exitCode: 1, startedAt: '1970-01-01T00:00:01Z', finishedAt: '9999-12-31T23:59:59Z'}},
            ready: true,
            restartCount: 1,
            image: 'i',
            imageID: 'x',
          },
        ],
      }),
    );
    // A zero creationTimestamp on the wire (an empty message) is left out, as omitzero does.
    assert.equal('creationTimestamp' in (decodePod(pod([str(1, 'a'), time(8)])).metadata as object), false);
  });

  it('prints Quantity as its string, "0" when the message is empty; ResourceList maps of quantities', () => {
    const resources = sub(8, [
      entry(1, 'cpu', quantity(2, '500m')),
      entry(1, 'memory', quantity(2, '1Gi')),
      entry(2, 'cpu', sub(2, [])),
      entry(2, 'example.com/gpu'),
    ]);
    const env = sub(7, [str(1, 'LIM'), sub(3, [sub(2, [str(1, 'c'), str(2, 'limits.cpu'), sub(3, [])])])]);
    const got = decodePod(
      pod(
        [],
        [
          sub(1, [str(1, 'v'), sub(2, [sub(2, [str(1, 'Memory'), sub(2, [])])])]),
          sub(2, container('c', [resources, env])),
          entry(32, 'cpu', quantity(2, '250m')),
        ],
      ),
    );
    assert.deepStrictEqual(
      got,
      jsonPod(
        {},
        {
          volumes: [{name: 'v', emptyDir: {medium: 'Memory', sizeLimit: '0'}}],
          containers: [
            {
              name: 'c',
              env: [{name: 'LIM', valueFrom: {resourceFieldRef: {containerName: 'c', resource: 'limits.cpu', divisor: '0'}}}],
              resources: {limits: {cpu: '500m', memory: '1Gi'}, requests: {cpu: '0', 'example.com/gpu': '0'}},
            },
          ],
          overhead: {cpu: '250m'},
        },
      ),
    );
  });

  it('prints IntOrString as a number or a string', () => {
    const probe = (n: number, port: number | string) => sub(n, [sub(1, [sub(2, [str(1, '/healthz'), intOrString(2, port), str(3, ''), str(4, 'HTTP')])])]);
    const tcp = sub(22, [sub(1, [sub(3, [intOrString(1, 'grpc'), str(2, '')])])]);
    const got = decodePod(pod([], [sub(2, container('c', [probe(10, 8080), probe(11, 'http'), tcp]))]));
    assert.deepStrictEqual(
      got,
      jsonPod(
        {},
        {
          containers: [
            CONTAINER_JSON('c', {
              livenessProbe: {httpGet: {path: '/healthz', port: 8080, scheme: 'HTTP'}},
              readinessProbe: {httpGet: {path: '/healthz', port: 'http', scheme: 'HTTP'}},
              startupProbe: {tcpSocket: {port: 'grpc'}},
            }),
          ],
        },
      ),
    );
    // An IntOrString of 0 is still printed (the struct has no zero to omit): TCPSocketAction.port is not omitempty anyway.
    const zero = decodePod(pod([], [sub(2, container('c', [sub(10, [sub(1, [sub(3, [intOrString(1, 0)])])])]))]));
    assert.deepStrictEqual((zero.spec as {containers: Array<{livenessProbe: unknown}>}).containers[0].livenessProbe, {tcpSocket: {port: 0}});
  });

  it('inlines embedded structs: VolumeSource in Volume, LocalObjectReference, ProbeHandler, EphemeralContainerCommon', () => {
    const volumes = [
      sub(1, [str(1, 'cm'), sub(2, [sub(19, [sub(1, [str(1, 'settings')]), sub(2, [str(1, 'k'), str(2, 'p'), int(3, 0o400)]), int(3, 420), int(4, true)])])]),
      sub(1, [str(1, 'sec'), sub(2, [sub(6, [str(1, ''), int(4, false)])])]),
      sub(1, [str(1, 'empty'), sub(2, [sub(2, [str(1, '')])])]),
    ];
    const envFrom = sub(19, [str(1, 'P_'), sub(2, [sub(1, [str(1, 'cfg')])]), sub(3, [sub(1, [str(1, '')]), int(2, true)])]);
    const probe = sub(10, [sub(1, [sub(1, [str(1, 'cmd'), str(1, '/c')])]), int(2, 0), int(3, 1), int(4, 10), int(5, 1), int(6, 3)]);
    const ephemeral = sub(34, [sub(1, container('dbg')), str(2, 'c')]);
    const got = decodePod(pod([], [...volumes, sub(2, container('c', [envFrom, probe])), ephemeral]));
    assert.deepStrictEqual(
      got,
      jsonPod(
        {},
        {
          volumes: [
            {name: 'cm', configMap: {name: 'settings', items: [{key: 'k', path: 'p', mode: 256}], defaultMode: 420, optional: true}},
            {name: 'sec', secret: {optional: false}},
            {name: 'empty', emptyDir: {}},
          ],
          containers: [
            CONTAINER_JSON('c', {
              envFrom: [{prefix: 'P_', configMapRef: {name: 'cfg'}, secretRef: {optional: true}}],
              livenessProbe: {exec: {command: ['cmd', '/c']}, timeoutSeconds: 1, periodSeconds: 10, successThreshold: 1, failureThreshold: 3},
            }),
          ],
          ephemeralContainers: [{name: 'dbg', resources: {}, targetContainerName: 'c'}],
        },
      ),
    );
  });

  it('decodes maps: labels, annotations, an entry without a value, and a "__proto__" key as an own property', () => {
    const csi = sub(1, [
      str(1, 'csi'),
      sub(2, [sub(28, [str(1, 'csi.example.com'), entry(4, '__proto__', str(2, 'x')), entry(4, 'constructor', str(2, 'y')), entry(4, 'empty')])]),
    ]);
    const got = decodePod(pod([entry(11, 'app', str(2, 'web')), entry(11, 'tier'), entry(12, 'note', str(2, 'a: b'))], [csi]));
    const expected = JSON.parse(
      '{"kind":"Pod","apiVersion":"v1","metadata":{"labels":{"app":"web","tier":""},"annotations":{"note":"a: b"}},' +
        '"spec":{"volumes":[{"name":"csi","csi":{"driver":"csi.example.com","volumeAttributes":{"__proto__":"x","constructor":"y","empty":""}}}],"containers":null},"status":{}}',
    );
    assert.deepStrictEqual(got, expected);
    const attrs = (got.spec as {volumes: Array<{csi: {volumeAttributes: object}}>}).volumes[0].csi.volumeAttributes;
    assert.equal(Object.getPrototypeOf(attrs), Object.prototype);
    assert.deepEqual(Object.keys(attrs).sort(), ['__proto__', 'constructor', 'empty']);
  });

  it('decodes repeated messages and strings, lists of one and of several, as plain exact arrays', () => {
    const got = decodePod(
      pod(
        [str(14, 'a/b')],
        [sub(2, container('one', [str(3, 'only')])), sub(2, container('two', [str(3, 'x'), str(3, 'y'), str(3, 'z'), str(4, '')])), sub(2, container('three'))],
      ),
    );
    assert.deepStrictEqual(
      got,
      jsonPod(
        {finalizers: ['a/b']},
        {containers: [CONTAINER_JSON('one', {command: ['only']}), CONTAINER_JSON('two', {command: ['x', 'y', 'z'], args: ['']}), CONTAINER_JSON('three')]},
      ),
    );
    // Many members: the copied list is complete and in order.
    const many = Array.from({length: 40}, (_, i) => `arg-${i}`);
    const long = decodePod(
      pod(
        [],
        [
          sub(
            2,
            container(
              'c',
              many.map((a) => str(4, a)),
            ),
          ),
        ],
      ),
    );
    const args = (long.spec as {containers: Array<{args: string[]}>}).containers[0].args;
    assert.deepStrictEqual(args, many);
    assert.equal(Object.getPrototypeOf(args), Array.prototype);
  });

  it('decodes repeated ints both unpacked and packed (supplementalGroups, exit codes)', () => {
    const packed = raw(4, Buffer.concat([varint(1000), varint(2000), varint(3)]));
    const unpacked = [int(4, 1000), int(4, 2000), int(4, 3)];
    const exitCodes = (parts: Part[]) => sub(25, [str(1, 'Restart'), sub(2, [str(1, 'In'), ...parts])]);
    for (const groups of [[packed], unpacked]) {
      const got = decodePod(
        pod(
          [],
          [
            sub(14, groups),
            sub(2, container('c', [exitCodes([int(2, 42), int(2, -1)])])),
            sub(2, container('d', [exitCodes([raw(2, Buffer.concat([varint(7), varint(-2)]))])])),
          ],
        ),
      );
      assert.deepStrictEqual(
        got,
        jsonPod(
          {},
          {
            containers: [
              CONTAINER_JSON('c', {restartPolicyRules: [{action: 'Restart', exitCodes: {operator: 'In', values: [42, -1]}}]}),
              CONTAINER_JSON('d', {restartPolicyRules: [{action: 'Restart', exitCodes: {operator: 'In', values: [7, -2]}}]}),
            ],
            securityContext: {supplementalGroups: [1000, 2000, 3]},
          },
        ),
      );
    }
    // A packed run of one, and a packed run followed by more unpacked members (protobuf merges them).
    const mixed = decodePod(pod([], [sub(14, [raw(4, varint(5)), int(4, 6), raw(4, Buffer.concat([varint(7), varint(8)]))])]));
    assert.deepStrictEqual((mixed.spec as {securityContext: unknown}).securityContext, {supplementalGroups: [5, 6, 7, 8]});
  });

  it('decodes negative int32 and int64 (ten-byte varints) and large int64 as JSON.parse would', () => {
    assert.equal(varint(-1).length, 10);
    const cases: Array<[bigint, string]> = [
      [-1n, '-1'],
      [-2147483648n, '-2147483648'],
      [2147483647n, '2147483647'],
      [4294967295n, '4294967295'],
      [2n ** 53n + 1n, '9007199254740993'],
      [2n ** 56n + 2n ** 55n + 9n, '108086391056891913'], // the sum of 7-bit groups would round twice
      [2n ** 63n - 1n, '9223372036854775807'],
      [-(2n ** 63n), '-9223372036854775808'],
      [-(2n ** 53n) - 3n, '-9007199254740995'],
    ];
    for (const [v, text] of cases) {
      const got = decodePod(pod([int(7, v)], [sub(14, [int(2, v)])]));
      const expected = JSON.parse(`{"generation":${text},"runAsUser":${text}}`);
      assert.deepStrictEqual(
        {
          generation: (got.metadata as {generation: number}).generation,
          runAsUser: (got.spec as {securityContext: {runAsUser: number}}).securityContext.runAsUser,
        },
        expected,
        `int64 ${text}`,
      );
    }
    const terminated = decodePod(
      pod([], [], [sub(8, [str(1, 'c'), sub(2, [sub(3, [int(1, -1), int(2, -9)])]), int(4, false), int(5, 2147483647), str(6, ''), str(7, '')])]),
    );
    const st = (terminated.status as {containerStatuses: Array<{state: unknown; restartCount: number}>}).containerStatuses[0];
    assert.deepStrictEqual(st.state, {terminated: {exitCode: -1, signal: -9}});
    assert.equal(st.restartCount, 2147483647);
  });

  it('decodes UTF-8 strings, short and long, and never hands out a wrong interned string', () => {
    const texts = ['é', 'ü', '日本', '😀', 'naïve café', 'x'.repeat(24), 'ä'.repeat(12), 'wörld ✓ 😀 — long enough to skip the interning', 'a\u0000b'];
    const got = decodePod(pod(texts.map((t, i) => entry(12, `k${i}`, str(2, t)))));
    assert.deepStrictEqual((got.metadata as {annotations: object}).annotations, Object.fromEntries(texts.map((t, i) => [`k${i}`, t])));

    // "Aa" and "BB" have the same 31-based hash, so every word of four made of them collides, and
    // strings of one length collide with others: decoded twice (the second time from the cache).
    const words: string[] = [];
    for (let i = 0; i < 16; i++) words.push([0, 1, 2, 3].map((b) => ((i >> b) & 1 ? 'BB' : 'Aa')).join(''));
    const more = ['abc', 'acB', 'bBc', 'ab\u00e9', 'aé', 'é1', 'CC', 'Bb', 'ç', 'c\u0327'];
    const all = [...words, ...more];
    for (let round = 0; round < 3; round++) {
      const order = round === 1 ? [...all].reverse() : all;
      const p = decodePod(pod(order.map((w, i) => entry(11, `${w}-${i}`, str(2, w)))));
      assert.deepStrictEqual((p.metadata as {labels: object}).labels, Object.fromEntries(order.map((w, i) => [`${w}-${i}`, w])), `round ${round}`);
    }
    // Many distinct short strings of one length (more than the cache holds) stay right.
    const r = prng(7);
    const alphabet = 'abcdefghijklmnopqrstuvwxyzAB0123456789-.';
    const keys = Array.from({length: 3000}, () => Array.from({length: 6}, () => alphabet[Math.floor(r() * alphabet.length)]).join(''));
    for (let round = 0; round < 2; round++) {
      const p = decodePod(pod(keys.map((k) => str(14, k))));
      assert.deepStrictEqual((p.metadata as {finalizers: string[]}).finalizers, keys);
    }
  });

  it('leaves managedFields out by default and decodes them (FieldsV1 as JSON, Time) when asked', () => {
    const fields = JSON.stringify({'f:metadata': {'f:labels': {'.': {}, 'f:app': {}}}, 'f:spec': {'f:containers': {'k:{"name":"c"}': {}}}});
    const mf = [
      sub(17, [
        str(1, 'kubectl'),
        str(2, 'Update'),
        str(3, 'v1'),
        time(4, 1_700_000_000),
        str(6, 'FieldsV1'),
        sub(7, [raw(1, Buffer.from(fields))]),
        str(8, ''),
      ]),
      sub(17, [str(1, 'kwok'), str(2, 'Apply'), str(3, 'v1'), str(6, 'FieldsV1'), sub(7, [raw(1, Buffer.from('{}'))]), str(8, 'status')]),
    ];
    const parts = pod([str(1, 'p'), ...mf, entry(11, 'app', str(2, 'web'))]);
    assert.deepStrictEqual(decodePod(parts), jsonPod({name: 'p', labels: {app: 'web'}}, EMPTY_SPEC));
    assert.deepStrictEqual(decodePod(parts, {managedFields: false}), jsonPod({name: 'p', labels: {app: 'web'}}, EMPTY_SPEC));
    assert.deepStrictEqual(
      decodePod(parts, {managedFields: true}),
      jsonPod(
        {
          name: 'p',
          managedFields: [
            {manager: 'kubectl', operation: 'Update', apiVersion: 'v1', time: '2023-11-14T22:13:20Z', fieldsType: 'FieldsV1', fieldsV1: JSON.parse(fields)},
            {manager: 'kwok', operation: 'Apply', apiVersion: 'v1', fieldsType: 'FieldsV1', fieldsV1: {}, subresource: 'status'},
          ],
          labels: {app: 'web'},
        },
        EMPTY_SPEC,
      ),
    );
    // An empty FieldsV1 (nil Raw) prints as null.
    const empty = decodePod(pod([sub(17, [str(1, 'm'), sub(7, [])])]), {managedFields: true});
    assert.deepStrictEqual((empty.metadata as {managedFields: unknown}).managedFields, [{manager: 'm', fieldsV1: null}]);
  });

  it("leaves a Pod's status out when asked (podStatus: false), in a Pod and in a list's undecoded items", () => {
    const mf = sub(17, [str(1, 'kubectl'), str(2, 'Update'), str(3, 'v1'), str(6, 'FieldsV1'), sub(7, [raw(1, Buffer.from('{}'))]), str(8, '')]);
    // PodStatus: phase (1), conditions (2), qosClass (9).
    const parts = pod([str(1, 'p'), mf], [], [str(1, 'Running'), sub(2, [str(1, 'Ready'), str(2, 'True')]), str(9, 'Burstable')]);
    const status = {phase: 'Running', conditions: [{type: 'Ready', status: 'True'}], qosClass: 'Burstable'};
    const withStatus = jsonPod({name: 'p'}, EMPTY_SPEC, status);
    const {status: _, ...withoutStatus} = withStatus;
    assert.deepStrictEqual(decodePod(parts), withStatus);
    assert.deepStrictEqual(decodePod(parts, {podStatus: true}), withStatus);
    assert.deepStrictEqual(decodePod(parts, {podStatus: false}), withoutStatus);
    // Each field left out on its own terms.
    const managed = decodePod(parts, {podStatus: false, managedFields: true});
    assert.equal(managed.status, undefined);
    assert.equal((managed.metadata as {managedFields: unknown[]}).managedFields.length, 1);
    assert.deepStrictEqual(decodePod(parts, {podStatus: true, managedFields: true}).status, status);
    // A list's items keep the options of the response they came in, whatever is decoded between.
    const list = envelope('v1', 'PodList', [sub(1, [str(2, '1')]), sub(2, parts), sub(2, parts)]);
    const lean = decodeResponse(list, {undecodedItems: true, podStatus: false}).items as {decode(from: number, to: number): object[]};
    const full = decodeResponse(list, {undecodedItems: true}).items as {decode(from: number, to: number): object[]};
    assert.deepStrictEqual(lean.decode(0, 1), [{metadata: {name: 'p'}, spec: EMPTY_SPEC}]);
    assert.deepStrictEqual(full.decode(0, 1), [{metadata: {name: 'p'}, spec: EMPTY_SPEC, status}]);
    assert.deepStrictEqual(lean.decode(1, 2), [{metadata: {name: 'p'}, spec: EMPTY_SPEC}]);
  });

  it('decodes a PodList with its list metadata', () => {
    const list = envelope('v1', 'PodList', [
      sub(1, [str(1, ''), str(2, '1234'), str(3, 'eyJ2IjoibWV0YS5rOHMuaW8vdjEifQ'), int(4, 17)]),
      sub(2, pod([str(1, 'a')])),
      sub(2, pod([str(1, 'b')], [sub(2, container('c'))])),
    ]);
    assert.ok(isProtobuf(list));
    assert.deepStrictEqual(
      decodeResponse(list),
      JSON.parse(
        '{"kind":"PodList","apiVersion":"v1","metadata":{"resourceVersion":"1234","continue":"eyJ2IjoibWV0YS5rOHMuaW8vdjEifQ","remainingItemCount":17},' +
          '"items":[{"metadata":{"name":"a"},"spec":{"containers":null},"status":{}},{"metadata":{"name":"b"},"spec":{"containers":[{"name":"c","resources":{}}]},"status":{}}]}',
      ),
    );
    // An empty list: items is a nil slice without omitempty.
    assert.deepStrictEqual(decodeResponse(envelope('v1', 'PodList', [sub(1, [str(2, '9')])])), {
      kind: 'PodList',
      apiVersion: 'v1',
      metadata: {resourceVersion: '9'},
      items: null,
    });
  });

  it('hands every pod of a response, and of the responses after, one shared frozen object per distinct shared sub-message', () => {
    const noSchedule = sub(22, [str(1, 'os'), str(2, 'Equal'), str(3, 'windows'), str(4, 'NoSchedule')]);
    const noExecute = sub(22, [str(1, 'node.kubernetes.io/not-ready'), str(2, 'Exists'), str(4, 'NoExecute'), int(5, 300)]);
    const limits = sub(8, [entry(1, 'cpu', quantity(2, '500m')), entry(2, 'cpu', quantity(2, '500m'))]);
    const spec = (tolerations: Part[], name: string) => [sub(2, container(name, [limits])), ...tolerations];
    const list = (names: string[], tolerations: Part[][]) =>
      envelope('v1', 'PodList', [sub(1, [str(2, '1')]), ...names.map((n, i) => sub(2, pod([str(1, n)], spec(tolerations[i], 'c'))))]);
    const first = decodeResponse(list(['a', 'b', 'c'], [[noSchedule, noExecute], [noSchedule, noExecute], [noExecute]])) as {items: PodJson[]};
    const [a, b, c] = first.items;
    const tolerationJson = [
      {key: 'os', operator: 'Equal', value: 'windows', effect: 'NoSchedule'},
      {key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300},
    ];
    const resources = {limits: {cpu: '500m'}, requests: {cpu: '500m'}};
    // A list's items carry no kind and apiVersion.
    const item = (metadata: object, spec: object) => JSON.parse(JSON.stringify({metadata, spec, status: {}}));
    assert.deepStrictEqual(a, item({name: 'a'}, {containers: [CONTAINER_JSON('c', {resources})], tolerations: tolerationJson}));
    assert.deepStrictEqual(c, item({name: 'c'}, {containers: [CONTAINER_JSON('c', {resources})], tolerations: [tolerationJson[1]]}));
    // The same bytes are one object, wherever they are in the pod's lists; other bytes another.
    assert.equal(a.spec.tolerations![0], b.spec.tolerations![0]);
    assert.equal(a.spec.tolerations![1], c.spec.tolerations![0]);
    assert.notEqual(a.spec.tolerations![0], a.spec.tolerations![1]);
    assert.equal(a.spec.containers[0].resources, c.spec.containers[0].resources);
    // Frozen all the way down; what is the pod's own (its spec, its lists, its containers) is not.
    const shared = a.spec.containers[0].resources as {limits: Record<string, string>};
    assert.ok(Object.isFrozen(shared) && Object.isFrozen(shared.limits) && Object.isFrozen(a.spec.tolerations![0]));
    assert.ok(!Object.isFrozen(a.spec) && !Object.isFrozen(a.spec.tolerations) && !Object.isFrozen(a.spec.containers[0]));
    assert.throws(() => {
      shared.limits.cpu = '1';
    }, TypeError);
    // A later response (the next page) gets the same objects for the same bytes.
    const next = decodeResponse(list(['d'], [[noExecute]])) as {items: PodJson[]};
    assert.equal(next.items[0].spec.tolerations![0], c.spec.tolerations![0]);
  });

  it('decodes past the bound of shared objects kept: thousands of distinct tolerations, each equal to its JSON', () => {
    const n = 5000;
    const names = Array.from({length: n}, (_, i) => `key-${i}`);
    const parts = names.map((k, i) => sub(2, pod([str(1, `p${i}`)], [sub(22, [str(1, k), str(2, 'Exists')])])));
    const got = decodeResponse(envelope('v1', 'PodList', [sub(1, [str(2, '1')]), ...parts, ...parts])) as {items: PodJson[]};
    for (let i = 0; i < 2 * n; i++) assert.deepStrictEqual(got.items[i].spec.tolerations, [{key: names[i % n], operator: 'Exists'}]);
  });

  it('decodes a Status error response (kind Status -> meta/v1.Status)', () => {
    const status = envelope('v1', 'Status', [
      sub(1, [str(1, ''), str(2, ''), str(3, '')]),
      str(2, 'Failure'),
      str(3, 'pods "nope" is forbidden: User "u" cannot get resource "pods" in API group "" in the namespace "web"'),
      str(4, 'Forbidden'),
      sub(5, [str(1, 'nope'), str(2, ''), str(3, 'pods'), str(6, ''), sub(4, [str(1, 'FieldValueInvalid'), str(2, 'bad'), str(3, 'spec')]), int(5, 0)]),
      int(6, 403),
    ]);
    assert.deepStrictEqual(
      decodeResponse(status),
      JSON.parse(
        '{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"pods \\"nope\\" is forbidden: User \\"u\\" cannot get resource \\"pods\\" in API group \\"\\" in the namespace \\"web\\"",' +
          '"reason":"Forbidden","details":{"name":"nope","kind":"pods","causes":[{"reason":"FieldValueInvalid","message":"bad","field":"spec"}]},"code":403}',
      ),
    );
  });

  describe('with a test-only message (types the pod schema has no field of)', () => {
    // Bytes, MicroTime, RawExtension, doubles, floats, uint64 and message-valued maps do not occur in
    // a Pod; the decoder's rules for them are checked on a message added to the schema for this test.
    const NAME = 'test.kubectl-win.dev/v1.Thing';
    const schema = MESSAGES as Record<string, ReadonlyArray<readonly [number, string, string, string]>>;
    before(() => {
      schema[NAME] = [
        [1, 'data', 'bytes', ''],
        [2, 'optData', 'bytes', 'o'],
        [3, 'micro', 'microtime', 'op'],
        [4, 'raw', 'raw', ''],
        [5, 'ratio', 'double', 'o'],
        [6, 'scale', 'float', ''],
        [7, 'big', 'uint64', ''],
        [8, 'refs', 'core/v1.LocalObjectReference', 'm'],
        [9, 'weights', 'double', 'r'],
        [10, 'microPlain', 'microtime', ''],
      ];
    });
    after(() => {
      delete schema[NAME];
    });
    const thing = (parts: Part[]) => decodeResponse(envelope('test.kubectl-win.dev/v1', 'Thing', parts));
    const base = {kind: 'Thing', apiVersion: 'test.kubectl-win.dev/v1'};

    it('bytes as base64 (null when absent, "" when empty, omitempty dropped)', () => {
      // As gogo writes it: the non-nullable RawExtension and MicroTime always (empty: null), numbers always.
      const plain: Part[] = [sub(4, []), [6, 5, 0], int(7, 0), sub(10, [])];
      assert.deepStrictEqual(thing([raw(1, Buffer.from([0, 1, 2, 250, 255])), raw(2, Buffer.alloc(0)), ...plain]), {
        ...base,
        data: 'AAEC+v8=',
        raw: null,
        scale: 0,
        big: 0,
        refs: null,
        weights: null,
        microPlain: null,
      });
      // Absent: the nil []byte, map and slice (no omitempty) print as null; the pointer MicroTime is left out.
      assert.deepStrictEqual(thing(plain), {...base, data: null, raw: null, scale: 0, big: 0, refs: null, weights: null, microPlain: null});
      assert.deepStrictEqual(thing([raw(1, Buffer.alloc(0)), raw(2, Buffer.from('hi'))]).data, '');
      assert.deepStrictEqual(thing([raw(2, Buffer.from('hi'))]).optData, 'aGk=');
    });

    it('MicroTime with six digits, RawExtension as its JSON, doubles, floats as float32 prints, uint64, message maps', () => {
      const got = thing([
        sub(3, [int(1, 1_700_000_000), int(2, 123_456_789)]),
        sub(10, [int(1, 1_700_000_000)]),
        sub(4, [raw(1, Buffer.from('{"a":[1,2.5,"ü",null,true]}'))]),
        [5, 1, 0.1],
        [6, 5, 0.1],
        int(7, 2n ** 64n - 1n),
        entry(8, 'x', sub(2, [str(1, 'n')])),
        entry(8, 'none'),
        [9, 1, 1.5],
        raw(9, Buffer.concat([Buffer.from(new Float64Array([-2, 1e300]).buffer)])),
      ]);
      assert.deepStrictEqual(
        got,
        JSON.parse(
          '{"kind":"Thing","apiVersion":"test.kubectl-win.dev/v1","data":null,"micro":"2023-11-14T22:13:20.123456Z","microPlain":"2023-11-14T22:13:20.000000Z",' +
            '"raw":{"a":[1,2.5,"ü",null,true]},"ratio":0.1,"scale":0.1,"big":18446744073709551615,"refs":{"x":{"name":"n"},"none":{}},"weights":[1.5,-2,1e300]}',
        ),
      );
      // float32 values print with the fewest digits that read back as the same float32.
      for (const f of [3.14, 1e-7, 16777217, 0.3, -2.5e38, 1.17549435e-38]) {
        const v = thing([[6, 5, f]]).scale;
        assert.equal(Math.fround(v as number), Math.fround(f), `float ${f}`);
        assert.ok(String(v).length <= 16, `float ${f} printed short: ${v}`);
      }
      assert.equal(thing([[6, 5, 3.14]]).scale, 3.14);
      assert.equal(thing([[5, 1, 0]]).ratio, undefined, 'an omitempty double of 0 is dropped');
    });
  });

  describe('errors', () => {
    const good = envelope('v1', 'PodList', [
      sub(1, [str(2, '77'), str(3, '')]),
      sub(
        2,
        pod(
          [str(1, 'a'), str(3, 'ns'), entry(11, 'app', str(2, 'web')), time(8, 1_700_000_000)],
          [sub(2, container('c', [str(3, 'x'), sub(8, [entry(1, 'cpu', quantity(2, '1'))])])), sub(14, [int(2, -1)])],
          [str(1, 'Running')],
        ),
      ),
      sub(2, pod([str(1, 'b')])),
    ]);
    const full = decodeResponse(good);

    const throwsDecode = (body: Buffer, match?: RegExp) => {
      let err: unknown;
      try {
        decodeResponse(body);
      } catch (e) {
        err = e;
      }
      assert.ok(err instanceof ProtobufDecodeError, `expected a ProtobufDecodeError, got ${err === undefined ? 'a result' : String(err)}`);
      if (match) assert.match((err as Error).message, match);
    };

    it('an unknown field number throws ProtobufDecodeError (a newer server), at any depth', () => {
      throwsDecode(envelope('v1', 'Pod', [...pod([str(1, 'a')]), str(99, 'new')]), /core\/v1\.Pod has no field 99/);
      throwsDecode(envelope('v1', 'Pod', pod([str(1, 'a'), str(16, 'x')])), /meta\/v1\.ObjectMeta has no field 16/);
      throwsDecode(
        envelope('v1', 'PodList', [sub(1, []), sub(2, pod([])), sub(2, pod([], [sub(2, container('c', [int(200, 1)]))]))]),
        /core\/v1\.Container has no field 200/,
      );
      // Even inside managedFields, which are skipped: a skipped field is skipped whole, so this one decodes.
      assert.doesNotThrow(() => decodePod(pod([sub(17, [str(99, 'x')])])));
    });

    it('an unknown kind or apiVersion throws ProtobufDecodeError', () => {
      throwsDecode(envelope('v1', 'Node', []), /no schema for v1 Node/);
      throwsDecode(envelope('apps/v1', 'Deployment', []), /no schema/);
      throwsDecode(envelope('v2', 'Pod', []), /no schema/);
      throwsDecode(Buffer.concat([PREFIX, msg([raw(2, Buffer.alloc(0))])]), /no schema/);
    });

    it('a missing "k8s\\0" prefix, an empty body, or JSON throws ProtobufDecodeError', () => {
      throwsDecode(good.subarray(4), /does not start with k8s/);
      throwsDecode(Buffer.alloc(0));
      throwsDecode(Buffer.from('{"kind":"PodList"}'));
      throwsDecode(Buffer.from('k8s'));
      assert.equal(isProtobuf(good.subarray(1)), false);
    });

    it('every truncation throws ProtobufDecodeError or (cut between envelope fields) decodes to the same object', () => {
      let decoded = 0;
      for (let n = 4; n < good.length; n++) {
        let result: unknown;
        try {
          result = decodeResponse(good.subarray(0, n));
        } catch (e) {
          assert.ok(e instanceof ProtobufDecodeError, `cut at ${n}/${good.length}: ${String(e)}`);
          continue;
        }
        decoded++;
        assert.deepStrictEqual(result, full, `cut at ${n}/${good.length} decoded to a different object`);
      }
      // Only the two cuts between whole envelope fields after raw (before contentEncoding, before contentType) decode.
      assert.equal(decoded, 2);
    });

    it('a length larger than what is left of its message throws instead of reading on', () => {
      // ObjectMeta{name:"a"} claiming 9 bytes inside a Pod whose spec follows: the overrun would read the spec as metadata.
      const meta = Buffer.concat([tag(1, 2), varint(9), Buffer.from('a')]);
      const podBytes = Buffer.concat([tag(1, 2), varint(meta.length), meta, msg([sub(2, [str(3, 'Always')]), sub(3, [])])]);
      throwsDecode(envelope('v1', 'Pod', podBytes), /overruns/);
      // A skipped managedFields entry whose length runs past ObjectMeta.
      const mf = Buffer.concat([tag(17, 2), varint(50), Buffer.from('xy')]);
      const pod2 = Buffer.concat([tag(1, 2), varint(mf.length), mf, msg([sub(2, []), sub(3, [])])]);
      throwsDecode(envelope('v1', 'Pod', pod2), /overruns/);
      // A Time message whose seconds varint runs past it.
      const t = Buffer.concat([tag(8, 2), varint(2), tag(1, 0), Buffer.from([0x80]), tag(3, 2), varint(1), Buffer.from('n')]);
      throwsDecode(envelope('v1', 'Pod', Buffer.concat([tag(1, 2), varint(t.length), t])), /overruns/);
      // A map entry whose value runs past it.
      const e = Buffer.concat([tag(11, 2), varint(5), tag(1, 2), varint(1), Buffer.from('k'), tag(2, 2), varint(3), Buffer.from('vvv')]);
      throwsDecode(envelope('v1', 'Pod', Buffer.concat([tag(1, 2), varint(e.length), e])), /overruns/);
    });

    it('a wire type that does not fit the field, a varint over ten bytes, and group wire types throw', () => {
      throwsDecode(envelope('v1', 'Pod', pod([int(1, 5)])), /wire type 0, expected 2/); // name as a varint
      throwsDecode(envelope('v1', 'Pod', pod([str(7, '5')])), /wire type 2, expected 0/); // generation as bytes
      throwsDecode(envelope('v1', 'Pod', pod([], [int(2, 1)]))); // containers as a varint
      throwsDecode(envelope('v1', 'Pod', Buffer.concat([tag(1, 2), varint(12), tag(7, 0), Buffer.alloc(11, 0xff)])), /varint/);
      throwsDecode(envelope('v1', 'Pod', Buffer.concat([tag(1, 3), tag(1, 4)])));
    });

    it('random byte corruption throws only ProtobufDecodeError (never RangeError, TypeError, SyntaxError)', () => {
      const seed = Number(process.env.PB_SEED ?? 1);
      const r = prng(seed);
      for (let i = 0; i < 3000; i++) {
        const bad = Buffer.from(good);
        const flips = 1 + Math.floor(r() * 3);
        for (let f = 0; f < flips; f++) bad[4 + Math.floor(r() * (bad.length - 4))] = Math.floor(r() * 256);
        try {
          decodeResponse(bad, {managedFields: r() < 0.5});
        } catch (e) {
          assert.ok(e instanceof ProtobufDecodeError, `seed ${seed} case ${i}: ${String(e)}`);
        }
      }
      // The decoder's state is not left broken by the failures.
      assert.deepStrictEqual(decodeResponse(good), full);
    });

    it('an envelope with a content encoding, or without an object, is not decoded', () => {
      throwsDecode(envelope('v1', 'Pod', pod([]), {contentEncoding: 'gzip'}), /content encoding/);
      throwsDecode(Buffer.concat([PREFIX, msg([sub(1, [str(1, 'v1'), str(2, 'Pod')])])]), /no object/);
      // A runtime.Unknown field this client does not know is skipped (it is not part of the object).
      assert.deepStrictEqual(decodeResponse(Buffer.concat([good, msg([str(9, 'x')])])), full);
    });
  });

  it('hasProtobufSchema: pods yes, nodes and deployments no', () => {
    assert.equal(hasProtobufSchema(RESOURCES.pods), true);
    assert.equal(hasProtobufSchema(RESOURCES.nodes), false);
    assert.equal(hasProtobufSchema(RESOURCES.deployments), false);
  });
});
