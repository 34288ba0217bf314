// Pod Security levels, policy versions and the namespace labels that select them.
// Follows kubernetes/pod-security-admission api/helpers.go and api/constants.go
// (ParseLevel, ParseVersion, Version.Older, PolicyToEvaluate, CompareLevels).
export type Level = 'privileged' | 'baseline' | 'restricted';

const LEVELS: readonly Level[] = ['privileged', 'baseline', 'restricted'];

/** A policy version: v1.N, or `latest` (newer than every numbered version, even future ones). */
export type Version = {latest: true} | {latest: false; major: number; minor: number};

export const LATEST: Version = {latest: true};

export function majorMinor(major: number, minor: number): Version {
  return {latest: false, major, minor};
}

export function versionString(v: Version): string {
  return v.latest ? 'latest' : `v${v.major}.${v.minor}`;
}

/** api.Version.Older: true when `a` is older than `b`; latest is never older. */
export function older(a: Version, b: Version): boolean {
  if (a.latest) return false;
  if (b.latest) return true;
  if (a.major !== b.major) return a.major < b.major;
  return a.minor < b.minor;
}

export function sameVersion(a: Version, b: Version): boolean {
  return a.latest ? b.latest : !b.latest && a.major === b.major && a.minor === b.minor;
}

const VERSION_RE = /^v1\.([0-9]|[1-9][0-9]*)$/;

/** api.ParseVersion: `latest` or `v1.N`; anything else is an error and means latest. */
export function parseVersion(value: string): {version: Version; error?: string} {
  if (value === 'latest') return {version: LATEST};
  const m = VERSION_RE.exec(value);
  if (!m) return {version: LATEST, error: 'must be "latest" or "v1.x"'};
  const minor = Number(m[1]);
  if (!Number.isSafeInteger(minor)) return {version: LATEST, error: 'must be "latest" or "v1.x"'};
  return {version: majorMinor(1, minor)};
}

/** api.ParseLevel: an invalid level is an error and means restricted. */
export function parseLevel(value: string): {level: Level; error?: string} {
  if (value === 'privileged' || value === 'baseline' || value === 'restricted') return {level: value};
  return {level: 'restricted', error: 'must be one of privileged, baseline, restricted'};
}

/** api.CompareLevels: -1 when a is less strict than b, 0 equal, +1 stricter. */
export function compareLevels(a: Level, b: Level): number {
  return Math.sign(LEVELS.indexOf(a) - LEVELS.indexOf(b));
}

export interface LevelVersion {
  level: Level;
  version: Version;
}

/** `baseline:latest`, `restricted:v1.34` (api.LevelVersion.String). */
export function levelVersionString(lv: LevelVersion): string {
  return `${lv.level}:${versionString(lv.version)}`;
}

const LABEL_PREFIX = 'pod-security.kubernetes.io/';
const ENFORCE_LABEL = `${LABEL_PREFIX}enforce`;
const ENFORCE_VERSION_LABEL = `${LABEL_PREFIX}enforce-version`;
const AUDIT_LABEL = `${LABEL_PREFIX}audit`;
const AUDIT_VERSION_LABEL = `${LABEL_PREFIX}audit-version`;
const WARN_LABEL = `${LABEL_PREFIX}warn`;
const WARN_VERSION_LABEL = `${LABEL_PREFIX}warn-version`;

export interface Policy {
  enforce: LevelVersion;
  audit: LevelVersion;
  warn: LevelVersion;
}

/** The admission configuration's defaults when nothing else is configured: privileged:latest everywhere. */
export const DEFAULT_POLICY: Policy = {
  enforce: {level: 'privileged', version: LATEST},
  audit: {level: 'privileged', version: LATEST},
  warn: {level: 'privileged', version: LATEST},
};

interface LabelError {
  label: string;
  value: string;
  message: string;
}

/**
 * api.PolicyToEvaluate: the namespace labels resolved against the defaults. An invalid enforce
 * level means restricted (fail closed); invalid audit/warn levels mean privileged (fail open);
 * an invalid version means latest. With no warn label and an enforce level stricter than the
 * default warn, warn follows enforce (and its version unless warn-version is set).
 */
export function policyToEvaluate(labels: Record<string, string> | undefined, defaults: Policy = DEFAULT_POLICY): {policy: Policy; errors: LabelError[]} {
  const p: Policy = {enforce: {...defaults.enforce}, audit: {...defaults.audit}, warn: {...defaults.warn}};
  const errors: LabelError[] = [];
  if (!labels || Object.keys(labels).length === 0) return {policy: p, errors};
  const err = (label: string, value: string, message?: string) => {
    if (message) errors.push({label, value, message});
  };
  let hasEnforceLevel = false;
  let hasWarnLevel = false;
  let hasWarnVersion = false;
  if (ENFORCE_LABEL in labels) {
    const r = parseLevel(labels[ENFORCE_LABEL]);
    p.enforce.level = r.level;
    hasEnforceLevel = !r.error;
    err(ENFORCE_LABEL, labels[ENFORCE_LABEL], r.error);
  }
  if (ENFORCE_VERSION_LABEL in labels) {
    const r = parseVersion(labels[ENFORCE_VERSION_LABEL]);
    p.enforce.version = r.version;
    err(ENFORCE_VERSION_LABEL, labels[ENFORCE_VERSION_LABEL], r.error);
  }
  if (AUDIT_LABEL in labels) {
    const r = parseLevel(labels[AUDIT_LABEL]);
    p.audit.level = r.error ? 'privileged' : r.level;
    err(AUDIT_LABEL, labels[AUDIT_LABEL], r.error);
  }
  if (AUDIT_VERSION_LABEL in labels) {
    const r = parseVersion(labels[AUDIT_VERSION_LABEL]);
    p.audit.version = r.version;
    err(AUDIT_VERSION_LABEL, labels[AUDIT_VERSION_LABEL], r.error);
  }
  if (WARN_LABEL in labels) {
    hasWarnLevel = true;
    const r = parseLevel(labels[WARN_LABEL]);
    p.warn.level = r.error ? 'privileged' : r.level;
    err(WARN_LABEL, labels[WARN_LABEL], r.error);
  }
  if (WARN_VERSION_LABEL in labels) {
    hasWarnVersion = true;
    const r = parseVersion(labels[WARN_VERSION_LABEL]);
    p.warn.version = r.version;
    err(WARN_VERSION_LABEL, labels[WARN_VERSION_LABEL], r.error);
  }
  if (!hasWarnLevel && hasEnforceLevel && compareLevels(p.enforce.level, p.warn.level) > 0) {
    p.warn.level = p.enforce.level;
    if (!hasWarnVersion) p.warn.version = p.enforce.version;
  }
  return {policy: p, errors};
}

/** The field error the apiserver returns for an invalid label (field.Invalid on metadata.labels[key]). */
export function labelErrorMessage(e: LabelError): string {
  return `metadata.labels[${e.label}]: Invalid value: ${JSON.stringify(e.value)}: ${e.message}`;
}

/** Only the pod-security.kubernetes.io/* labels of a namespace. */
export function podSecurityLabels(labels: Record<string, string> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(labels ?? {})) if (k.startsWith(LABEL_PREFIX)) out[k] = v;
  return out;
}
