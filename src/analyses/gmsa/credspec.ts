// Is a GMSACredentialSpec's content sane? The credential spec JSON is what New-CredentialSpec
// writes (ActiveDirectoryConfig.GroupManagedServiceAccounts with one entry scoped to the DNS domain
// and one to the NetBIOS domain; DomainJoinConfig with DnsName, NetBiosName, Guid, Sid,
// MachineAccountName) plus, for non-domain-joined nodes, HostAccountConfig (ccg.exe plug-in).
import type {Finding} from '../../report/types.js';
import type {KubeObject} from '../../k8s/object.js';
import {finding} from '../../report/finding.js';
import type {GmsaCheckId} from './checks.js';

const GUID = /^\{?[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\}?$/;

type Add = (id: GmsaCheckId, field: string, message: string, remedy?: string) => void;

interface DomainJoin {
  dns: string;
  netbios: string;
  guid?: string;
  machine?: string;
}

export function credSpecFindings(cs: KubeObject): Finding[] {
  const name = cs.metadata?.name ?? '';
  const object = {kind: 'GMSACredentialSpec', name};
  const out: Finding[] = [];
  const add: Add = (id, field, message, remedy) => {
    out.push(finding(id, {object, field, message, remedy: remedy ? {text: remedy} : undefined}));
  };

  const content = cs.credspec;
  if (content === undefined || content === null || content === '') {
    // kube_client.go retrieveCredSpecContents L109-111, word for word (rejects the pod at webhook.go L319-320 or L378-381).
    add(
      'gmsa/credspec-no-content',
      'credspec',
      `cred spec ${name} does not have a credspec key`,
      'Generate the credential spec with New-CredentialSpec and put its JSON under the top-level credspec key',
    );
    return out;
  }
  const dj = content.DomainJoinConfig ?? {};
  const domain: DomainJoin = {dns: dj.DnsName ?? '', netbios: dj.NetBiosName ?? '', guid: dj.Guid, machine: dj.MachineAccountName};
  domainJoinFindings(domain, add);
  accountFindings(content.ActiveDirectoryConfig?.GroupManagedServiceAccounts ?? [], domain, add);
  hostAccountFindings(content.ActiveDirectoryConfig?.HostAccountConfig, add);
  return out;
}

/** DomainJoinConfig: both domain names present, each of its own shape, and a GUID. */
function domainJoinFindings({dns, netbios, guid}: DomainJoin, add: Add): void {
  if (!dns || !netbios) {
    const missing = [!dns && 'DnsName', !netbios && 'NetBiosName'].filter(Boolean).join(' and ');
    add(
      'gmsa/credspec-domain',
      `credspec.DomainJoinConfig.${!dns ? 'DnsName' : 'NetBiosName'}`,
      `credspec.DomainJoinConfig has no ${missing}`,
      'Set DnsName to the domain FQDN (contoso.com) and NetBiosName to its NetBIOS name (CONTOSO)',
    );
  }
  if (dns && !dns.includes('.') && netbios.includes('.')) {
    add(
      'gmsa/credspec-domain-names',
      'credspec.DomainJoinConfig',
      `DnsName "${dns}" and NetBiosName "${netbios}" look swapped: DnsName is the dotted FQDN, NetBiosName the short name`,
      'Swap DnsName and NetBiosName',
    );
  } else domainNameShapeFindings(dns, netbios, add);
  if (guid && !GUID.test(guid))
    add(
      'gmsa/credspec-domain-names',
      'credspec.DomainJoinConfig.Guid',
      `Guid "${guid}" is not a GUID`,
      'Regenerate the credential spec with New-CredentialSpec',
    );
}

function domainNameShapeFindings(dns: string, netbios: string, add: Add): void {
  if (dns && !dns.includes('.'))
    add(
      'gmsa/credspec-domain-names',
      'credspec.DomainJoinConfig.DnsName',
      `DnsName "${dns}" is not a fully qualified DNS domain name (no dot)`,
      'Use the domain FQDN, e.g. contoso.com',
    );
  if (netbios.includes('.'))
    add(
      'gmsa/credspec-domain-names',
      'credspec.DomainJoinConfig.NetBiosName',
      `NetBiosName "${netbios}" contains a dot: a NetBIOS domain name is a single label`,
      'Use the NetBIOS name, e.g. CONTOSO',
    );
  else if (netbios.length > 15)
    add(
      'gmsa/credspec-domain-names',
      'credspec.DomainJoinConfig.NetBiosName',
      `NetBiosName "${netbios}" is longer than 15 characters`,
      'Use the NetBIOS name as Active Directory shows it (at most 15 characters)',
    );
}

/** GroupManagedServiceAccounts: at least one, each scoped to one of the domain names, one of them the MachineAccountName. */
function accountFindings(accounts: {Name?: string; Scope?: string}[], {dns, netbios, machine}: DomainJoin, add: Add): void {
  if (!Array.isArray(accounts) || accounts.length === 0) {
    add(
      'gmsa/credspec-no-account',
      'credspec.ActiveDirectoryConfig.GroupManagedServiceAccounts',
      'credspec.ActiveDirectoryConfig.GroupManagedServiceAccounts is empty: the container has no gMSA identity',
      'Add {"Name": "<gMSA name>", "Scope": "<DnsName>"} and {"Name": "<gMSA name>", "Scope": "<NetBiosName>"}',
    );
  } else {
    accounts.forEach((a, i) => {
      if (!a?.Name || !a?.Scope) {
        add(
          'gmsa/credspec-no-account',
          `credspec.ActiveDirectoryConfig.GroupManagedServiceAccounts[${i}]`,
          `GroupManagedServiceAccounts[${i}] needs both Name and Scope`,
          'Set Name to the gMSA account name and Scope to the domain',
        );
      } else if (dns && netbios && ![dns.toLowerCase(), netbios.toLowerCase()].includes(a.Scope.toLowerCase())) {
        add(
          'gmsa/credspec-account-mismatch',
          `credspec.ActiveDirectoryConfig.GroupManagedServiceAccounts[${i}].Scope`,
          `Scope "${a.Scope}" is neither DnsName "${dns}" nor NetBiosName "${netbios}"`,
          'Scope each entry to the DNS or the NetBIOS domain name',
        );
      }
    });
    if (machine && !accounts.some((a) => a?.Name && a.Name.toLowerCase() === machine.toLowerCase())) {
      add(
        'gmsa/credspec-account-mismatch',
        'credspec.DomainJoinConfig.MachineAccountName',
        `MachineAccountName "${machine}" is not among the GroupManagedServiceAccounts names (${accounts.map((a) => `"${a?.Name ?? ''}"`).join(', ')})`,
        'Use the same gMSA name in MachineAccountName and GroupManagedServiceAccounts',
      );
    }
  }
}

/** HostAccountConfig (the ccg.exe plug-in): its absence limits the spec to domain-joined nodes. */
function hostAccountFindings(host: KubeObject | undefined, add: Add): void {
  if (host) {
    const problems: string[] = [];
    if (!host.PluginGUID || !GUID.test(host.PluginGUID)) problems.push(`PluginGUID ${host.PluginGUID ? `"${host.PluginGUID}" is not a GUID` : 'is missing'}`);
    if (!host.PluginInput) problems.push('PluginInput is missing');
    if (host.PortableCcgVersion !== undefined && String(host.PortableCcgVersion) !== '1')
      problems.push(`PortableCcgVersion "${host.PortableCcgVersion}" is not "1"`);
    if (problems.length > 0)
      add(
        'gmsa/credspec-host-account',
        'credspec.ActiveDirectoryConfig.HostAccountConfig',
        `HostAccountConfig: ${problems.join('; ')}`,
        'Set PortableCcgVersion "1", the ccg plug-in PluginGUID and its PluginInput (e.g. the secret name for the plug-in)',
      );
  } else {
    add(
      'gmsa/credspec-domain-joined-nodes',
      'credspec.ActiveDirectoryConfig',
      'no HostAccountConfig: this credential spec works only on domain-joined Windows nodes',
      'For non-domain-joined nodes, add HostAccountConfig with a ccg.exe plug-in (e.g. the Azure Key Vault or the Kubernetes secret plug-in)',
    );
  }
}
