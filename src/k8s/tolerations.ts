// ValidateTolerations (kubernetes/kubernetes pkg/apis/core/validation/validation.go, v1.34.3 to
// v1.37.2), reported after hostnameOverride and before the OS rules. From v1.35 the operators Lt and
// Gt are known, but their gate (TaintTolerationComparisonOperators) is off at every supported minor,
// so they are still refused, now with four supported values named; and label keys and values are
// worded by content.IsLabelKey/IsLabelValue (k8s.io/apimachinery v0.35: "a valid label key", bytes).
import type {V1PodSpec} from '@kubernetes/client-node';
import {invalid, notSupported, type FieldError} from './field-error.js';
import {isQualifiedName, isValidLabelValue} from './name-validation.js';
import type {TaggedFieldError} from './windows-security-context.js';
import {pushAll} from '../util/arrays.js';
import {CleanMemo} from '../util/clean-memo.js';

/** The first minor whose apiserver knows Lt and Gt (ValidateTolerations gained the case). */
const COMPARISON_OPERATORS_MINOR = 35;
/** The first minor whose label checks are content.IsLabelKey and IsLabelValue. */
const LABEL_CONTENT_WORDING_MINOR = 35;
const EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];

type Obj = Record<string, unknown>;
const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const tag = (e: FieldError): TaggedFieldError => ({...e, rule: 'toleration'});

function operatorErrors(t: Obj, at: string, minor: number): TaggedFieldError[] {
  const operator = str(t.operator);
  const value = str(t.value);
  const op = {go: 'json-string' as const, value: operator};
  if (operator === 'Equal' || operator === '') {
    const msgs = isValidLabelValue(value, minor >= LABEL_CONTENT_WORDING_MINOR);
    return msgs.length > 0 ? [tag(invalid(`${at}.operator`, {go: 'string', value}, msgs.join(';')))] : [];
  }
  if (operator === 'Exists')
    return value.length > 0 ? [tag(invalid(`${at}.operator`, {go: 'string', value}, "value must be empty when `operator` is 'Exists'"))] : [];
  const known = minor >= COMPARISON_OPERATORS_MINOR && (operator === 'Lt' || operator === 'Gt');
  return [tag(notSupported(`${at}.operator`, op, known ? ['Equal', 'Exists', 'Lt', 'Gt'] : ['Equal', 'Exists']))];
}

/** The toleration errors of the spec at `minor`, in order. */
export function tolerationErrors(spec: V1PodSpec, specPath: string, minor: number): TaggedFieldError[] {
  const errs: TaggedFieldError[] = [];
  ((spec.tolerations ?? []) as unknown as Obj[]).forEach((t, i) => {
    if (CLEAN.has(t, minor)) return;
    const before = errs.length;
    const at = `${specPath}.tolerations[${i}]`;
    const key = str(t.key);
    if (key.length > 0)
      for (const msg of isQualifiedName(key, minor >= LABEL_CONTENT_WORDING_MINOR)) errs.push(tag(invalid(`${at}.key`, {go: 'string', value: key}, msg)));
    if (key.length === 0 && t.operator !== 'Exists')
      errs.push(
        tag(
          invalid(
            `${at}.operator`,
            {go: 'json-string', value: str(t.operator)},
            'operator must be Exists when `key` is empty, which means "match all values and all keys"',
          ),
        ),
      );
    if (t.tolerationSeconds !== undefined && t.tolerationSeconds !== null && t.effect !== 'NoExecute')
      errs.push(tag(invalid(`${at}.effect`, {go: 'json-string', value: str(t.effect)}, "effect must be 'NoExecute' when `tolerationSeconds` is set")));
    pushAll(errs, operatorErrors(t, at, minor));
    const effect = str(t.effect);
    if (effect.length > 0 && !EFFECTS.includes(effect)) errs.push(tag(notSupported(`${at}.effect`, {go: 'json-string', value: effect}, EFFECTS)));
    if (errs.length === before) CLEAN.note(t, minor);
  });
  return errs;
}

/** Tolerations found clean: most pods carry the same few (the admission defaults among them). */
const CLEAN = new CleanMemo();
