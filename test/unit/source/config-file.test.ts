// The config file (issue 22): one versioned document, strictly checked; every problem one line
// naming the file and line.
import assert from 'node:assert/strict';
import {mkdtempSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {readConfigFile} from '../../../src/source/config-file.js';
import {readBaselineFile} from '../../../src/source/baseline-file.js';
import {InputError} from '../../../src/errors.js';

const dir = mkdtempSync(join(tmpdir(), 'config-file-'));
let n = 0;
function file(text: string): string {
  const path = join(dir, `c${n++}.yaml`);
  writeFileSync(path, text);
  return path;
}
const HEAD = 'apiVersion: kubectl-win.io/v1\nkind: Config\n';

function refused(path: string, message: RegExp, read: (path: string) => unknown = readConfigFile): void {
  assert.throws(
    () => read(path),
    (err: unknown) => {
      assert.ok(err instanceof InputError, String(err));
      assert.match(err.message, message);
      assert.equal(err.message.split('\n').length, 1, 'one line');
      return true;
    },
  );
}

describe('source/config-file', () => {
  it('reads ignore rules with their lines; a single string is a list of one', () => {
    const path = file(
      `${HEAD}ignore:\n  - checks: [lint/subpath-mount, "qos/*"]\n    namespaces: [team-*]\n    kinds: [Deployment]\n    names: [legacy-?]\n    reason: migrating\n  - checks: lint/os-name-missing\n    reason: all of them\n`,
    );
    assert.deepEqual(readConfigFile(path, 'shown.yaml'), {
      file: 'shown.yaml',
      ignore: [
        {checks: ['lint/subpath-mount', 'qos/*'], namespaces: ['team-*'], kinds: ['Deployment'], names: ['legacy-?'], reason: 'migrating', line: 4},
        {checks: ['lint/os-name-missing'], reason: 'all of them', line: 9},
      ],
    });
    assert.deepEqual(readConfigFile(file(HEAD)), {file: join(dir, `c${n - 1}.yaml`), ignore: []});
  });

  it('refuses a wrong apiVersion or kind, unknown keys, rules without checks or reason, and bad patterns, at their line', () => {
    refused(file('apiVersion: v1\nkind: Config\n'), /c\d+\.yaml:1: apiVersion must be kubectl-win\.io\/v1$/);
    refused(file('apiVersion: kubectl-win.io/v1\nkind: Baseline\n'), /:2: kind must be Config$/);
    refused(file(`${HEAD}ignores: []\n`), /:3: unknown key "ignores" in the file; known: apiVersion, kind, ignore$/);
    refused(file(`${HEAD}ignore:\n  - checks: [lint/*]\n    reasn: typo\n`), /:5: unknown key "reasn" in an ignore rule/);
    refused(file(`${HEAD}ignore:\n  - reason: why\n`), /:4: an ignore rule needs checks/);
    refused(file(`${HEAD}ignore:\n  - checks: [lint/*]\n`), /:4: an ignore rule needs a reason/);
    refused(file(`${HEAD}ignore:\n  - checks: []\n    reason: x\n`), /:4: checks must be a non-empty list of strings$/);
    refused(file(`${HEAD}ignore:\n  - checks: [lint/*]\n    names: ["web-[0-9]"]\n    reason: x\n`), /:5: names: "web-\[0-9\]": "\[" is not supported/);
    refused(file(`${HEAD}ignore:\n  - checks: [lint/*]\n    reason: 3\n`), /:5: reason must be a non-empty string$/);
    refused(file(`${HEAD}ignore: {checks: x}\n`), /:3: ignore must be a list of rules$/);
  });

  it('refuses invalid YAML, several documents, an empty file and a missing one', () => {
    refused(file(`${HEAD}ignore: [\n`), /:4: invalid YAML: /);
    refused(file(`${HEAD}---\n${HEAD}`), /invalid YAML: .*multiple documents/i);
    refused(file(''), /the file is empty/);
    refused(join(dir, 'absent.yaml'), /cannot read .*absent\.yaml: no such file$/);
    refused(file(`${HEAD}ignore: []\nignore: []\n`), /:4: invalid YAML: Map keys must be unique/);
  });

  it('the baseline reader is as strict', () => {
    const read = (p: string) => readBaselineFile(p);
    refused(file('apiVersion: kubectl-win.io/v1\nkind: Baseline\nfindings:\n  - object: {kind: Pod, name: p}\n'), /:4: a baseline entry needs an id$/, read);
    refused(
      file('apiVersion: kubectl-win.io/v1\nkind: Baseline\nfindings:\n  - id: lint/x\n    object: {kind: Pod}\n'),
      /:5: object needs kind and name$/,
      read,
    );
    refused(file('apiVersion: kubectl-win.io/v1\nkind: Baseline\nfindings:\n  - id: lint/x\n    severity: error\n'), /:5: unknown key "severity"/, read);
  });
});
