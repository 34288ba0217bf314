import assert from 'node:assert/strict';
import {ManifestSource} from '../../../src/source/manifest-source.js';
import {fieldPathOf, parseFieldPath} from '../../../src/source/positions.js';
import {linesAndColumns} from '../../../src/util/text-positions.js';
import type {LocateTarget, SourceLocation} from '../../../src/k8s/snapshot.js';

/** Locations of the targets in `text` read as standard input. */
function locate(text: string, targets: LocateTarget[]): Array<SourceLocation | undefined> {
  const source = new ManifestSource({filenames: ['-'], recursive: false, stdin: () => text});
  return source.capabilities().locate!(targets);
}

/** The text a location covers. */
function covered(text: string, loc: SourceLocation): string {
  const lines = text.split('\n');
  if (loc.line === loc.endLine) return lines[loc.line - 1].slice(loc.column - 1, loc.endColumn - 1);
  return [lines[loc.line - 1].slice(loc.column - 1), ...lines.slice(loc.line, loc.endLine - 1), lines[loc.endLine - 1].slice(0, loc.endColumn - 1)].join('\n');
}

const DEPLOYMENT = `# a comment
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
spec:
  template:
    spec:
      containers:
        - name: app
          image: mcr.microsoft.com/windows/servercore:ltsc2022
          securityContext:
            windowsOptions:
              runAsUserName: "NT AUTHORITY\\\\Bad\\\\User"
        - name: sidecar
          image: busybox
`;

describe('field paths (positions.ts)', () => {
  it('splits dots and brackets, a bracket holding an index or a map key with dots and slashes', () => {
    assert.deepEqual(parseFieldPath('spec.containers[0].resources.limits[hugepages-2Mi]'), ['spec', 'containers', '0', 'resources', 'limits', 'hugepages-2Mi']);
    assert.deepEqual(parseFieldPath('metadata.annotations[container.apparmor.security.beta.kubernetes.io/app]'), [
      'metadata',
      'annotations',
      'container.apparmor.security.beta.kubernetes.io/app',
    ]);
    assert.equal(parseFieldPath('spec.containers[0'), undefined);
    assert.equal(fieldPathOf(['spec', 'containers', '0', 'securityContext']), 'spec.containers[0].securityContext');
    assert.equal(fieldPathOf(['metadata', 'labels', 'kubernetes.io/os']), 'metadata.labels[kubernetes.io/os]');
  });

  it('counts lines and columns from 1, in one sweep whatever the order of the offsets', () => {
    assert.deepEqual(linesAndColumns('ab\ncd\n', [4, 0, 2, 3]), [
      {line: 2, column: 2},
      {line: 1, column: 1},
      {line: 1, column: 3},
      {line: 2, column: 1},
    ]);
  });
});

describe('Capabilities.locate on manifests', () => {
  it("finds a field's key and value in block YAML, from the key to the end of the value", () => {
    const [loc] = locate(DEPLOYMENT, [
      {kind: 'Deployment', namespace: 'shop', name: 'web', field: 'spec.template.spec.containers[0].securityContext.windowsOptions.runAsUserName'},
    ]);
    assert.deepEqual(loc, {file: '<stdin>', line: 15, column: 15, endLine: 15, endColumn: 55});
    assert.equal(covered(DEPLOYMENT, loc!), 'runAsUserName: "NT AUTHORITY\\\\Bad\\\\User"');
  });

  it('a list item is the item; a collection value ends at its last character, not the next line', () => {
    const [item, sc] = locate(DEPLOYMENT, [
      {kind: 'Deployment', name: 'web', field: 'spec.template.spec.containers[1]'},
      {kind: 'Deployment', name: 'web', field: 'spec.template.spec.containers[0].securityContext'},
    ]);
    assert.equal(covered(DEPLOYMENT, item!), 'name: sidecar\n          image: busybox');
    assert.deepEqual([sc!.line, sc!.endLine, sc!.endColumn], [13, 15, 55]);
  });

  it('a missing field points at its nearest ancestor in the file, and says which', () => {
    const [os, bare] = locate(DEPLOYMENT, [
      {kind: 'Deployment', name: 'web', field: 'spec.template.spec.os.name'},
      {kind: 'Deployment', name: 'web', field: 'status.phase'},
    ]);
    assert.equal(os!.ancestor, 'spec.template.spec');
    assert.equal(os!.line, 9);
    assert.ok(covered(DEPLOYMENT, os!).startsWith('spec:\n      containers:'));
    // Nothing of the path: the object itself (ancestor '').
    assert.equal(bare!.ancestor, '');
    assert.equal(bare!.line, 2);
  });

  it('no field: the whole object; an object not in the manifests or in another namespace: none', () => {
    const [obj, other, ns] = locate(DEPLOYMENT, [
      {kind: 'Deployment', name: 'web'},
      {kind: 'Deployment', name: 'api'},
      {kind: 'Deployment', namespace: 'default', name: 'web'},
    ]);
    assert.deepEqual([obj!.line, obj!.column, obj!.endLine, obj!.ancestor], [2, 1, 17, undefined]);
    assert.equal(other, undefined);
    assert.equal(ns, undefined);
  });

  it('finds objects in later documents of a multi-document file, at their own lines', () => {
    const text = `apiVersion: v1\nkind: Pod\nmetadata: {name: a}\nspec:\n  hostNetwork: true\n---\n# second\napiVersion: v1\nkind: Pod\nmetadata:\n  name: b\nspec:\n  hostNetwork: true\n`;
    const [a, b] = locate(text, [
      {kind: 'Pod', name: 'a', field: 'spec.hostNetwork'},
      {kind: 'Pod', name: 'b', field: 'spec.hostNetwork'},
    ]);
    assert.deepEqual([a!.line, a!.column], [5, 3]);
    assert.deepEqual([b!.line, b!.column], [13, 3]);
    assert.equal(covered(text, b!), 'hostNetwork: true');
  });

  it('finds the items of a List (YAML) and of nested Lists', () => {
    const text = `apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Pod\n  metadata: {name: a}\n  spec: {hostNetwork: true}\n- apiVersion: v1\n  kind: List\n  items:\n  - apiVersion: v1\n    kind: Pod\n    metadata: {name: b}\n    spec:\n      hostNetwork: true\n`;
    const [a, b] = locate(text, [
      {kind: 'Pod', name: 'a', field: 'spec.hostNetwork'},
      {kind: 'Pod', name: 'b', field: 'spec.hostNetwork'},
    ]);
    assert.deepEqual([a!.line, covered(text, a!)], [7, 'hostNetwork: true']);
    assert.deepEqual([b!.line, covered(text, b!)], [15, 'hostNetwork: true']);
  });

  it('finds fields in JSON: a List of objects, escaped keys, repeated keys (the last wins, as JSON.parse)', () => {
    const text = JSON.stringify(
      {
        apiVersion: 'v1',
        kind: 'List',
        items: [
          {apiVersion: 'v1', kind: 'Pod', metadata: {name: 'a'}, spec: {containers: [{name: 'c', image: 'x'}]}},
          {apiVersion: 'v1', kind: 'Pod', metadata: {name: 'b'}, spec: {hostNetwork: true, containers: [{name: 'c', image: 'y', args: ['a,b', '{]']}]}},
        ],
      },
      null,
      2,
    ).replace('"hostNetwork": true', '"hostNetwork": false, "host\\u004eetwork": true');
    const [image, host, missing] = locate(text, [
      {kind: 'Pod', name: 'b', field: 'spec.containers[0].image'},
      {kind: 'Pod', name: 'b', field: 'spec.hostNetwork'},
      {kind: 'Pod', name: 'a', field: 'spec.containers[0].securityContext.windowsOptions'},
    ]);
    assert.equal(covered(text, image!), '"image": "y"');
    assert.equal(covered(text, host!), '"host\\u004eetwork": true');
    assert.equal(missing!.ancestor, 'spec.containers[0]');
    assert.ok(covered(text, missing!).startsWith('{'));
  });

  it('finds fields in a single-line JSON object', () => {
    const text = '{"apiVersion":"v1","kind":"Pod","metadata":{"name":"a"},"spec":{"os":{"name":"windows"},"hostNetwork":true}}';
    const [loc] = locate(text, [{kind: 'Pod', name: 'a', field: 'spec.hostNetwork'}]);
    assert.deepEqual(loc, {file: '<stdin>', line: 1, column: 89, endLine: 1, endColumn: 107});
    assert.equal(covered(text, loc!), '"hostNetwork":true');
  });

  it('flow style, anchors and merge keys: the key where the value is written', () => {
    const text = `apiVersion: v1
kind: Pod
metadata: {name: a}
spec:
  securityContext: &sc {windowsOptions: {runAsUserName: "x\\\\y\\\\z"}}
  containers:
  - name: one
    securityContext: *sc
  - name: two
    resources:
      <<: &res
        limits: {cpu: "1"}
      requests: {cpu: "1"}
`;
    const [flow, viaAlias, merged, own] = locate(text, [
      {kind: 'Pod', name: 'a', field: 'spec.securityContext.windowsOptions.runAsUserName'},
      {kind: 'Pod', name: 'a', field: 'spec.containers[0].securityContext.windowsOptions'},
      {kind: 'Pod', name: 'a', field: 'spec.containers[1].resources.limits[cpu]'},
      {kind: 'Pod', name: 'a', field: 'spec.containers[1].resources.requests'},
    ]);
    assert.equal(covered(text, flow!), 'runAsUserName: "x\\\\y\\\\z"');
    // Through the alias: the field is written once, at the anchor.
    assert.deepEqual([viaAlias!.line, viaAlias!.ancestor], [5, undefined]);
    assert.equal(covered(text, merged!), 'cpu: "1"');
    assert.equal(merged!.line, 12);
    assert.equal(own!.line, 13);
  });

  it('the same object twice: the document where the whole field is', () => {
    const pod = (extra: string) => `apiVersion: v1\nkind: Pod\nmetadata: {name: a}\nspec:\n  containers: []${extra}\n`;
    const text = `${pod('')}---\n${pod('\n  hostNetwork: true')}`;
    const [loc] = locate(text, [{kind: 'Pod', name: 'a', field: 'spec.hostNetwork'}]);
    assert.deepEqual([loc!.line, loc!.ancestor], [12, undefined]);
  });
});

describe('positions at scale', () => {
  it('a one-line JSON List of 20,000 pods, each with a finding: every field found, in one pass', () => {
    const items = Array.from({length: 20_000}, (_, i) => ({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {name: `p-${i}`},
      spec: {containers: [{name: 'c', image: 'x'}]},
    }));
    const text = JSON.stringify({apiVersion: 'v1', kind: 'List', items});
    const locs = locate(
      text,
      items.map((p) => ({kind: 'Pod', name: p.metadata.name, field: 'spec.containers[0].image'})),
    );
    // One line: a range is the slice between its columns.
    assert.equal(locs.filter((l) => l?.line === 1 && l.ancestor === undefined && text.slice(l.column - 1, l.endColumn - 1) === '"image":"x"').length, 20_000);
  });
});
