// Pods on both sides of each validation change between v1.34 and v1.37 (src/k8s/minor-pod-rules.ts):
// lint's answer changes at `changesAt` (a unit test holds it to that), and the lint differential
// suite has every minor's apiserver judge each one, so both sides of every change are proven.
import {MALFORMED_POD_CERTIFICATE} from '../../support/fixtures.js';

type Obj = Record<string, unknown>;

export interface MinorCase {
  name: string;
  /** The first minor whose answer differs from the one before. */
  changesAt: number;
  spec: Obj;
}

const c = (extra: Obj = {}): Obj => ({name: 'a', image: 'mcr.microsoft.com/windows/nanoserver:ltsc2022', ...extra});
const windows = (spec: Obj): Obj => ({os: {name: 'windows'}, containers: [c()], ...spec});
const hostProcess = (spec: Obj): Obj =>
  windows({hostNetwork: true, securityContext: {windowsOptions: {hostProcess: true, runAsUserName: 'NT AUTHORITY\\SYSTEM'}}, ...spec});

const emptyDir = {name: 'env-files', emptyDir: {}};
const fromFile = (ref: Obj, extra: Obj = {}): Obj => c({env: [{name: 'FROM_FILE', valueFrom: {fileKeyRef: ref}, ...extra}]});
const goodRef = {key: 'CONFIG', path: 'config.env', volumeName: 'env-files'};
const projected = (sources: Obj[]): Obj => ({name: 'certs', projected: {sources}});
const goodCert = {signerName: 'example.com/pod-identity', keyType: 'ECDSAP256', credentialBundlePath: 'bundle.pem'};

export const BOTH_SIDES: readonly MinorCase[] = [
  {name: 'container restartPolicy not supported', changesAt: 35, spec: windows({containers: [c({restartPolicy: 'Bogus'})]})},
  {
    name: 'restartPolicyRules without restartPolicy',
    changesAt: 35,
    spec: windows({containers: [c({restartPolicyRules: [{action: 'Restart', exitCodes: {operator: 'In', values: [42]}}]})]}),
  },
  {
    name: 'restart rule action RestartAllContainers',
    changesAt: 36,
    spec: windows({
      containers: [c({restartPolicy: 'Never', restartPolicyRules: [{action: 'RestartAllContainers', exitCodes: {operator: 'In', values: [42]}}]})],
    }),
  },
  {
    name: 'restart rules on a sidecar',
    changesAt: 36,
    spec: windows({
      initContainers: [c({name: 'side', restartPolicy: 'Always', restartPolicyRules: [{action: 'Restart', exitCodes: {operator: 'In', values: [1]}}]})],
    }),
  },
  {
    name: 'restart rule without exitCodes, bad operator',
    changesAt: 35,
    spec: windows({
      initContainers: [
        c({name: 'i', restartPolicy: 'OnFailure', restartPolicyRules: [{action: 'Restart'}, {action: 'Restart', exitCodes: {operator: 'Bogus', values: []}}]}),
      ],
    }),
  },
  {
    name: 'too many restart rules: field.TooLong at v1.35, field.TooMany from v1.36',
    changesAt: 36,
    spec: windows({
      containers: [
        c({restartPolicy: 'Never', restartPolicyRules: Array.from({length: 21}, () => ({action: 'Restart', exitCodes: {operator: 'In', values: [1]}}))}),
      ],
    }),
  },
  {
    name: 'init container resizes with RestartContainer',
    changesAt: 36,
    spec: windows({initContainers: [c({name: 'i', resizePolicy: [{resourceName: 'cpu', restartPolicy: 'RestartContainer'}]})]}),
  },
  {
    name: 'image volume without reference, bad pullPolicy',
    changesAt: 35,
    spec: windows({
      volumes: [
        {name: 'v', image: {}},
        {name: 'w', image: {reference: 'x', pullPolicy: 'Bogus'}},
      ],
    }),
  },
  {name: 'hostnameOverride on a HostProcess pod', changesAt: 35, spec: hostProcess({hostnameOverride: 'web-0'})},
  {name: 'hostnameOverride too long and not a subdomain', changesAt: 35, spec: windows({hostnameOverride: `${'A'.repeat(65)}`, setHostnameAsFQDN: true})},
  {
    name: 'shareProcessNamespace with hostPID on a windows pod',
    changesAt: 37,
    spec: windows({shareProcessNamespace: true, hostPID: true, securityContext: {windowsOptions: {runAsUserName: ''}}}),
  },
  {name: 'shareProcessNamespace with hostPID on a linux pod', changesAt: 37, spec: {containers: [c()], shareProcessNamespace: true, hostPID: true}},
  {
    name: 'env from a file: dropped by v1.34, leaving a valueFrom with no source',
    changesAt: 35,
    spec: windows({volumes: [emptyDir], containers: [fromFile(goodRef)]}),
  },
  {
    name: 'env valueFrom with no source: fileKeyRef joins the list of sources',
    changesAt: 35,
    spec: windows({containers: [c({env: [{name: 'E', valueFrom: {}}]})]}),
  },
  {
    name: 'fileKeyRef without key and path, beside a value',
    changesAt: 35,
    spec: windows({volumes: [emptyDir], containers: [fromFile({volumeName: 'env-files'}, {value: 'x'})]}),
  },
  {
    name: 'fileKeyRef key, path and volumeName invalid',
    changesAt: 35,
    spec: windows({containers: [fromFile({key: 'A=B', path: '../config.env', volumeName: 'Env_Files'})]}),
  },
  {
    name: 'fileKeyRef naming a volume that is not an emptyDir, on an init container',
    changesAt: 35,
    spec: windows({volumes: [{name: 'cfg', configMap: {name: 'cfg'}}], initContainers: [{...fromFile({...goodRef, volumeName: 'cfg'}), name: 'i'}]}),
  },
  {
    name: 'fileKeyRef on an init container and a container, volumes not emptyDir or missing',
    changesAt: 35,
    spec: windows({
      volumes: [{name: 'cfg', configMap: {name: 'cfg'}}],
      initContainers: [{...fromFile({...goodRef, volumeName: 'cfg'}), name: 'i'}],
      containers: [fromFile({...goodRef, volumeName: 'gone'})],
    }),
  },
  {
    name: 'fileKeyRef key not ASCII, path with .. inside',
    changesAt: 35,
    spec: windows({volumes: [emptyDir], containers: [fromFile({...goodRef, key: 'caf\u00e9', path: 'a/../b'})]}),
  },
  {
    name: 'fileKeyRef beside fieldRef: two sources from v1.35',
    changesAt: 35,
    spec: windows({volumes: [emptyDir], containers: [c({env: [{name: 'E', valueFrom: {fileKeyRef: goodRef, fieldRef: {fieldPath: 'metadata.name'}}}]})]}),
  },
  {
    name: 'fileKeyRef errors, the windows errors, then the volume it names',
    changesAt: 35,
    spec: windows({hostPID: true, containers: [fromFile({key: 'A=B', path: '../config.env', volumeName: 'Env_Files'})]}),
  },
  {
    name: 'two podCertificates, one path: dropped to v1.36, conflicting at v1.37',
    changesAt: 37,
    spec: windows({volumes: [projected([{podCertificate: goodCert}, {podCertificate: {...goodCert, keyType: 'RSA4096'}}])]}),
  },
  {
    name: 'podCertificate with no path, a bad keyType and signerName',
    changesAt: 37,
    spec: windows({volumes: [projected([{podCertificate: {signerName: 'Example/x/y', keyType: 'RSA1024'}}])]}),
  },
  {
    name: 'podCertificate signerName labels, expiration, absolute and .. paths',
    changesAt: 37,
    spec: windows({volumes: [projected([{podCertificate: MALFORMED_POD_CERTIFICATE}])]}),
  },
  {
    name: 'podCertificate for a kubernetes.io signer, over a day; a path a secret uses; two types in one source',
    changesAt: 37,
    spec: windows({
      volumes: [
        projected([
          {secret: {name: 's', items: [{key: 'k', path: 'tls/key.pem'}]}},
          {
            podCertificate: {...goodCert, signerName: 'kubernetes.io/kube-apiserver-client-pod', maxExpirationSeconds: 86401, keyPath: 'tls/key.pem'},
            configMap: {name: 'c'},
          },
        ]),
      ],
    }),
  },
  {
    name: 'podCertificate beside an image volume: volume by volume',
    changesAt: 37,
    spec: windows({volumes: [{name: 'img', image: {}}, projected([{podCertificate: {...goodCert, keyType: ''}}])]}),
  },
  {
    name: 'clusterTrustBundle with both name and signerName, and a labelSelector: dropped to v1.36, one of them only at v1.37',
    changesAt: 37,
    spec: windows({
      volumes: [
        projected([{clusterTrustBundle: {name: 'n', signerName: 'example.com/s', labelSelector: {matchLabels: {app: 'web'}}, optional: true, path: 'ca.pem'}}]),
      ],
    }),
  },
  {
    name: 'clusterTrustBundle by name with a labelSelector; a name with a bad signer prefix; neither name nor signerName, no path',
    changesAt: 37,
    spec: windows({
      volumes: [
        projected([
          {clusterTrustBundle: {name: 'Bad_Bundle', labelSelector: {}, path: 'a.pem'}},
          {clusterTrustBundle: {name: 'a/b:c', path: 'b.pem'}},
          {clusterTrustBundle: {path: ''}},
        ]),
      ],
    }),
  },
  {
    name: 'clusterTrustBundle by signerName: empty, bad labels and operators, absolute and .. paths',
    changesAt: 37,
    spec: windows({
      volumes: [
        projected([
          {clusterTrustBundle: {signerName: '', path: '/ca.pem'}},
          {
            clusterTrustBundle: {
              signerName: 'corp/x',
              labelSelector: {
                matchLabels: {'bad key': 'a b'},
                matchExpressions: [
                  {key: 'k', operator: 'Exists', values: ['a']},
                  {key: 'k', operator: 'Bogus'},
                ],
              },
              path: '../ca.pem',
            },
          },
        ]),
      ],
    }),
  },
  {
    name: 'clusterTrustBundle and a secret claim one path, and a configMap beside it in one source',
    changesAt: 37,
    spec: windows({
      volumes: [
        projected([
          {secret: {name: 's', items: [{key: 'k', path: 'ca.pem'}]}},
          {clusterTrustBundle: {signerName: 'example.com/s', path: 'ca.pem'}, configMap: {name: 'c'}},
        ]),
      ],
    }),
  },
  {
    name: 'podCertificate userAnnotations: a key without a domain',
    changesAt: 37,
    spec: windows({volumes: [projected([{podCertificate: {...goodCert, userAnnotations: {'Example.com/Team': 'web', owner: 'x'}}}])]}),
  },
  {
    name: 'alpha user fields: dropped at v1.37, except in a source of two types',
    changesAt: 37,
    spec: windows({
      volumes: [
        projected([
          {serviceAccountToken: {path: 'token', user: -1}},
          {secret: {name: 's'}, podCertificate: {...goodCert, user: -5}},
          {secret: {name: 't'}, serviceAccountToken: {path: 'token2', user: 3000000000}},
        ]),
      ],
    }),
  },
  {
    name: 'a secret and a downwardAPI claim one path, at every minor; the podCertificate a configMap path from v1.37',
    changesAt: 37,
    spec: windows({
      volumes: [
        projected([
          {secret: {name: 's', items: [{key: 'k', path: 'ca.pem'}]}},
          {downwardAPI: {items: [{path: 'ca.pem', fieldRef: {fieldPath: 'metadata.name'}}]}},
          {configMap: {name: 'c', items: [{key: 'k', path: 'tls.pem'}]}},
          {podCertificate: {...goodCert, credentialBundlePath: 'tls.pem'}},
        ]),
      ],
    }),
  },
  {
    name: 'after an image volume: its index moves up where v1.34 drops the image volume',
    changesAt: 35,
    spec: windows({
      volumes: [
        {name: 'img', image: {reference: 'registry.k8s.io/pause:3.10'}},
        projected([{secret: {name: 's', items: [{key: 'k', path: 'x'}]}}, {configMap: {name: 'c', items: [{key: 'k', path: 'x'}]}}]),
      ],
    }),
  },
  {
    name: 'tolerations Lt and Gt: one supported-values list at v1.34, four names (still refused) from v1.35',
    changesAt: 35,
    spec: windows({
      hostPID: true,
      tolerations: [
        {key: 'k', operator: 'Lt', value: '5', effect: 'NoSchedule'},
        {key: 'Bad Key', operator: 'Gt', value: 'x'},
      ],
    }),
  },
  {
    name: 'toleration key and value worded as label keys and values from v1.35',
    changesAt: 35,
    spec: windows({
      tolerations: [
        {key: 'a/b/c', value: 'v'.repeat(64)},
        {operator: 'Equal', value: 'x', tolerationSeconds: 5},
      ],
    }),
  },
  {
    name: 'resizePolicy RestartContainer in a pod with restartPolicy Never: "pod `restartPolicy`" from v1.36',
    changesAt: 36,
    spec: windows({
      restartPolicy: 'Never',
      containers: [c({resizePolicy: [{resourceName: 'cpu', restartPolicy: 'RestartContainer'}], securityContext: {windowsOptions: {runAsUserName: ''}}})],
    }),
  },
  {
    name: 'env valueFrom before the restart rules of the same container',
    changesAt: 35,
    spec: windows({containers: [c({restartPolicy: 'Bogus', env: [{name: 'E', valueFrom: {}}]})]}),
  },
];
