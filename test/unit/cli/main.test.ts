import assert from 'node:assert/strict';
import {unknownCommand, usageMistake} from '../../../src/cli/main.js';

describe('cli/main unknownCommand', () => {
  it("turns oclif's 'command X not found' into one kubectl-style line", () => {
    assert.equal(unknownCommand(new Error('command nosuch not found')), 'error: unknown command "nosuch" for "kubectl win"; see kubectl win --help');
    assert.equal(unknownCommand(new Error('command gmsa:nosuch not found')), 'error: unknown command "gmsa nosuch" for "kubectl win"; see kubectl win --help');
  });

  it('says so when a command that takes no arguments is given some', () => {
    assert.match(
      unknownCommand(new Error('command psp:readiness:web:api not found'))!,
      /^error: "kubectl win psp readiness" takes no arguments, got "web api"/,
    );
    assert.match(unknownCommand(new Error('command doctor:web not found'))!, /^error: "kubectl win doctor" takes no arguments, got "web"/);
  });

  it('a flag before any command is an unknown flag, not a command', () => {
    assert.equal(unknownCommand(new Error('command -v not found')), 'error: unknown flag: -v; see kubectl win --help');
  });

  it('leaves other errors to oclif', () => {
    assert.equal(unknownCommand(new Error('Nonexistent flag: --x')), undefined);
    assert.equal(unknownCommand(undefined), undefined);
  });
});

describe('cli/main usageMistake', () => {
  const ids = new Set(['qos', 'gmsa:check', 'gmsa:nltest', 'psp:readiness']);
  it('help of an unknown command is one line, exit 2 by the caller', () => {
    assert.equal(usageMistake(['help', 'foo'], ids), 'error: unknown command "foo" for "kubectl win"; see kubectl win --help');
    assert.equal(usageMistake(['help', 'gmsa', 'nosuch'], ids), 'error: unknown command "gmsa nosuch" for "kubectl win"; see kubectl win --help');
  });
  it('help of a command or topic, with or without more words, is left to the help', () => {
    for (const argv of [['help'], ['help', 'qos'], ['help', 'gmsa'], ['help', 'qos', 'iis-0'], ['help', 'gmsa', 'check']])
      assert.equal(usageMistake(argv, ids), undefined, argv.join(' '));
  });
  it('a flag on a topic or on the root is an unknown flag, in the one wording', () => {
    assert.equal(usageMistake(['gmsa', '--nosuch=1'], ids), 'error: unknown flag: --nosuch; see kubectl win gmsa --help');
    assert.equal(usageMistake(['-x'], ids), 'error: unknown flag: -x; see kubectl win --help');
    assert.equal(usageMistake(['gmsa', '-h'], ids), undefined);
    assert.equal(usageMistake(['qos', '--nosuch'], ids), undefined, 'a command parses its own flags');
  });
});
