// Every finding is made here from its catalogue entry (all-checks.ts): severity and source are the
// catalogue's, so what a command reports cannot drift from docs/checks.md.
import {ALL_CHECKS, type CheckId} from './all-checks.js';
import type {CheckDefinition} from './catalogue.js';
import type {Finding, ObjectRef, Remedy, Severity} from './types.js';
import {flat} from '../util/flat-string.js';

const BY_ID = new Map<string, CheckDefinition>(ALL_CHECKS.map((c) => [c.id, c]));

/** What a finding says beyond its catalogue entry. */
export interface FindingFields {
  object?: ObjectRef;
  field?: string;
  message: string;
  remedy?: Remedy;
}

/** The catalogue entry of a check id. */
export function checkOf(id: CheckId): CheckDefinition {
  return BY_ID.get(id)!;
}

/**
 * A finding of check `id`. Keys in the envelope's order (DESIGN.md, "Report"); absent fields are
 * left out rather than set to undefined.
 */
export function finding(id: CheckId, fields: FindingFields): Finding {
  return withSource(id, fields, checkOf(id).source, checkOf(id).severity);
}

/**
 * A finding whose source names the exact upstream file for this object, within what its catalogue
 * entry names (lint/api-not-served: the one generated lifecycle file, of the many its entry names, that
 * removed this apiVersion).
 */
export function findingWithRefinedSource(id: RefinedSourceCheckId, fields: FindingFields, source: string): Finding {
  return withSource(id, fields, source, checkOf(id).severity);
}

/** The checks whose findings each cite one file of the set their catalogue source names. */
export type RefinedSourceCheckId = 'lint/api-not-served';

/**
 * A finding at a lower severity than its catalogue entry's, when its entry's title says so
 * (lint/single-file-mount: info offline, where the nodes' runtime is unknown; lint/unknown-field: a
 * warning with --validate=warn, where the apiserver drops the field instead of rejecting the object).
 */
export function findingAtLowerSeverity(id: LowerSeverityCheckId, fields: FindingFields, severity: 'warning' | 'info'): Finding {
  return withSource(id, fields, checkOf(id).source, severity);
}

/** The checks whose catalogue entries name when they are reported at a lower severity. */
export type LowerSeverityCheckId = 'lint/single-file-mount' | 'lint/unknown-field';

/** Findings are kept to the end of the run (sorted then): their texts are kept joined (src/util/flat-string.ts). */
function withSource(id: CheckId, {object, field, message, remedy}: FindingFields, source: string, severity: Severity): Finding {
  const f = {id, severity} as Finding;
  if (object !== undefined) f.object = object;
  if (field !== undefined) f.field = flat(field);
  f.message = flat(message);
  f.source = source;
  if (remedy !== undefined) f.remedy = remedy;
  return f;
}
