// SARIF validated by others' opinion, not ours (issue 22): the official SARIF 2.1.0 JSON schema
// (test/fixtures/sarif/sarif-schema-2.1.0.json, from oasis-tcs/sarif-spec
// sarif-2.1/schema/sarif-schema-2.1.0.json at commit e0583813964ec43cea53b6b531b402866095ed1f)
// with ajv, and Microsoft's validator (`Sarif.Multitool validate`, @microsoft/sarif-multitool 5.7.0).
import {spawnSync} from 'node:child_process';
import {accessSync, chmodSync, constants, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {Ajv, type ValidateFunction} from 'ajv';
import {PROJECT_ROOT} from '../../harness/build.js';

const SCHEMA_FILE = join(PROJECT_ROOT, 'test', 'fixtures', 'sarif', 'sarif-schema-2.1.0.json');
const MULTITOOL = join(PROJECT_ROOT, 'node_modules', '@microsoft', 'sarif-multitool-linux', 'Sarif.Multitool');

// RFC 3339 date-time and RFC 3986 URIs, for the schema's `format`s (ajv leaves formats to plug-ins).
const DATE_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:\d\d)$/i;
const URI = /^[a-z][a-z0-9+.-]*:[^\s]*$/i;
const URI_REFERENCE = /^[^\s]*$/;

let compiled: ValidateFunction | undefined;

/**
 * The official schema is draft-04; ajv 8 reads draft-07. The only draft-04 keyword in it that
 * changed is `id` (draft-07 `$id`): renamed, and `$schema` dropped. Every other keyword it uses
 * (type, properties, required, enum, minimum, minItems, uniqueItems, pattern, format, $ref, oneOf,
 * anyOf, additionalProperties, default) means the same in both drafts.
 */
function schemaValidator(): ValidateFunction {
  if (compiled) return compiled;
  const schema = JSON.parse(readFileSync(SCHEMA_FILE, 'utf8')) as Record<string, unknown>;
  const {$schema: _draft, id, ...rest} = schema;
  const ajv = new Ajv({allErrors: true, strict: false});
  ajv.addFormat('date-time', DATE_TIME);
  ajv.addFormat('uri', URI);
  ajv.addFormat('uri-reference', URI_REFERENCE);
  compiled = ajv.compile({$id: id as string, ...rest});
  return compiled;
}

/** The schema's complaints about a SARIF document ("path: message" lines); empty when valid. */
export function schemaErrors(sarif: unknown): string[] {
  const validate = schemaValidator();
  if (validate(sarif)) return [];
  return (validate.errors ?? []).map((e) => `${e.instancePath || '/'}: ${e.message ?? e.keyword} ${JSON.stringify(e.params)}`);
}

/**
 * The multitool's rules this suite does not hold the output to, and why (docs/architecture.md decision 40):
 * they are notes (advice), never errors or warnings, and each asks for something the tool cannot know
 * or would only repeat. SARIF2006 (URIs reachable) is disabled outright: it fetches every URI, and
 * tests talk to loopback only.
 */
export const MULTITOOL_NOTES_LEFT = {
  SARIF2002: 'message arguments: the messages are the apiserver words with their values in them, not templates',
  SARIF2003: 'version control provenance: the tool does not know the repository the manifests are in',
  SARIF2009: 'conventional rule ids: check ids are the stable ids of docs/checks.md (`lint/subpath-mount`), not XX1234',
  SARIF2010: 'code snippets: the region is enough for a viewer, which has the file',
  SARIF2011: 'context regions: the same',
} as const;

const CONFIG = `<?xml version="1.0" encoding="utf-8" ?>
<Properties>
  <Properties Key="SARIF2006.UrisShouldBeReachable.Options">
    <Property Key="RuleEnabled" Value="Disabled" />
  </Properties>
</Properties>
`;

/** npm does not run the package's set-up, so a clean install leaves the binary without its run bit. */
function ensureExecutable(): void {
  try {
    accessSync(MULTITOOL, constants.X_OK);
  } catch {
    chmodSync(MULTITOOL, statSync(MULTITOOL).mode | 0o100);
  }
}

export interface MultitoolFinding {
  ruleId: string;
  level: string;
  where: string;
}

/** Every error, warning and note the multitool reports on the documents (validated in one run: it takes seconds to start). */
export function multitoolFindings(documents: readonly unknown[]): MultitoolFinding[] {
  ensureExecutable();
  const dir = mkdtempSync(join(tmpdir(), 'kubectl-win-sarif-'));
  try {
    const files = documents.map((d, i) => {
      const f = join(dir, `doc-${i}.sarif`);
      writeFileSync(f, typeof d === 'string' ? d : JSON.stringify(d));
      return f;
    });
    writeFileSync(join(dir, 'config.xml'), CONFIG);
    const out = join(dir, 'validation.sarif');
    const args = ['validate', ...files, '-o', out, '--log', 'ForceOverwrite', '--level', 'Error;Warning;Note', '--config', join(dir, 'config.xml'), '--quiet'];
    // --quiet: the findings are read from the output log; printed, they overflowed the pipe buffer.
    const run = spawnSync(MULTITOOL, args, {encoding: 'utf8', timeout: 240_000, maxBuffer: 64 << 20, env: {...process.env, DOTNET_CLI_TELEMETRY_OPTOUT: '1'}});
    if (run.status !== 0) throw new Error(`Sarif.Multitool validate exited ${run.status}: ${run.stdout}${run.stderr}`);
    const log = JSON.parse(readFileSync(out, 'utf8')) as {
      runs: Array<{
        results?: Array<{
          ruleId: string;
          level?: string;
          message: {arguments?: string[]};
          locations?: Array<{physicalLocation?: {artifactLocation?: {uri?: string}}}>;
        }>;
      }>;
    };
    return log.runs.flatMap((r) =>
      (r.results ?? []).map((x) => ({
        ruleId: x.ruleId,
        level: x.level ?? 'warning',
        where: `${x.locations?.[0]?.physicalLocation?.artifactLocation?.uri ?? ''} ${(x.message.arguments ?? []).join(' ')}`,
      })),
    );
  } finally {
    rmSync(dir, {recursive: true, force: true});
  }
}

/** What the suite fails on: any error or warning, and any note outside MULTITOOL_NOTES_LEFT. */
export function multitoolProblems(documents: readonly unknown[]): string[] {
  return multitoolFindings(documents)
    .filter((f) => f.level !== 'note' || !(f.ruleId in MULTITOOL_NOTES_LEFT))
    .map((f) => `${f.ruleId} ${f.level}: ${f.where}`);
}
