// lint's findings for what the apiserver decides before validation: an object it cannot decode
// (error: the request is rejected with 400 and nothing else is checked) and fields it does not know,
// per the request's fieldValidation (kubectl --validate): Strict rejects them the same way (error),
// Warn drops them with a warning (a misplaced Windows option is silently lost), Ignore drops them.
// src/k8s/decode.ts decodes; this turns its answer into findings.
import type {Finding} from '../../report/types.js';
import type {Workload} from '../../k8s/snapshot.js';
import {cannotBeHandled, decodeErrorAt, strictDecodingError, unknownFieldMessage, type DecodeFailure, type FieldValidation} from '../../k8s/decode.js';
import {LATEST_MINOR} from '../../k8s/minor-versions.js';
import {InvalidQuantityError} from '../../k8s/pod-defaults.js';
import {droppedFields} from '../../k8s/dropped-fields.js';
import {finding, objectRef} from './finding.js';
import {findingAtLowerSeverity} from '../../report/finding.js';

const WINDOWS_OPTIONS = new Set(['windowsOptions', 'runAsUserName', 'gmsaCredentialSpecName', 'gmsaCredentialSpec', 'hostProcess']);

/** Where a misplaced field belongs, for the commonest Windows mistakes; else a generic remedy. */
function unknownFieldRemedy(path: string): string {
  const leaf = path.slice(path.lastIndexOf('.') + 1);
  if (leaf === 'windowsOptions') return 'Move windowsOptions under securityContext (of the pod spec or of a container)';
  if (WINDOWS_OPTIONS.has(leaf)) return `Move ${leaf} under securityContext.windowsOptions (of the pod spec or of a container)`;
  return 'Check the spelling (field names are case-sensitive) and where the field belongs: the apiserver drops fields it does not know';
}

export function undecodableFinding(w: Workload, failure: DecodeFailure, minor: number = LATEST_MINOR): Finding {
  return finding(w, 'lint/undecodable', failure.field, cannotBeHandled(w.kind, w.apiVersion, decodeErrorAt(failure, minor)), {
    text: 'Give the field the type the API expects (a list, an object, a string, a number, a quantity such as 500m or 1Gi)',
  });
}

/** The fields the apiserver of `minor` does not know in this object, in decoding order (decode.ts). */
export function unknownFieldsAt(w: Workload, minor: number): string[] {
  return w.unknownFieldsAt?.[minor] ?? w.unknownFields ?? [];
}

/**
 * The unknown fields as the apiserver of `minor` answers them under `validation`: Strict, one error
 * per field worded as the 400 it answers for that field alone (several share one message upstream:
 * `... strict decoding error: unknown field "a", unknown field "b"`); Warn, its warnings; Ignore, none.
 */
export function unknownFieldFindings(w: Workload, minor: number = LATEST_MINOR, validation: FieldValidation = 'Strict'): Finding[] {
  if (validation === 'Ignore') return [];
  return unknownFieldsAt(w, minor).map((path) => {
    const remedy = {text: unknownFieldRemedy(path)};
    if (validation === 'Warn')
      return findingAtLowerSeverity('lint/unknown-field', {object: objectRef(w), field: path, message: unknownFieldMessage(path), remedy}, 'warning');
    return finding(w, 'lint/unknown-field', path, cannotBeHandled(w.kind, w.apiVersion, strictDecodingError([unknownFieldMessage(path)])), remedy);
  });
}

/**
 * Runs `validate`, turning a quantity that does not parse into the decode error it is: objects read
 * without the decode pass (tests, and any caller that skips it) still get the apiserver's answer.
 */
export function validatedOrUndecodable(w: Workload, validate: () => Finding[]): Finding[] {
  try {
    return validate();
  } catch (err) {
    if (!(err instanceof InvalidQuantityError)) throw err;
    return [undecodableFinding(w, {error: err.reason, field: err.field})];
  }
}

/** Fields the apiserver of `minor` drops on create because their feature gate is off there (dropped-fields.ts). */
export function droppedFieldFindings(w: Workload, minor: number = LATEST_MINOR): Finding[] {
  return droppedFields(w.spec, w.specPath, minor).map((d) =>
    finding(
      w,
      'lint/field-dropped',
      d.field,
      `dropped by kube-apiserver v1.${minor} (feature gate ${d.gate} is off ${d.keptFrom === undefined ? 'by default, alpha' : `before v1.${d.keptFrom}`}): the pod is created without it`,
      {
        text:
          d.keptFrom === undefined
            ? `Remove the field (or turn the alpha ${d.gate} gate on)`
            : `Remove the field, or run Kubernetes v1.${d.keptFrom} or later (or turn the ${d.gate} gate on)`,
      },
    ),
  );
}
