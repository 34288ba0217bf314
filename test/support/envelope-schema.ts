// The versioned JSON Schema of the output envelope (docs/schema/kubectl-win-v1.json), loaded once.
import {readFileSync} from 'node:fs';
import {join} from 'node:path';
import {SchemaValidator, type Schema} from './json-schema.js';

export const ENVELOPE_SCHEMA_PATH = join(import.meta.dirname, '..', '..', 'docs', 'schema', 'kubectl-win-v1.json');

let validator: SchemaValidator | undefined;

/** The schema violations of one -o json document (empty when it is valid). */
export function envelopeErrors(doc: unknown): string[] {
  validator ??= new SchemaValidator(JSON.parse(readFileSync(ENVELOPE_SCHEMA_PATH, 'utf8')) as Schema);
  return validator.validate(doc);
}
