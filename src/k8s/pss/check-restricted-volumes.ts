// restrictedVolumes (restricted): only configMap, csi, downwardAPI, emptyDir, ephemeral, image,
// persistentVolumeClaim, projected and secret volumes. Replaces hostPathVolumes in restricted.
// kubernetes/pod-security-admission policy/check_restrictedVolumes.go (v1.0)
import {HOST_PATH_VOLUMES_ID} from './check-host-path-volumes.js';
import {joinQuote, pluralize, sortedSet, v1} from './helpers.js';
import {ALLOWED, type Check, type CheckPodFn} from './types.js';

export const ALLOWED_VOLUME_TYPES = [
  'configMap',
  'csi',
  'downwardAPI',
  'emptyDir',
  'ephemeral',
  'image',
  'persistentVolumeClaim',
  'projected',
  'secret',
] as const;

/** The restricted sources, in the order the Go switch tests them; a volume with none is "unknown". */
const RESTRICTED_VOLUME_TYPES = [
  'hostPath',
  'gcePersistentDisk',
  'awsElasticBlockStore',
  'gitRepo',
  'nfs',
  'iscsi',
  'glusterfs',
  'rbd',
  'flexVolume',
  'cinder',
  'cephfs',
  'flocker',
  'fc',
  'azureFile',
  'vsphereVolume',
  'quobyte',
  'azureDisk',
  'photonPersistentDisk',
  'portworxVolume',
  'scaleIO',
  'storageos',
] as const;

const restrictedVolumes_1_0: CheckPodFn = (_meta, spec) => {
  const bad: string[] = [];
  const types: string[] = [];
  for (const vol of spec.volumes ?? []) {
    if (ALLOWED_VOLUME_TYPES.some((t) => vol[t] != null)) continue;
    // A volume with no source is defaulted to emptyDir by the apiserver before admission
    // (kubernetes/kubernetes pkg/apis/core/v1/defaults.go SetDefaults_Volume); templates read from
    // manifests are not defaulted yet, so do it here.
    if (Object.entries(vol).every(([k, v]) => k === 'name' || v == null)) continue;
    bad.push(vol.name);
    types.push(RESTRICTED_VOLUME_TYPES.find((t) => vol[t] != null) ?? 'unknown');
  }
  if (bad.length === 0) return ALLOWED;
  const distinct = sortedSet(types);
  return {
    allowed: false,
    forbiddenReason: 'restricted volume types',
    forbiddenDetail: `${pluralize('volume', 'volumes', bad.length)} ${joinQuote(bad)} ${pluralize('uses', 'use', bad.length)} ${pluralize('restricted volume type', 'restricted volume types', distinct.length)} ${joinQuote(distinct)}`,
  };
};

export const checkRestrictedVolumes: Check = {
  id: 'restrictedVolumes',
  level: 'restricted',
  versions: [{minimumVersion: v1(0), checkPod: restrictedVolumes_1_0, overrideCheckIDs: [HOST_PATH_VOLUMES_ID]}],
};
