import assert from 'node:assert/strict';
import {restartArgv, restartEnv, withoutOurMarks} from '../../../src/cli/jit-tiers.js';

describe('cli/jit-tiers: the executable restarts once with the FTL off', () => {
  it('restarts with BUN_JSC_useFTLJIT=0 and our mark, keeping the rest of the environment', () => {
    assert.deepEqual(restartEnv({HOME: '/h', KUBECONFIG: '/k'}, 'linux'), {HOME: '/h', KUBECONFIG: '/k', BUN_JSC_useFTLJIT: '0', KUBECTL_WIN_FTL_OFF: '1'});
    assert.equal(restartEnv({}, 'darwin')?.BUN_JSC_useFTLJIT, '0');
  });

  it('does not restart on Windows, when the user chose the option, or a second time', () => {
    assert.equal(restartEnv({}, 'win32'), undefined);
    assert.equal(restartEnv({BUN_JSC_useFTLJIT: '1'}, 'linux'), undefined);
    assert.equal(restartEnv({BUN_JSC_useFTLJIT: '0'}, 'linux'), undefined);
    assert.equal(restartEnv({KUBECTL_WIN_FTL_OFF: '1', BUN_JSC_useFTLJIT: '0'}, 'linux'), undefined);
  });

  it('the restarted process takes out only what it set', () => {
    const restarted: Record<string, string | undefined> = {HOME: '/h', BUN_JSC_useFTLJIT: '0', KUBECTL_WIN_FTL_OFF: '1'};
    withoutOurMarks(restarted);
    assert.deepEqual(restarted, {HOME: '/h'});
    const users: Record<string, string | undefined> = {BUN_JSC_useFTLJIT: '0'};
    withoutOurMarks(users);
    assert.deepEqual(users, {BUN_JSC_useFTLJIT: '0'});
  });
});

describe('cli/jit-tiers: the arguments it starts again with', () => {
  it('a compiled executable: its arguments after itself, the embedded entry left out', () => {
    assert.deepEqual(restartArgv('/usr/local/bin/kubectl-win', ['bun', '/$bunfs/root/kubectl-win', 'qos', '-l', 'a in (b, c)']), [
      '/usr/local/bin/kubectl-win',
      'qos',
      '-l',
      'a in (b, c)',
    ]);
  });

  it('bun running the entry from source: the script, then the arguments', () => {
    assert.deepEqual(restartArgv('/opt/bun', ['/opt/bun', 'src/cli/standalone.ts', 'doctor', '-A']), ['/opt/bun', 'src/cli/standalone.ts', 'doctor', '-A']);
  });
});
