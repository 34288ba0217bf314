// The Go structs embedded in the decoded API types (a field without a JSON name, `json:""`): their
// fields are promoted, and from v1.35 the decoder names the embedded struct in an error's field path
// (`Go struct field HTTPGetAction.spec.containers.livenessProbe.ProbeHandler.httpGet.port`):
// sigs.k8s.io/json v0.0.0-20250730193827 internal/golang/encoding/json/decode.go (object: the
// embedded fields' Go names join errorContext.FieldStack), pinned by kubernetes v1.35.4 to v1.37.2;
// v1.34.3 pins v0.0.0-20241014173422, which leaves them out. Taken from k8s.io/api v0.37.2
// {core,apps,batch}/v1/types.go (the same embeddings since v0.34). metav1.TypeMeta is left out: the
// serializer reads apiVersion and kind before this decoder runs.

/** From this minor, decode errors name embedded structs. */
export const EMBEDDED_FIELD_PATH_MINOR = 35;

/** Per struct: the embedded struct's Go name and the JSON names of the fields it promotes. */
const EMBEDDED: Record<string, Record<string, readonly string[]>> = {
  'core/v1.ConfigMapEnvSource': {LocalObjectReference: ['name']},
  'core/v1.ConfigMapKeySelector': {LocalObjectReference: ['name']},
  'core/v1.ConfigMapProjection': {LocalObjectReference: ['name']},
  'core/v1.ConfigMapVolumeSource': {LocalObjectReference: ['name']},
  'core/v1.EphemeralContainer': {
    EphemeralContainerCommon: [
      'name',
      'image',
      'command',
      'args',
      'workingDir',
      'ports',
      'envFrom',
      'env',
      'resources',
      'resizePolicy',
      'restartPolicy',
      'restartPolicyRules',
      'volumeMounts',
      'volumeDevices',
      'livenessProbe',
      'readinessProbe',
      'startupProbe',
      'lifecycle',
      'terminationMessagePath',
      'terminationMessagePolicy',
      'imagePullPolicy',
      'securityContext',
      'stdin',
      'stdinOnce',
      'tty',
    ],
  },
  'core/v1.Probe': {ProbeHandler: ['exec', 'httpGet', 'tcpSocket', 'grpc']},
  'core/v1.SecretEnvSource': {LocalObjectReference: ['name']},
  'core/v1.SecretKeySelector': {LocalObjectReference: ['name']},
  'core/v1.SecretProjection': {LocalObjectReference: ['name']},
  'core/v1.Volume': {
    VolumeSource: [
      'hostPath',
      'emptyDir',
      'gcePersistentDisk',
      'awsElasticBlockStore',
      'gitRepo',
      'secret',
      'nfs',
      'iscsi',
      'glusterfs',
      'persistentVolumeClaim',
      'rbd',
      'flexVolume',
      'cinder',
      'cephfs',
      'flocker',
      'downwardAPI',
      'fc',
      'azureFile',
      'configMap',
      'vsphereVolume',
      'quobyte',
      'azureDisk',
      'photonPersistentDisk',
      'projected',
      'portworxVolume',
      'scaleIO',
      'storageos',
      'csi',
      'ephemeral',
      'image',
    ],
  },
};

const BY_FIELD = new Map<string, Map<string, string>>(
  Object.entries(EMBEDDED).map(([struct, embeds]) => [
    struct,
    new Map(Object.entries(embeds).flatMap(([goName, fields]) => fields.map((f) => [f, goName] as [string, string]))),
  ]),
);

/** The Go name of the embedded struct that promotes `field` into `structKey`, if any. */
export function embeddedStructOf(structKey: string, field: string): string | undefined {
  return BY_FIELD.get(structKey)?.get(field);
}
