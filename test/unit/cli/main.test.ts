import assert from 'node:assert/strict';
import {unknownCommand} from '../../../src/cli/main.js';

describe('cli/main unknownCommand', () => {
  it("turns oclif's 'command X not found' into one kubectl-style line", () => {
    assert.equal(unknownCommand(new Error('command nosuch not found')), 'error: unknown command "nosuch" for "kubectl win"; see kubectl win --help');
    assert.equal(unknownCommand(new Error('command gmsa:nosuch not found')), 'error: unknown command "gmsa nosuch" for "kubectl win"; see kubectl win --help');
  });

  it('says so when a command that takes no arguments is given some', () => {
    assert.match(unknownCommand(new Error('command psp:readiness:web:api not found'))!, /^error: "kubectl win psp readiness" takes no arguments, got "web api"/);
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
