// The POD... arguments of a command: `name` (a pod) or `kind/name`, read the way kubectl reads them
// (k8s.io/cli-runtime pkg/resource/builder.go: "arguments in resource/name form must have a single
// resource and name"), so the cluster and the manifests resolve them alike.
import {InputError} from '../errors.js';
import type {ResourceName} from '../k8s/resources.js';

/** kubectl's names and short names for the kinds `POD...` arguments may name (kind/name). */
const NAME_KINDS: Record<string, ResourceName> = {
  pod: 'pods',
  pods: 'pods',
  po: 'pods',
  deployment: 'deployments',
  deployments: 'deployments',
  deploy: 'deployments',
  replicaset: 'replicasets',
  replicasets: 'replicasets',
  rs: 'replicasets',
  statefulset: 'statefulsets',
  statefulsets: 'statefulsets',
  sts: 'statefulsets',
  daemonset: 'daemonsets',
  daemonsets: 'daemonsets',
  ds: 'daemonsets',
  job: 'jobs',
  jobs: 'jobs',
  cronjob: 'cronjobs',
  cronjobs: 'cronjobs',
  cj: 'cronjobs',
  replicationcontroller: 'replicationcontrollers',
  replicationcontrollers: 'replicationcontrollers',
  rc: 'replicationcontrollers',
};

interface NameArg {
  resource: ResourceName;
  name: string;
}

export function parseNameArg(arg: string): NameArg {
  const parts = arg.split('/');
  if (parts.length === 1) return {resource: 'pods', name: arg};
  if (parts.length !== 2 || parts[0] === '' || parts[1] === '') {
    throw new InputError(`error: arguments in resource/name form must have a single resource and name: "${arg}"`);
  }
  // `deployments.apps/web`: the group after the first dot names the same kind.
  const resource = NAME_KINDS[parts[0].toLowerCase().replace(/\..*$/, '')];
  if (!resource) throw new InputError(`error: the server doesn't have a resource type "${parts[0]}" that holds pods`);
  return {resource, name: parts[1]};
}
