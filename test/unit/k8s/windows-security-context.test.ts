import assert from 'node:assert/strict';
import {errorString} from '../../../src/k8s/field-error.js';
import {
  DNS1123_SUBDOMAIN_MAX_LEN_MSG,
  DNS1123_SUBDOMAIN_REGEX_MSG,
  isDNS1123Subdomain,
  RUN_AS_USERNAME_MESSAGES as M,
  runAsUserNameErrors,
  validateWindowsSecurityContextOptions,
} from '../../../src/k8s/windows-security-context.js';

describe('runAsUserName (validateWindowsSecurityContextOptions)', () => {
  const cases: Array<[string, string, string[]]> = [
    ['plain user', 'ContainerUser', []],
    ['NT AUTHORITY\\SYSTEM (NetBIOS with a space)', 'NT AUTHORITY\\SYSTEM', []],
    ['DNS domain', 'corp.contoso.com\\web', []],
    ['empty', '', [M.empty]],
    ['a control character', 'web\tuser', [M.control]],
    ['DEL is a control character', 'web\x7f', [M.control]],
    ['C1 controls are not [[:cntrl:]]', 'web\u0085', []],
    ['control beats backslashes', 'a\\b\\c\x01', [M.control]],
    ['two backslashes', 'a\\b\\c', [M.backslashes]],
    ['leading backslash: empty domain', '\\user', [M.domainFormat]],
    ['trailing backslash: empty user', 'DOMAIN\\', [M.userEmpty]],
    ['NetBIOS may not start with a dot', '.corp\\user', [M.domainFormat]],
    ['NetBIOS forbids *', 'co*rp\\user', [M.domainFormat]],
    ['15 runes NetBIOS', `${'x'.repeat(15)}\\u`, []],
    ['16 chars need DNS form', `${'x'.repeat(16)}\\u`, []],
    ['16 chars with a space: neither form', `${'x'.repeat(15)} \\u`, [M.domainFormat]],
    ['NetBIOS counts runes, not bytes', `${'世'.repeat(15)}\\u`, []],
    ['16 runes of non-ASCII: neither form', `${'世'.repeat(16)}\\u`, [M.domainFormat]],
    ['DNS label of 63', `${'a'.repeat(63)}.com\\u`, []],
    ['DNS label of 64', `${'a'.repeat(64)}.com\\u`, [M.domainFormat]],
    ['NetBIOS allows inner dots', 'corp..com\\u', []],
    ['DNS with a double dot (too long for NetBIOS)', 'corporation..contoso.com\\u', [M.domainFormat]],
    ['domain of 255 bytes is fine', `${Array(4).fill('a'.repeat(63)).join('.')}\\u`, []],
    ['domain of 256 bytes', `${['a'.repeat(63), 'b'.repeat(63), 'c'.repeat(63), 'd'.repeat(62), 'e'].join('.')}\\u`, [M.domainLength]],
    ['domain length counts bytes', `${'é'.repeat(128)}\\u`, [M.domainLength, M.domainFormat]],
    ['user of 104 bytes', 'a'.repeat(104), []],
    ['user of 105 bytes', 'a'.repeat(105), [M.userLength]],
    ['user of 52 two-byte runes = 104 bytes', 'é'.repeat(52), []],
    ['user of 53 two-byte runes = 106 bytes', 'é'.repeat(53), [M.userLength]],
    ['only dots', '...', [M.userDotsSpaces]],
    ['only spaces after a domain', 'CORP\\   ', [M.userDotsSpaces]],
    ['dots and a letter', '.a.', []],
    ['UPN form', 'user@contoso.com', [M.userChars]],
    ['every rule after the split fires in order', `${'é'.repeat(128)}\\${'.'.repeat(105)}`, [M.domainLength, M.domainFormat, M.userLength, M.userDotsSpaces]],
    ['bad domain and forbidden user char', 'sixteen-chars-ab..c\\x@y', [M.domainFormat, M.userChars]],
    ['lone surrogate counts as U+FFFD (3 bytes)', `${'a'.repeat(102)}\ud800`, [M.userLength]],
  ];
  for (const [name, value, want] of cases) {
    it(name, () => assert.deepEqual(runAsUserNameErrors(value), want));
  }

  it('renders errors as the apiserver does (json.Marshal of *string)', () => {
    const errs = validateWindowsSecurityContextOptions({runAsUserName: 'a\\b\\<c>'}, 'spec.securityContext.windowsOptions');
    assert.deepEqual(errs.map(errorString), [
      'spec.securityContext.windowsOptions.runAsUserName: Invalid value: "a\\\\b\\\\\\u003cc\\u003e": runAsUserName cannot contain more than one backslash',
    ]);
  });

  it('prints the forbidden-characters message with its raw backslash', () => {
    assert.equal(M.userChars, 'runAsUserName\'s User cannot contain the following characters: "/\\:;|=,+*?<>@[]');
  });
});

describe('gMSA fields', () => {
  it('gmsaCredentialSpecName: DNS-1123 subdomain messages', () => {
    assert.deepEqual(isDNS1123Subdomain('gmsa-webapp1'), []);
    assert.deepEqual(isDNS1123Subdomain('gmsa-WebApp1'), [DNS1123_SUBDOMAIN_REGEX_MSG]);
    assert.deepEqual(isDNS1123Subdomain(''), [DNS1123_SUBDOMAIN_REGEX_MSG]);
    assert.deepEqual(isDNS1123Subdomain('a'.repeat(253)), []);
    assert.deepEqual(isDNS1123Subdomain('a'.repeat(254)), [DNS1123_SUBDOMAIN_MAX_LEN_MSG]);
    assert.deepEqual(isDNS1123Subdomain('A'.repeat(254)), [DNS1123_SUBDOMAIN_MAX_LEN_MSG, DNS1123_SUBDOMAIN_REGEX_MSG]);
    assert.equal(
      DNS1123_SUBDOMAIN_REGEX_MSG,
      "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
    );
  });

  it('gmsaCredentialSpec: empty and over 64 KiB, in field order name, spec, user', () => {
    const errs = validateWindowsSecurityContextOptions({runAsUserName: '', gmsaCredentialSpec: '', gmsaCredentialSpecName: 'X'}, 'p');
    assert.deepEqual(
      errs.map((e) => [e.field, e.rule]),
      [
        ['p.gmsaCredentialSpecName', 'gmsa-credential-spec-name'],
        ['p.gmsaCredentialSpec', 'gmsa-credential-spec'],
        ['p.runAsUserName', 'run-as-username'],
      ],
    );
    assert.equal(errorString(errs[1]), 'p.gmsaCredentialSpec: Invalid value: "": gmsaCredentialSpec cannot be an empty string');
    assert.deepEqual(validateWindowsSecurityContextOptions({gmsaCredentialSpec: 'x'.repeat(65536)}, 'p'), []);
    assert.equal(validateWindowsSecurityContextOptions({gmsaCredentialSpec: 'x'.repeat(65537)}, 'p')[0].detail, 'gmsaCredentialSpec size must be under 64 KiB');
  });

  it('ignores unset and null fields', () => {
    assert.deepEqual(validateWindowsSecurityContextOptions(undefined, 'p'), []);
    assert.deepEqual(validateWindowsSecurityContextOptions({runAsUserName: null, hostProcess: true}, 'p'), []);
  });
});
