import assert from 'node:assert/strict';
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {delimiter, join} from 'node:path';
import {parse} from 'yaml';
import {kubeconfigFiles, loadMergedKubeconfig, selectContext} from '../../../src/source/kubeconfig.js';

describe('source/kubeconfig', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'kw-kubeconfig-'));
  });
  afterEach(() => rmSync(dir, {recursive: true, force: true}));

  const write = (name: string, text: string) => {
    const p = join(dir, name);
    writeFileSync(p, text);
    return p;
  };

  it('merges KUBECONFIG files as kubectl does: first file wins names and current-context; missing files skipped', () => {
    const a = write(
      'a',
      'current-context: one\nclusters:\n- name: c1\n  cluster: {server: "https://a:1", certificate-authority: ca.crt}\nusers:\n- name: u1\n  user: {token: t}\ncontexts:\n- name: one\n  context: {cluster: c1, user: u1, namespace: web}\n',
    );
    const b = write(
      'b',
      'current-context: two\nclusters:\n- name: c1\n  cluster: {server: "https://b:2"}\n- name: c2\n  cluster: {server: "https://c:3"}\nusers:\n- name: u2\n  user: {token: t2}\ncontexts:\n- name: two\n  context: {cluster: c2, user: u2}\n',
    );
    const files = kubeconfigFiles(undefined, {KUBECONFIG: [a, join(dir, 'missing'), b].join(delimiter)});
    assert.deepEqual(files, [a, b]);
    const merged = loadMergedKubeconfig(files);
    assert.equal(merged['current-context'], 'one');
    assert.equal((merged.clusters.find((c) => c.name === 'c1')!.cluster as {server: string}).server, 'https://a:1');
    assert.equal((merged.clusters.find((c) => c.name === 'c1')!.cluster as Record<string, string>)['certificate-authority'], join(dir, 'ca.crt'));
    const sel = selectContext(merged, {});
    assert.equal(sel.context, 'one');
    assert.equal(sel.namespace, 'web');
    const other = selectContext(merged, {context: 'two'});
    assert.equal((parse(other.yaml()).clusters[0].cluster as {server: string}).server, 'https://c:3');
  });

  it('--cluster and --user override the context', () => {
    const a = write(
      'a',
      'current-context: one\nclusters:\n- {name: c1, cluster: {server: "https://a:1"}}\n- {name: c2, cluster: {server: "https://b:2"}}\nusers:\n- {name: u1, user: {token: t}}\ncontexts:\n- {name: one, context: {cluster: c1, user: u1}}\n',
    );
    const sel = selectContext(loadMergedKubeconfig([a]), {cluster: 'c2'});
    assert.equal(parse(sel.yaml()).clusters[0].name, 'c2');
  });

  it('reads YAML as client-go does: YAML 1.1 booleans, a repeated key keeps its last value, merge keys', () => {
    const a = write(
      'a',
      [
        'current-context: one',
        'base: &base {server: "https://first:1"}',
        'clusters:',
        '- name: c1',
        '  cluster:',
        '    server: https://first:1',
        '    server: https://last:2',
        '    insecure-skip-tls-verify: yes',
        '- name: c2',
        '  cluster:',
        '    <<: *base',
        '    insecure-skip-tls-verify: On',
        'users:',
        '- name: u1',
        '  user: {token: "0777", exec: {command: p, provideClusterInfo: no}}',
        'contexts:',
        '- {name: one, context: {cluster: c1, user: u1}}',
        '- {name: two, context: {cluster: c2, user: u1}}',
        '',
      ].join('\n'),
    );
    const merged = loadMergedKubeconfig([a]);
    const one = selectContext(merged, {});
    assert.deepEqual(one.cluster, {server: 'https://last:2', 'insecure-skip-tls-verify': true});
    assert.deepEqual(one.user, {token: '0777', exec: {command: 'p', provideClusterInfo: false}});
    assert.deepEqual(selectContext(merged, {context: 'two'}).cluster, {server: 'https://first:1', 'insecure-skip-tls-verify': true});
  });

  it('says clearly what is missing', () => {
    const a = write('a', 'clusters: []\nusers: []\ncontexts: []\n');
    assert.throws(() => selectContext(loadMergedKubeconfig([a]), {context: 'nope'}), /context "nope" does not exist/);
    assert.throws(() => selectContext(loadMergedKubeconfig([a]), {}), /no current context/);
    assert.throws(() => kubeconfigFiles(join(dir, 'none')), /does not exist/);
    assert.throws(() => kubeconfigFiles(undefined, {KUBECONFIG: join(dir, 'none')}), /none of the files in KUBECONFIG exist/);
    const bad = write('bad', 'clusters: [\n');
    assert.throws(() => loadMergedKubeconfig([bad]), /cannot load kubeconfig/);
  });
});
