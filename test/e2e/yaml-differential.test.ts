// Differential test: the real kubectl (the test control plane's, v1.34) is the judge of how a
// manifest file reads. Each generated file is read by kubectl's own file reader (cli-runtime
// FileVisitor: BOM override, YAMLReader document split, sigs.k8s.io/yaml over go-yaml v2) with
// `kubectl label --local -f FILE -o json`, which needs no server (`create --dry-run=client` asks
// the server for the REST mapping first, and decodes into typed objects, which is the decoder's
// business, not the reader's). Accepted must equal our reading without problems, and the objects
// must be equal value for value. Reproduce with YAML_SEED=<seed>.
import assert from 'node:assert/strict';
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {isDeepStrictEqual} from 'node:util';
import {ensureBinaries} from '../../harness/build.js';
import {runProcess} from '../../harness/client.js';
import {Gen, prng} from '../support/random.js';
import {decodeManifestBytes} from '../../src/source/kubectl-yaml.js';
import {readManifests} from '../../src/source/manifest-parse.js';
import {pool} from '../../src/util/pool.js';

const SEED = Number(process.env.YAML_SEED ?? 1);
const RANDOM_SCALARS = Number(process.env.YAML_COUNT ?? 150);
const PROBE = 'kw-yaml-diff';

const head = (name: string) => `apiVersion: v1\nkind: Probe\nmetadata:\n  name: ${name}\n`;

/** Plain scalars that YAML 1.1, YAML 1.2 and go-yaml read differently. */
const SCALARS = [
  ...[
    'y',
    'Y',
    'yes',
    'Yes',
    'YES',
    'yEs',
    'n',
    'N',
    'no',
    'NO',
    'on',
    'On',
    'ON',
    'oN',
    'off',
    'Off',
    'OFF',
    'true',
    'True',
    'TRUE',
    'tRUE',
    'false',
    'False',
    'FALSE',
  ],
  ...['~', 'null', 'Null', 'NULL', 'nULL', ''],
  ...[
    '0',
    '00',
    '0777',
    '0778',
    '08',
    '0o17',
    '0O17',
    '0x1F',
    '0X1f',
    '0x',
    '+0x1F',
    '-0x1F',
    '0b101',
    '0B101',
    '-0b101',
    '+0b101',
    '0b2',
    '1_000',
    '1__0',
    '_1',
    '1_',
    '+12',
    '-12',
    '+',
    '-',
    '-0',
  ],
  ...['1.5', '1.', '.5', '+.5', '-.5', '._5', '1e3', '1E3', '1e+3', '1e-3', '1.5e3', '1e400', '-1e400', '1_0.5', '0.1e1_0'],
  ...['9223372036854775807', '9223372036854775808', '-9223372036854775808', '-9223372036854775809', '18446744073709551615', '18446744073709551616'],
  ...['2001-12-14', '2001-12-14t21:59:43.10-05:00', '2001-12-14 21:59:43.10', '190:20:30', '1:20', '12:30:00', '1.0.0', 'v1.2', '0.1.2'],
  ...['<<', '=', '.', '..', '...a', 'a:b', 'a b', '0xGG', '1e', '1e+', 'e3', 'Inf', 'NaN', 'infinity'],
];

/** Flow and quoted scalars around tabs and line breaks, the case of the PowerShell DaemonSet. */
const BODIES: Array<[string, string]> = [
  ['double-quoted, tab-indented continuation', '  a: "powershell -c \\"a;\n\tb\\""\n'],
  ['double-quoted, continuation after spaces and a tab', '  a: "one\n  \ttwo"\n  b: x\n'],
  ['double-quoted, unindented continuation', '  a: "one\ntwo"\n'],
  ['double-quoted, blank line then tab continuation', '  a: "one\n\n\ttwo  \n three"\n'],
  ['double-quoted, escaped line break and tab', '  a: "one\\\n\ttwo\\tthree"\n'],
  ['single-quoted, tab continuation', "  a: 'x\n\t  y'\n"],
  ['single-quoted, quote escape across lines', "  a: 'it''s\n\tfine'\n"],
  ['quoted scalar cut by a document marker', '  a: "x\n---\ny"\n'],
  ['plain scalar, tab-indented continuation', '  a: x\n\ty\n'],
  ['plain scalar, space-indented continuation', '  a: x\n   y\n'],
  ['a block sequence indented with a tab', '  a:\n\t- b\n'],
  ['a tab after the colon', '  a:\tb\n'],
  ['a tab before a comment', '  a: b\t# c\n'],
  ['tabs inside a flow sequence', '  a: [x,\ty,\t"z"]\n'],
  ['tabs inside a flow mapping', '  a: {x:\t1,\ty: 2}\n'],
  ['a literal block scalar with a tab inside', '  a: |\n    line\tone\n    \tline two\n'],
  ['a folded block scalar', '  a: >\n    one\n    two\n\n    three\n'],
  ['merge keys', '  base: &b {x: 1, y: 2}\n  m:\n    <<: *b\n    y: 3\n'],
  ['a repeated key', '  a: 1\n  a: 2\n'],
  ['quoted yes and a tagged string', '  a: "yes"\n  b: !!str on\n  c: !!str 0x10\n'],
  ['a NaN value', '  a: .nan\n'],
  ['an infinite value', '  a: -.Inf\n'],
  ['a null key', '  ~: 1\n'],
  ['a sequence as a key', '  ? [a]\n  : 1\n'],
  ['anchors and aliases', '  a: &x {k: v}\n  b: *x\n  c: [*x, *x]\n'],
  ['a Windows path in a plain scalar and in quotes', '  a: C:\\Windows\\System32\n  b: "C:\\\\k\\\\kubelet.exe"\n  c: \'C:\\k\'\n'],
];

interface Case {
  what: string;
  bytes: Buffer;
}

function scalarCases(): Case[] {
  const g = new Gen(prng(SEED));
  const alphabet = ['0', '1', '7', '9', '_', '.', 'e', 'E', '+', '-', 'x', 'b', 'o', ':', 'y', 'n'];
  const random = Array.from({length: RANDOM_SCALARS}, () => g.str(alphabet, 1 + g.int(6)));
  const scalars = [...new Set([...SCALARS, ...random])];
  return scalars.flatMap((s, i) => [
    {what: `value ${JSON.stringify(s)}`, bytes: Buffer.from(`${head(`v${i}`)}data:\n  k: ${s}\n  l: [${s}]\n`)},
    // Keys: a null key is refused by kubectl (a known difference below), so the empty scalar is left out.
    ...(s === '' ? [] : [{what: `key ${JSON.stringify(s)}`, bytes: Buffer.from(`${head(`k${i}`)}data:\n  ${s}: v\n`)}]),
  ]);
}

function encodingCases(): Case[] {
  const text = `${head('enc')}data:\n  a: "x\n\ty"\n  b: yes\n---\n${head('enc2')}`;
  const utf16le = Buffer.from(text, 'utf16le');
  return [
    {what: 'LF', bytes: Buffer.from(text)},
    {what: 'CRLF', bytes: Buffer.from(text.replaceAll('\n', '\r\n'))},
    {what: 'UTF-8 with a byte-order mark, CRLF', bytes: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text.replaceAll('\n', '\r\n'))])},
    {
      what: 'UTF-16LE with a byte-order mark (PowerShell 5.1 >), CRLF',
      bytes: Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text.replaceAll('\n', '\r\n'), 'utf16le')]),
    },
    {what: 'UTF-16BE with a byte-order mark', bytes: Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(utf16le).swap16()])},
    {
      what: 'UTF-8 with a mark, then JSON',
      bytes: Buffer.concat([
        Buffer.from([0xef, 0xbb, 0xbf]),
        Buffer.from(JSON.stringify({apiVersion: 'v1', kind: 'Probe', metadata: {name: 'j'}, data: {a: 'yes'}})),
      ]),
    },
    {what: 'document separators with comments and trailing blanks', bytes: Buffer.from(`${head('s1')}--- # next\n${head('s2')}---   \n${head('s3')}`)},
    {what: 'a separator followed by content', bytes: Buffer.from(`${head('s1')}--- {apiVersion: v1, kind: Probe, metadata: {name: s2}}\n`)},
  ];
}

function bodyCases(): Case[] {
  return BODIES.map(([what, body], i) => ({what, bytes: Buffer.from(`${head(`b${i}`)}data:\n${body}`)}));
}

/**
 * Where this reader and kubectl knowingly differ, each with why. Only these may differ; a case
 * listed here that agrees fails, so the list stays true.
 */
const KNOWN_DIFFERENCES = new Map<string, string>([]);

type Reading = {ok: true; objects: unknown[]} | {ok: false; error: string};

function ours(bytes: Buffer): Reading {
  const read = readManifests(decodeManifestBytes(bytes), 'f.yaml');
  if (read.problems.length > 0) return {ok: false, error: read.problems.map((p) => `${p.line}: ${p.reason}`).join('; ')};
  return {ok: true, objects: read.objects.map((o) => o.object)};
}

async function kubectl(bin: string, kubeconfig: string, file: string): Promise<Reading> {
  const r = await runProcess(bin, [`--kubeconfig=${kubeconfig}`, 'label', '--local', '-f', file, `${PROBE}=1`, '-o', 'json'], {
    env: {...process.env, KUBECONFIG: ''},
  });
  if (r.code !== 0) return {ok: false, error: r.stderr.trim()};
  // One JSON document per object, one after another.
  const objects = JSON.parse(`[${r.stdout.replace(/\n}\n\{/g, '\n},\n{')}]`) as unknown[];
  return {ok: true, objects: objects.map(withoutProbe)};
}

function withoutProbe(o: unknown): unknown {
  const obj = o as {metadata: {labels?: Record<string, string>}};
  delete obj.metadata.labels?.[PROBE];
  if (obj.metadata.labels && Object.keys(obj.metadata.labels).length === 0) delete obj.metadata.labels;
  return obj;
}

describe('YAML differential: manifest files vs the real kubectl reader (v1.34)', function () {
  this.timeout(600_000);
  let bin: string;
  let dir: string;
  let kubeconfig: string;

  before(async () => {
    bin = join((await ensureBinaries()).binDir, 'kubectl');
    dir = mkdtempSync(join(tmpdir(), 'kw-yaml-diff-'));
    // Never contacted (label --local); loopback only, should anything try.
    kubeconfig = join(dir, 'kubeconfig');
    writeFileSync(
      kubeconfig,
      'apiVersion: v1\nkind: Config\nclusters: [{name: c, cluster: {server: "https://127.0.0.1:1"}}]\ncontexts: [{name: c, context: {cluster: c, user: u}}]\ncurrent-context: c\nusers: [{name: u, user: {token: x}}]\n',
    );
    console.log(`      YAML_SEED=${SEED}`);
  });
  after(() => rmSync(dir, {recursive: true, force: true}));

  const groups: Array<[string, () => Case[]]> = [
    ['plain scalars as values and keys, listed and generated', scalarCases],
    ['tabs, quotes, block scalars, merge keys, refused values', bodyCases],
    ['line ends, byte-order marks, UTF-16, document separators', encodingCases],
  ];
  for (const [title, make] of groups) {
    it(title, async () => {
      const cases = make();
      const mismatches: string[] = [];
      let accepted = 0;
      await pool(cases, 4, async (c, i) => {
        const file = join(dir, `${make.name}-${i}.yaml`);
        writeFileSync(file, c.bytes);
        const [want, got] = [await kubectl(bin, kubeconfig, file), ours(c.bytes)];
        if (want.ok) accepted++;
        if (process.env.YAML_DEBUG) console.log(c.what, JSON.stringify(want).slice(0, 300));
        const same = want.ok === got.ok && (!want.ok || isDeepStrictEqual(want.objects, (got as {objects: unknown[]}).objects));
        const known = KNOWN_DIFFERENCES.get(c.what);
        if (same && known) mismatches.push(`${c.what}: listed as a known difference (${known}) but agrees`);
        if (!same && !known)
          mismatches.push(
            `${c.what}:\n  kubectl: ${JSON.stringify(want.ok ? want.objects : want.error)}\n  ours:    ${JSON.stringify(got.ok ? got.objects : got.error)}`,
          );
      });
      assert.ok(accepted > 0 && accepted < cases.length, `both outcomes are exercised (${accepted} of ${cases.length} accepted)`);
      assert.deepEqual(mismatches, [], `YAML_SEED=${SEED}: ${mismatches.length} of ${cases.length} differ from kubectl`);
    });
  }
});
