// Fixtures that a unit test and an e2e test both use, so that the real apiserver and the pure code
// are checked on the very same input.

/** A full gMSA credential spec (the windows-gmsa sample's shape): the webhook's contents comparison compares against it. */
export const CREDSPEC = {
  CmsPlugins: ['ActiveDirectory'],
  DomainJoinConfig: {
    Sid: 'S-1-5-21-1',
    MachineAccountName: 'WebApp1',
    Guid: '244818ae-87ac-4fcd-92ec-e79e5252348a',
    DnsTreeName: 'contoso.com',
    DnsName: 'contoso.com',
    NetBiosName: 'CONTOSO',
  },
  ActiveDirectoryConfig: {
    GroupManagedServiceAccounts: [
      {Name: 'WebApp1', Scope: 'contoso.com'},
      {Name: 'WebApp1', Scope: 'CONTOSO'},
    ],
  },
};

/**
 * A Windows node and a gMSA pod on it that v1.34 decodes (podCertificate.userAnnotations is an
 * unknown field there, dropped) and v1.35 on cannot (it is a map[string]string there).
 */
export const MINOR_DEPENDENT_MANIFESTS = `apiVersion: v1
kind: Node
metadata: {name: win1, labels: {kubernetes.io/os: windows}}
status: {nodeInfo: {operatingSystem: windows, kernelVersion: 10.0.20348.2340}}
---
apiVersion: v1
kind: Pod
metadata: {name: certs, namespace: a}
spec:
  nodeName: win1
  os: {name: windows}
  securityContext: {windowsOptions: {gmsaCredentialSpecName: webapp1}}
  containers: [{name: a, image: x}]
  volumes:
  - name: certs
    projected:
      sources:
      - podCertificate: {signerName: example.com/x, keyType: ED25519, credentialBundlePath: b.pem, userAnnotations: "not a map"}
status: {phase: Running, qosClass: BestEffort}
`;

/** What an analysis says of the pod in MINOR_DEPENDENT_MANIFESTS where it cannot be decoded. */
export const MINOR_DEPENDENT_NOT_CHECKED =
  'Pod a/certs not checked: the apiserver cannot decode it (see lint/undecodable at spec.volumes[0].projected.sources[0].podCertificate.userAnnotations)';

/**
 * A pod spec of fields whose feature gate is off by default where they exist (alpha, or beta and
 * off), with `container` making each container from its extra fields: the apiserver drops them all.
 */
export function gatedOffByDefaultSpec(container: (extra?: Record<string, unknown>) => Record<string, unknown>): Record<string, unknown> {
  return {
    schedulingGroup: {podGroupName: 'g'},
    evictionResponders: [{name: 'example.com/r'}],
    workloadRef: {name: 'w', podGroup: 'g'},
    volumes: [{name: 'e', emptyDir: {mode: 448}}],
    containers: [
      container({
        livenessProbe: {httpGet: {port: 80, protocol: 'H2C'}},
        readinessProbe: {grpc: {port: 9000, mode: 'TLS'}},
        lifecycle: {preStop: {httpGet: {port: 80, protocol: 'H2C'}}, stopSignal: 'SIGTERM'},
        volumeMounts: [{name: 'e', mountPath: 'C:\\e', bindMountOptions: ['ro']}],
      }),
    ],
  };
}

/** A podCertificate projection wrong in each field v1.37 validates: signerName labels, a short expiration, absolute and `..` paths. */
export const MALFORMED_POD_CERTIFICATE = {
  signerName: 'corp/-bad.x',
  keyType: 'ED25519',
  maxExpirationSeconds: 60,
  keyPath: '/key.pem',
  certificateChainPath: '..chain.pem',
  credentialBundlePath: 'a/../b',
};
