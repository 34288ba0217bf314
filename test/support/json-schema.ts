// A small JSON Schema (2020-12) validator for the keywords docs/schema/kubectl-win-v1.json uses,
// and only those: type, const, enum, pattern, minimum, properties, required, additionalProperties,
// items, $ref (local "#/$defs/..."), allOf, oneOf, if/then. An unknown keyword in a schema is an
// error, so the schema cannot grow a rule this validator silently ignores.
type Json = null | boolean | number | string | Json[] | {[k: string]: Json};
export type Schema = {[k: string]: unknown};

const ANNOTATIONS = new Set(['$schema', '$id', 'title', 'description', '$defs']);
const KEYWORDS = new Set([
  'type',
  'const',
  'enum',
  'pattern',
  'minimum',
  'properties',
  'required',
  'additionalProperties',
  'items',
  '$ref',
  'allOf',
  'oneOf',
  'if',
  'then',
]);

function typeOf(v: Json): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

function hasType(v: Json, t: string): boolean {
  const actual = typeOf(v);
  return actual === t || (t === 'number' && actual === 'integer');
}

const isObject = (v: Json): v is {[k: string]: Json} => typeOf(v) === 'object';

export class SchemaValidator {
  constructor(private readonly root: Schema) {}

  /** Every violation, as "path: what" lines; empty when the value is valid. */
  validate(value: unknown): string[] {
    const errors: string[] = [];
    this.check(this.root, value as Json, '$', errors);
    return errors;
  }

  private resolve(ref: string): Schema {
    const m = /^#\/\$defs\/([^/]+)$/.exec(ref);
    const defs = this.root.$defs as Record<string, Schema> | undefined;
    if (!m || !defs?.[m[1]]) throw new Error(`unsupported or unknown $ref ${ref}`);
    return defs[m[1]];
  }

  private check(schema: Schema, v: Json, path: string, errors: string[]): void {
    for (const k of Object.keys(schema)) if (!KEYWORDS.has(k) && !ANNOTATIONS.has(k)) throw new Error(`unsupported keyword ${k} at ${path}`);
    if (schema.$ref !== undefined) this.check(this.resolve(schema.$ref as string), v, path, errors);
    if (schema.type !== undefined) {
      const types = Array.isArray(schema.type) ? (schema.type as string[]) : [schema.type as string];
      if (!types.some((t) => hasType(v, t))) {
        errors.push(`${path}: is ${typeOf(v)}, want ${types.join(' or ')}`);
        return;
      }
    }
    if ('const' in schema && JSON.stringify(v) !== JSON.stringify(schema.const))
      errors.push(`${path}: is ${JSON.stringify(v)}, want ${JSON.stringify(schema.const)}`);
    if (schema.enum !== undefined && !(schema.enum as Json[]).some((e) => JSON.stringify(e) === JSON.stringify(v)))
      errors.push(`${path}: ${JSON.stringify(v)} is not one of ${JSON.stringify(schema.enum)}`);
    if (schema.pattern !== undefined && typeof v === 'string' && !new RegExp(schema.pattern as string, 'u').test(v))
      errors.push(`${path}: "${v}" does not match ${schema.pattern}`);
    if (schema.minimum !== undefined && typeof v === 'number' && v < (schema.minimum as number)) errors.push(`${path}: ${v} is below ${schema.minimum}`);
    if (isObject(v)) this.checkObject(schema, v, path, errors);
    if (Array.isArray(v) && schema.items !== undefined) v.forEach((item, i) => this.check(schema.items as Schema, item, `${path}[${i}]`, errors));
    for (const sub of (schema.allOf as Schema[] | undefined) ?? []) this.check(sub, v, path, errors);
    if (schema.oneOf !== undefined) {
      const passing = (schema.oneOf as Schema[]).filter((sub) => this.validateAt(sub, v, path).length === 0).length;
      if (passing !== 1) errors.push(`${path}: matches ${passing} of the oneOf schemas, want exactly 1`);
    }
    if (schema.if !== undefined && this.validateAt(schema.if as Schema, v, path).length === 0 && schema.then !== undefined) {
      this.check(schema.then as Schema, v, path, errors);
    }
  }

  private checkObject(schema: Schema, v: {[k: string]: Json}, path: string, errors: string[]): void {
    for (const r of (schema.required as string[] | undefined) ?? []) if (!(r in v)) errors.push(`${path}: missing required field "${r}"`);
    const props = (schema.properties as Record<string, Schema> | undefined) ?? {};
    for (const [k, value] of Object.entries(v)) {
      const at = `${path}.${k}`;
      if (props[k]) this.check(props[k], value, at, errors);
      else if (schema.additionalProperties === false) errors.push(`${at}: not allowed`);
      else if (typeof schema.additionalProperties === 'object') this.check(schema.additionalProperties as Schema, value, at, errors);
    }
  }

  private validateAt(schema: Schema, v: Json, path: string): string[] {
    const errors: string[] = [];
    this.check(schema, v, path, errors);
    return errors;
  }
}
