// plugin.yaml against krew's validation rules (scripts/release/krew.ts restates them from
// kubernetes-sigs/krew internal/index/validation/validate.go and cmd/validate-krew-manifest).
import assert from 'node:assert/strict';
import {createHash} from 'node:crypto';
import {existsSync, readFileSync} from 'node:fs';
import {basename, join} from 'node:path';
import {parse} from 'yaml';
import {KREW_PLATFORMS, makeManifest, selectorMatches, validateManifest, type KrewPlugin} from '../../../scripts/release/krew.js';
import {archiveName, TARGETS} from '../../../scripts/release/targets.js';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const MANIFEST = join(ROOT, 'plugin.yaml');
const sha = (s: string) => createHash('sha256').update(s).digest('hex');

function valid(): KrewPlugin {
  return makeManifest('1.2.3', TARGETS.map((target) => ({target, sha256: sha(target.id)})));
}

describe('release/krew manifest rules', () => {
  it('accepts a generated manifest for all six targets', () => {
    assert.deepEqual(validateManifest('win', valid()), []);
  });

  const broken: Array<[string, (p: KrewPlugin) => void, RegExp]> = [
    ['wrong apiVersion', (p) => (p.apiVersion = 'krew.googlecontainertools.github.com/v1alpha1'), /apiVersion/],
    ['wrong kind', (p) => (p.kind = 'Plugins'), /kind/],
    ['name differs from the file name', (p) => (p.metadata!.name = 'windows'), /should be named "win"/],
    ['no short description', (p) => (p.spec!.shortDescription = ''), /short description/],
    ['multi-line short description', (p) => (p.spec!.shortDescription = 'a\nb'), /line breaks/],
    ['version without v', (p) => (p.spec!.version = '1.2.3'), /does not start with 'v'/],
    ['version not semver', (p) => (p.spec!.version = 'v1.2'), /failed to parse plugin version/],
    ['no platforms', (p) => (p.spec!.platforms = []), /platform specified/],
    ['platform without uri', (p) => delete p.spec!.platforms![0].uri, /`uri` has to be set/],
    ['platform without sha256', (p) => delete p.spec!.platforms![1].sha256, /`sha256` sum has to be set/],
    ['upper-case sha256', (p) => (p.spec!.platforms![1].sha256 = sha('x').toUpperCase()), /is not valid/],
    ['platform without bin', (p) => (p.spec!.platforms![2].bin = ''), /`bin` has to be set/],
    ['platform without selector', (p) => delete p.spec!.platforms![3].selector, /nil selector/],
    ['selector with other keys', (p) => (p.spec!.platforms![3].selector = {matchLabels: {os: 'linux', cpu: 'x'}}), /key "cpu" not supported/],
    ['empty matchLabels', (p) => (p.spec!.platforms![3].selector = {matchLabels: {}}), /empty/],
    ['overlapping selectors', (p) => (p.spec!.platforms![1].selector = {matchLabels: {os: 'linux'}}), /overlapping selectors: 2 platforms match os=linux arch=amd64/],
    ['empty files list', (p) => (p.spec!.platforms![0].files = []), /`files` has to be unspecified or non-empty/],
  ];
  for (const [what, mutate, error] of broken) {
    it(`rejects: ${what}`, () => {
      const p = valid();
      mutate(p);
      assert.match(validateManifest('win', p).join('\n'), error);
    });
  }

  it('rejects a name krew cannot install', () => {
    assert.match(validateManifest('con', {...valid(), metadata: {name: 'con'}}).join('\n'), /not allowed/);
    assert.match(validateManifest('a/b', {...valid(), metadata: {name: 'a/b'}}).join('\n'), /not allowed/);
  });

  it('matches selectors like a LabelSelector', () => {
    assert.equal(selectorMatches({matchLabels: {os: 'linux'}}, {os: 'linux', arch: 'arm64'}), true);
    assert.equal(selectorMatches({matchExpressions: [{key: 'arch', operator: 'In', values: ['amd64', 'arm64']}]}, {os: 'linux', arch: '386'}), false);
    assert.equal(selectorMatches({matchExpressions: [{key: 'os', operator: 'NotIn', values: ['windows']}]}, {os: 'darwin', arch: 'arm64'}), true);
    assert.equal(selectorMatches({matchExpressions: [{key: 'os', operator: 'DoesNotExist'}]}, {os: 'darwin', arch: 'arm64'}), false);
  });
});

describe('plugin.yaml (the committed krew manifest)', () => {
  const manifest = parse(readFileSync(MANIFEST, 'utf8')) as KrewPlugin;

  it('passes every krew validation rule, named after its file', () => {
    // krew-index keeps plugins/<name>.yaml; ours is plugin.yaml but describes the plugin "win".
    assert.deepEqual(validateManifest('win', manifest), []);
    assert.equal(manifest.metadata?.name, 'win');
  });

  it('has the package version with a v prefix', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
    assert.equal(manifest.spec?.version, `v${pkg.version}`);
  });

  it('covers linux, darwin and windows on amd64 and arm64, each with its archive and binary', () => {
    const platforms = manifest.spec?.platforms ?? [];
    for (const t of TARGETS) {
      const labels = {os: t.os, arch: t.arch};
      const matching = platforms.filter((p) => p.selector && selectorMatches(p.selector, labels));
      assert.equal(matching.length, 1, `${t.os}/${t.arch}`);
      assert.equal(basename(matching[0].uri!), archiveName(t));
      assert.equal(matching[0].bin, t.os === 'windows' ? 'kubectl-win.exe' : 'kubectl-win');
      assert.match(matching[0].uri!, new RegExp(`^https://github\\.com/[^/]+/[^/]+/releases/download/${manifest.spec!.version!.replace(/\./g, '\\.')}/`));
    }
    const unsupported = KREW_PLATFORMS.filter((p) => p.arch === '386');
    for (const p of unsupported) assert.equal(platforms.filter((pl) => selectorMatches(pl.selector!, p)).length, 0);
  });

  it('has no placeholders', () => {
    const text = readFileSync(MANIFEST, 'utf8');
    assert.doesNotMatch(text, /\{\{|TODO|PLACEHOLDER|0{64}/i);
  });

  it("each sha256 equals its archive's, for the archives built in release/", function () {
    const platforms = manifest.spec?.platforms ?? [];
    const present = platforms.filter((p) => existsSync(join(ROOT, 'release', basename(p.uri!))));
    if (present.length === 0) {
      // No release built in this checkout (npm run release): nothing to compare, and it says so.
      this.skip();
    }
    for (const p of present) {
      const actual = createHash('sha256').update(readFileSync(join(ROOT, 'release', basename(p.uri!)))).digest('hex');
      assert.equal(p.sha256, actual, basename(p.uri!));
    }
  });
});
