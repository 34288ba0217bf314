import assert from 'node:assert/strict';
import {fieldValidationOf, parseDuration, parseVerbosity, toOptions, withBareValidate} from '../../../src/cli/flags.js';
import {InputError} from '../../../src/errors.js';
import {checkInput, checkNameArgs} from '../../../src/cli/validate-input.js';

describe('cli/flags', () => {
  describe('parseDuration (kubectl --request-timeout)', () => {
    const cases: Array<[string, number]> = [
      ['0', 0],
      ['5', 5000],
      ['10s', 10_000],
      ['1m', 60_000],
      ['1h2m3s', 3_723_000],
      ['500ms', 500],
      ['1.5s', 1500],
    ];
    for (const [input, ms] of cases) {
      it(`${input} -> ${ms} ms`, () => assert.equal(parseDuration(input), ms));
    }
    for (const bad of ['', 'abc', '10x', '5 s', '-1s']) {
      it(`rejects "${bad}" with an input error`, () => assert.throws(() => parseDuration(bad), InputError));
    }
    it('names the flag it parses (gmsa nltest --timeout), --request-timeout by default', () => {
      assert.throws(() => parseDuration('xx'), /^InputError: invalid --request-timeout "xx": use a duration like 10s, 1m or 0$/);
      assert.throws(() => parseDuration('xx', '--timeout'), /^InputError: invalid --timeout "xx": use a duration like 10s, 1m or 0$/);
    });
  });

  describe('fieldValidationOf (kubectl --validate, GetValidationDirective)', () => {
    const cases: Array<[string, string]> = [
      ['strict', 'Strict'],
      ['warn', 'Warn'],
      ['ignore', 'Ignore'],
      // strconv.ParseBool's spellings, as kubectl takes them
      ...['true', 'True', 'TRUE', 't', 'T', '1'].map((v): [string, string] => [v, 'Strict']),
      ...['false', 'False', 'FALSE', 'f', 'F', '0'].map((v): [string, string] => [v, 'Ignore']),
    ];
    for (const [input, mode] of cases) it(`${input} -> ${mode}`, () => assert.equal(fieldValidationOf(input), mode));
    for (const bad of ['Strict', 'WARN', 'yes', '', 'tRUE', ' strict']) {
      it(`rejects ${JSON.stringify(bad)} with kubectl's words and the flag named`, () =>
        assert.throws(
          () => fieldValidationOf(bad),
          (e: Error) =>
            e instanceof InputError &&
            e.message === `error: invalid --validate option ${JSON.stringify(bad)}; must be one of: strict (or true), warn, ignore (or false)`,
        ));
    }
    it('a bare --validate is strict and never takes the next word (pflag NoOptDefVal), up to --', () => {
      assert.deepEqual(withBareValidate(['-f', 'x', '--validate', 'warn']), ['-f', 'x', '--validate=strict', 'warn']);
      assert.deepEqual(withBareValidate(['--validate=warn', '--', '--validate']), ['--validate=warn', '--', '--validate']);
    });
  });

  describe('toOptions', () => {
    const saved = {...process.env};
    afterEach(() => {
      process.env = {...saved};
    });

    it('colours only a terminal, and never with NO_COLOR or --no-color', () => {
      delete process.env.NO_COLOR;
      process.env.TERM = 'xterm';
      assert.equal(toOptions({}, true).color, true);
      assert.equal(toOptions({}, false).color, false);
      assert.equal(toOptions({'no-color': true}, true).color, false);
      process.env.NO_COLOR = '1';
      assert.equal(toOptions({}, true).color, false);
    });

    it('maps kubectl flags to options with kubectl defaults', () => {
      const o = toOptions({'all-namespaces': true, as: 'u', 'as-group': ['g1', 'g2'], 'request-timeout': '2s', filename: ['a.yaml'], output: 'json'}, false);
      assert.equal(o.allNamespaces, true);
      assert.deepEqual(o.asGroups, ['g1', 'g2']);
      assert.equal(o.requestTimeoutMs, 2000);
      assert.deepEqual(o.filenames, ['a.yaml']);
      assert.equal(o.output, 'json');
      assert.equal(o.failOn, 'error');
      assert.equal(o.strict, false);
      assert.equal(toOptions({strict: true}, false).strict, true);
      assert.equal(toOptions({}, false).output, 'text');
    });

    it('--as-group without --as is an input error (exit 2), as in kubectl', () => {
      assert.throws(
        () => toOptions({'as-group': ['g1']}, false),
        (err: Error) => /--as-group needs --as/.test(err.message) && err.name === 'InputError',
      );
      assert.deepEqual(toOptions({as: 'u', 'as-group': ['g1']}, false).asGroups, ['g1']);
    });
  });

  describe('input checked before any read (validate-input: checkInput, run by the base command right after toOptions)', () => {
    const usage = (pattern: RegExp) => (err: unknown) => err instanceof InputError && pattern.test(err.message);

    it('a malformed -l is exit 2 with the apimachinery message, naming the flag', () => {
      const check = (flags: Record<string, unknown>) => checkInput(toOptions(flags, false), [], 'workloads');
      assert.throws(
        () => check({selector: 'app in ('}),
        usage(/^error: invalid label selector -l "app in \(": unable to parse requirement: found '', expected: ',', '\)' or identifier$/),
      );
      assert.throws(() => check({selector: 'a=b=c', 'all-namespaces': true}), usage(/found '=', expected: ',' or 'end of string'$/));
    });

    it('a valid -l passes through; a blank one selects everything, as kubectl trims it', () => {
      assert.equal(toOptions({selector: 'app in (web, api),!canary'}, false).selector, 'app in (web, api),!canary');
      assert.equal(toOptions({selector: '  '}, false).selector, undefined);
    });

    it('-n must be a DNS-1123 label; an empty -n means the context namespace', () => {
      const check = (flags: Record<string, unknown>) => checkInput(toOptions(flags, false), [], 'workloads');
      assert.throws(() => check({namespace: 'a,b'}), usage(/^error: invalid namespace -n "a,b": a lowercase RFC 1123 label must consist of/));
      assert.throws(() => check({namespace: 'web.prod'}), usage(/invalid namespace -n "web\.prod": must not contain dots$/));
      assert.throws(() => check({namespace: 'x'.repeat(64)}), usage(/": must be no more than 63 characters$/));
      assert.doesNotThrow(() => check({namespace: 'web-1', selector: 'app in (web, api),!canary'}));
      assert.equal(toOptions({namespace: 'web-1'}, false).namespace, 'web-1');
      assert.equal(toOptions({namespace: ''}, false).namespace, undefined);
    });

    it('object names given as arguments are DNS-1123 subdomains; kind/name as kubectl reads it', () => {
      assert.doesNotThrow(() => checkNameArgs(['iis-0', 'deployment/web', 'deploy/a.b', 'cj/nightly'], 'workloads'));
      assert.throws(() => checkNameArgs(['Foo_Bar'], 'workloads'), usage(/^error: invalid Pod name "Foo_Bar": a lowercase RFC 1123 subdomain/));
      assert.throws(() => checkNameArgs(['deployment/Web'], 'workloads'), usage(/^error: invalid Deployment name "Web"/));
      assert.throws(() => checkNameArgs(['deployment/'], 'workloads'), usage(/must have a single resource and name: "deployment\/"$/));
      assert.throws(() => checkNameArgs(['a/b/c'], 'workloads'), usage(/must have a single resource and name/));
      assert.throws(() => checkNameArgs(['service/web'], 'workloads'), usage(/doesn't have a resource type "service"/));
      assert.throws(() => checkNameArgs(['node/x'], 'nodes'), usage(/^error: invalid Node name "node\/x"/));
      assert.doesNotThrow(() => checkNameArgs(['akswin000000'], 'nodes'));
      // rbac's arguments are command names (gmsa:check), not objects.
      assert.doesNotThrow(() => checkNameArgs(['gmsa:check'], 'none'));
    });

    it('names and -l together are refused, as kubectl refuses them', () => {
      assert.throws(() => checkNameArgs(['iis-0'], 'workloads', 'app=web'), usage(/^error: name cannot be provided when a selector is specified$/));
      assert.doesNotThrow(() => checkNameArgs([], 'workloads', 'app=web'));
    });
  });
});

describe('cli/flags kubectl connection flags and -v', () => {
  it('collects the connection flags that were given, none when none', () => {
    assert.equal(toOptions({}, false).connection, undefined);
    assert.deepEqual(toOptions({server: 'https://127.0.0.1:6443', token: 't', 'insecure-skip-tls-verify': true}, false).connection, {
      server: 'https://127.0.0.1:6443',
      token: 't',
      insecureSkipTlsVerify: true,
      certificateAuthority: undefined,
      tlsServerName: undefined,
      clientCertificate: undefined,
      clientKey: undefined,
      username: undefined,
      password: undefined,
    });
  });
  it('a --server without a scheme, or a CA with --insecure-skip-tls-verify, is a usage error', () => {
    assert.throws(() => toOptions({server: '127.0.0.1:6443'}, false), /--server "127.0.0.1:6443" is not an http\(s\) URL/);
    assert.throws(
      () => toOptions({'certificate-authority': 'ca.crt', 'insecure-skip-tls-verify': true}, false),
      /specifying a root certificates file with the insecure flag is not allowed/,
    );
  });
  it('-v=6, --v 8 and -v6 are log levels; anything else is a usage error', () => {
    assert.equal(parseVerbosity('=6'), 6);
    assert.equal(parseVerbosity('8'), 8);
    assert.equal(parseVerbosity(undefined), undefined);
    assert.throws(() => parseVerbosity('high'), /invalid argument "high" for "-v, --v" flag/);
  });
});
