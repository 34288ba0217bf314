// Pods and templates the apiserver rejects before any QoS class exists: it cannot decode them (a
// wrong JSON type, a quantity that does not parse) or their resources fail validation (a request
// above its limit, hugepages without cpu or memory, ...). qos reports the apiserver's error and gives
// no class rather than guess one.
import {cannotBeHandled, decodeErrorAt, undecodableAt, type DecodeFailure} from '../../k8s/decode.js';
import {LATEST_MINOR} from '../../k8s/minor-versions.js';
import {errorBody} from '../../k8s/field-error.js';
import {InvalidQuantityError, readPodResources, type PodResources} from '../../k8s/pod-defaults.js';
import {validatePodResourceRules} from '../../k8s/pod-validation.js';
import {ERR_FORMAT_WRONG, ERR_NUMERIC, ERR_SUFFIX} from '../../k8s/quantity.js';
import {finding} from '../../report/finding.js';
import type {Finding, ObjectRef} from '../../report/types.js';
import type {Workload} from '../../k8s/snapshot.js';

const QUANTITY_ERRORS = new Set([ERR_FORMAT_WRONG, ERR_NUMERIC, ERR_SUFFIX]);

function undecodable(w: Workload, object: ObjectRef, failure: DecodeFailure, value?: unknown, minor: number = LATEST_MINOR): Finding {
  const quantity = QUANTITY_ERRORS.has(failure.error);
  const id = quantity ? 'qos/invalid-quantity' : 'qos/undecodable';
  const text = quantity
    ? `write ${value === undefined ? 'it' : JSON.stringify(value)} as a Kubernetes quantity, e.g. 500m, 0.5, 128Mi, 1Gi, 129e6`
    : 'give the field the type the API expects (a list, an object, a string, a number)';
  return finding(id, {object, field: failure.field, message: cannotBeHandled(w.kind, w.apiVersion, decodeErrorAt(failure, minor)), remedy: {text}});
}

/**
 * The object's resources as read, or the findings that say why the apiserver would reject it.
 * Objects read from the apiserver (`admitted`) were validated when written: not again.
 */
export function resourcesOrRejection(w: Workload, object: ObjectRef, minor?: number): {raw: PodResources} | {findings: Finding[]} {
  const failure = undecodableAt(w, minor ?? LATEST_MINOR);
  if (failure) return {findings: [undecodable(w, object, failure, undefined, minor)]};
  let raw: PodResources;
  try {
    raw = readPodResources(w.spec, w.specPath);
  } catch (err) {
    if (!(err instanceof InvalidQuantityError)) throw err;
    return {findings: [undecodable(w, object, {error: err.reason, field: err.field}, err.value)]};
  }
  if (w.admitted) return {raw};
  const errs = validatePodResourceRules(w.spec, w.specPath, w.template, raw, minor);
  if (errs.length === 0) return {raw};
  return {
    findings: errs.map((e) =>
      finding('qos/invalid-resources', {
        object,
        field: e.field,
        message: errorBody(e),
        remedy: {text: 'fix the resources as the message says: the apiserver rejects the pod, so it has no QoS class'},
      }),
    ),
  };
}
