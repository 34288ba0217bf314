import {checkPodFields, FieldSelectorError, parseFieldSelector} from '../k8s/field-selector.js';
import {InputError} from '../errors.js';

/** --field-selector as the apiserver would judge it on a pod list: its words, exit 2, before any read. */
export function checkFieldSelectorFlag(value: string): void {
  try {
    checkPodFields(parseFieldSelector(value));
  } catch (err) {
    if (err instanceof FieldSelectorError) throw new InputError(`error: invalid --field-selector "${value}": ${err.message}`);
    throw err;
  }
}
