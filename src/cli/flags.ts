// The one shared kubectl flag module (DESIGN.md, "Flags users expect from kubectl"). kubectl passes
// no global flags to a plugin, so every command takes these from here and parses them itself.
import {Flags, type Interfaces} from '@oclif/core';
import {InputError} from '../errors.js';
import type {CommonOptions, ConnectionOverrides, OutputFormat} from '../options.js';
import type {FailOn} from '../report/build.js';
import type {FieldValidation} from '../k8s/decode.js';

const CLUSTER = 'KUBECTL';
const INPUT = 'INPUT';
const OUTPUT = 'OUTPUT';

/** Connection and scope: how kubectl finds the cluster and which objects it reads. */
const clusterFlags = {
  kubeconfig: Flags.string({
    description: 'Path to the kubeconfig file (default: $KUBECONFIG, several merged as kubectl does, else ~/.kube/config)',
    helpGroup: CLUSTER,
  }),
  context: Flags.string({description: 'The name of the kubeconfig context to use', helpGroup: CLUSTER}),
  cluster: Flags.string({description: 'The name of the kubeconfig cluster to use', helpGroup: CLUSTER}),
  user: Flags.string({description: 'The name of the kubeconfig user to use', helpGroup: CLUSTER}),
  namespace: Flags.string({char: 'n', description: 'If present, the namespace scope for this request', helpGroup: CLUSTER}),
  'all-namespaces': Flags.boolean({char: 'A', description: 'Read objects across all namespaces', helpGroup: CLUSTER, default: false}),
  selector: Flags.string({char: 'l', description: 'Selector (label query) to filter on, e.g. -l app=web', helpGroup: CLUSTER}),
  'field-selector': Flags.string({
    description:
      'Selector (field query) on pods, e.g. --field-selector spec.nodeName=akswin000001,status.phase=Running; sent to the server, evaluated on manifests with -f',
    helpGroup: CLUSTER,
  }),
  as: Flags.string({description: 'Username to impersonate for the operation', helpGroup: CLUSTER}),
  'as-group': Flags.string({description: 'Group to impersonate for the operation, with --as (repeatable)', helpGroup: CLUSTER, multiple: true}),
  'request-timeout': Flags.string({description: 'Time to wait for one server request, e.g. 1s, 2m, 3h; 0 waits forever', helpGroup: CLUSTER, default: '0'}),
  ...connectionFlags(),
  v: Flags.string({
    char: 'v',
    description: 'Log level: 6 traces each request (method, URL, status, time) on stderr, 8 adds the headers (credentials redacted)',
    helpGroup: CLUSTER,
  }),
};

/** What reaches a server and no more (`kubectl win version`): no namespace or selector. */
export const connectFlags = (() => {
  const {namespace: _n, 'all-namespaces': _a, selector: _l, ...rest} = clusterFlags;
  return rest;
})();

/** kubectl's connection and credential flags; they win over the kubeconfig (src/source/kubeconfig.ts). */
function connectionFlags() {
  return {
    server: Flags.string({char: 's', description: 'The address and port of the Kubernetes API server', helpGroup: CLUSTER}),
    token: Flags.string({description: 'Bearer token for authentication to the API server', helpGroup: CLUSTER}),
    'certificate-authority': Flags.string({description: 'Path to a cert file for the certificate authority', helpGroup: CLUSTER}),
    'client-certificate': Flags.string({description: 'Path to a client certificate file for TLS', helpGroup: CLUSTER}),
    'client-key': Flags.string({description: 'Path to a client key file for TLS', helpGroup: CLUSTER}),
    'insecure-skip-tls-verify': Flags.boolean({
      description: "If true, the server's certificate will not be checked for validity. This will make your HTTPS connections insecure",
      helpGroup: CLUSTER,
      default: false,
    }),
    'tls-server-name': Flags.string({
      description: 'Server name to use for server certificate validation. If it is not provided, the hostname used to contact the server is used',
      helpGroup: CLUSTER,
    }),
    username: Flags.string({
      description: 'Username for basic authentication to the API server (refused: kube-apiserver has had no basic authentication since v1.19)',
      helpGroup: CLUSTER,
    }),
    password: Flags.string({description: 'Password for basic authentication to the API server (refused, as --username)', helpGroup: CLUSTER}),
  };
}

/** Offline input: manifests instead of a cluster. */
const inputFlags = {
  filename: Flags.string({
    char: 'f',
    description: 'Manifest file, directory (with -R), or - for stdin; repeatable. Reads no cluster.',
    helpGroup: INPUT,
    multiple: true,
  }),
  recursive: Flags.boolean({char: 'R', description: 'Process the directory used in -f recursively', helpGroup: INPUT, default: false}),
};

const CI_FORMATS = 'sarif is SARIF 2.1.0 (GitHub code scanning), github annotates files in GitHub Actions';

const outputFlags = {
  output: Flags.string({
    char: 'o',
    description: `Output format; name prints kind/name of each object, as kubectl -o name; ${CI_FORMATS}`,
    options: ['text', 'wide', 'json', 'yaml', 'name', 'junit', 'sarif', 'github'],
    helpGroup: OUTPUT,
  }),
  'no-headers': Flags.boolean({description: 'Print tables without their header line (text and wide output)', helpGroup: OUTPUT, default: false}),
  'no-color': Flags.boolean({description: 'Never colour the output (also NO_COLOR=1)', helpGroup: OUTPUT, default: false}),
  'fail-on': Flags.string({
    description: 'Exit 1 when a finding at or above this severity exists',
    options: ['error', 'warning', 'info', 'none'],
    default: 'error',
    helpGroup: OUTPUT,
  }),
  strict: Flags.boolean({
    description: 'Exit 4 (incomplete) when any check was skipped, not only when a read the checks need failed (for CI)',
    helpGroup: OUTPUT,
    default: false,
  }),
  ...suppressionFlags(),
};

/** Suppressions and the baseline (docs/ci.md): suppressed findings are listed and counted, never failing the run. */
function suppressionFlags() {
  return {
    config: Flags.string({
      description: 'Config file with ignore rules (check ids by namespace, kind and name); default: .kubectl-win.yaml in the working directory, if any',
      helpGroup: OUTPUT,
    }),
    baseline: Flags.string({
      description: 'Baseline file from --write-baseline: the findings it lists are suppressed, and its entries no longer found are listed as fixed',
      helpGroup: OUTPUT,
    }),
    'write-baseline': Flags.string({description: "Write this run's findings to FILE as a baseline (for --baseline)", helpGroup: OUTPUT}),
  };
}

/**
 * `--k8s-version v1.N`: the upstream rules of that Kubernetes minor; live default is the server's.
 * `--version` is its old name, hidden, with a deprecation line on stderr. Parsed by src/cli/k8s-version.ts.
 */
export const versionFlag = {
  'k8s-version': Flags.string({
    description: 'Follow the rules of this Kubernetes minor (v1.N or latest); default: the server version live, latest offline',
    helpGroup: OUTPUT,
  }),
  version: Flags.string({description: 'Deprecated: the old name of --k8s-version', helpGroup: OUTPUT, hidden: true}),
};

/**
 * kubectl's --validate (k8s.io/kubectl pkg/cmd/util/helpers.go AddValidateFlags, v1.34 to v1.37): how
 * the apiserver treats fields it does not know in a manifest (-f), sent as fieldValidation. Parsed by
 * fieldValidationOf; a bare --validate means strict (kubectl's NoOptDefVal, see withBareValidate).
 */
export const validateFlag = {
  validate: Flags.string({
    description:
      'Must be one of: strict (or true), warn, ignore (or false), as kubectl apply/create. strict: an unknown field is an error, as kube-apiserver rejects it under server-side field validation Strict; warn: a warning, the field dropped; ignore: dropped silently. Manifests (-f) only: objects read from a cluster have no unknown fields. Duplicate keys never reach the apiserver through kubectl (it keeps the last), so they are read as kubectl reads them in every mode',
    helpGroup: INPUT,
    default: 'strict',
  }),
};

/** The values kubectl's --validate takes, for completion. */
export const VALIDATE_VALUES = ['strict', 'warn', 'ignore', 'true', 'false'] as const;

// strconv.ParseBool: what kubectl takes for the legacy boolean --validate.
const GO_TRUE = new Set(['1', 't', 'T', 'TRUE', 'true', 'True']);
const GO_FALSE = new Set(['0', 'f', 'F', 'FALSE', 'false', 'False']);

/** GetValidationDirective (k8s.io/kubectl pkg/cmd/util/helpers.go): a Go boolean first, then the three names (case-sensitive). */
export function fieldValidationOf(value: string): FieldValidation {
  if (GO_TRUE.has(value)) return 'Strict';
  if (GO_FALSE.has(value)) return 'Ignore';
  if (value === 'strict') return 'Strict';
  if (value === 'warn') return 'Warn';
  if (value === 'ignore') return 'Ignore';
  // kubectl's own words ("invalid - validate option"), with the flag named as the other flag errors name theirs.
  throw new InputError(`error: invalid --validate option ${JSON.stringify(value)}; must be one of: strict (or true), warn, ignore (or false)`);
}

/**
 * kubectl's `--validate` with no value is `--validate=strict` (pflag NoOptDefVal): the next word is
 * never its value, as in kubectl. oclif has no optional values, so the bare flag is rewritten.
 */
export function withBareValidate(argv: string[]): string[] {
  const end = argv.indexOf('--');
  return argv.map((a, i) => (a === '--validate' && (end < 0 || i < end) ? '--validate=strict' : a));
}

export const commonFlags = {...clusterFlags, ...inputFlags, ...outputFlags};

/** -w/--watch (nodes, gmsa check): answer again whenever what the command read changes. */
export const watchFlag = {
  watch: Flags.boolean({
    char: 'w',
    description: 'After the answer, watch what the command read and answer again on each change (Ctrl-C to stop)',
    helpGroup: OUTPUT,
    default: false,
  }),
};

/**
 * upgrade-plan --registry: read each image's platforms (its manifest list's os.version) from its
 * registry, with the pods' imagePullSecrets (offline: the Secrets among the -f files), over HTTPS
 * trusting Node's CA store, NODE_EXTRA_CA_CERTS and --registry-ca. Off by default: registries are
 * contacted only when asked.
 */
export const registryFlags = {
  registry: Flags.boolean({
    description:
      "Read each image's platforms (manifest list os.version) from its registry, with the pods' imagePullSecrets (offline: Secrets among the -f files); default: inferred from the tag",
    helpGroup: INPUT,
    default: false,
  }),
  'registry-ca': Flags.string({
    description: 'A PEM file of CA certificates to trust for registries, beside the system store and NODE_EXTRA_CA_CERTS (with --registry)',
    helpGroup: INPUT,
  }),
};

/** --registry and --registry-ca as CommonOptions.registry; --registry-ca alone is a usage error. */
export function registryOptions(flags: {registry?: boolean; 'registry-ca'?: string}): CommonOptions['registry'] {
  if (flags['registry-ca'] !== undefined && !flags.registry)
    throw new InputError('error: --registry-ca is for --registry (registries are read only when asked)');
  if (!flags.registry) return undefined;
  return flags['registry-ca'] !== undefined ? {caFile: flags['registry-ca']} : {};
}

/**
 * The flags with some left out of --help: a command that cannot honour them still parses them,
 * so it can say why in one line instead of calling a kubectl flag unknown.
 */
export function hiding<F extends Record<string, {hidden?: boolean}>>(flags: F, names: Array<keyof F>): F {
  const out = {...flags};
  for (const n of names) out[n] = {...out[n], hidden: true};
  return out;
}

/**
 * The common flags for a command whose items are not objects (doctor's are analyses, nltest's are
 * probes): -o name is not offered, so asking for it is a usage error before anything is read.
 */
export function withoutNameOutput<F extends typeof commonFlags | ReturnType<typeof hiding<typeof commonFlags>>>(flags: F): F {
  return {
    ...flags,
    output: Flags.string({
      char: 'o',
      description: `Output format; ${CI_FORMATS}`,
      options: ['text', 'wide', 'json', 'yaml', 'junit', 'sarif', 'github'],
      helpGroup: OUTPUT,
    }),
  };
}

/** The common flags' values as oclif parses them (a command may have only some, as rbac has -o). */
export type CommonFlagValues = Interfaces.InferredFlags<typeof commonFlags>;

export function toOptions(flags: Partial<CommonFlagValues>, stdoutIsTTY = Boolean(process.stdout.isTTY)): CommonOptions {
  const env = process.env;
  // oclif has checked -o and --fail-on against their `options`.
  const output = (flags.output as OutputFormat | undefined) ?? 'text';
  const asGroups = flags['as-group'] ?? [];
  // As kubectl (client-go's transport config): groups are impersonated only together with a user;
  // the apiserver would answer a bare Impersonate-Group with a 500.
  if (asGroups.length > 0 && !flags.as) throw new InputError('error: requesting groups without impersonating a user: --as-group needs --as');
  // As kubectl: an empty -n means the context's namespace; a blank -l selects everything. Their
  // values are judged by checkInput (validate-input.ts) right after, before any read.
  const namespace = flags.namespace || undefined;
  const selector = flags.selector?.trim() || undefined;
  return {
    kubeconfig: flags.kubeconfig,
    context: flags.context,
    cluster: flags.cluster,
    user: flags.user,
    namespace,
    allNamespaces: Boolean(flags['all-namespaces']),
    selector,
    as: flags.as,
    asGroups,
    requestTimeoutMs: parseDuration(String(flags['request-timeout'] ?? '0')),
    filenames: flags.filename ?? [],
    recursive: Boolean(flags.recursive),
    output,
    color: stdoutIsTTY && !flags['no-color'] && !('NO_COLOR' in env && env.NO_COLOR !== '') && env.TERM !== 'dumb',
    failOn: (flags['fail-on'] as FailOn | undefined) ?? 'error',
    strict: Boolean(flags.strict),
    connection: connectionOverrides(flags),
    verbosity: parseVerbosity(flags.v as string | undefined),
    noHeaders: Boolean(flags['no-headers']) || undefined,
    // Judged before any read by checkFieldSelectorFlag (field-selector-flag.ts), loaded only when given.
    fieldSelector: (flags['field-selector'] as string | undefined)?.trim() || undefined,
    configFile: flags.config,
    baselineFile: flags.baseline,
    writeBaselineFile: flags['write-baseline'],
  };
}

/** The connection flags that were given, checked as client-go's validateClusterInfo checks them. */
function connectionOverrides(flags: Record<string, unknown>): ConnectionOverrides | undefined {
  const str = (name: string) => (flags[name] as string | undefined) || undefined;
  const o: ConnectionOverrides = {
    server: str('server'),
    certificateAuthority: str('certificate-authority'),
    insecureSkipTlsVerify: Boolean(flags['insecure-skip-tls-verify']) || undefined,
    tlsServerName: str('tls-server-name'),
    token: str('token'),
    clientCertificate: str('client-certificate'),
    clientKey: str('client-key'),
    username: str('username'),
    password: str('password'),
  };
  if (o.server && !/^https?:\/\/[^/]/i.test(o.server)) {
    throw new InputError(
      `error: --server "${o.server}" is not an http(s) URL; give the scheme, e.g. --server https://${o.server.replace(/^[a-z]+:\/\//i, '')}`,
    );
  }
  if (o.insecureSkipTlsVerify && o.certificateAuthority) {
    // client_config.go validateClusterInfo: "specifying a root certificates file with the insecure flag is not allowed".
    throw new InputError(
      'error: --certificate-authority with --insecure-skip-tls-verify: specifying a root certificates file with the insecure flag is not allowed',
    );
  }
  return Object.values(o).some((v) => v !== undefined) ? o : undefined;
}

/** kubectl's -v=N / --v=N (klog verbosity): a non-negative integer; oclif leaves -v=6's "=" on the value. */
export function parseVerbosity(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const v = value.replace(/^=/, '').trim();
  if (!/^\d+$/.test(v)) throw new InputError(`error: invalid argument "${value}" for "-v, --v" flag: give a log level, e.g. -v=6`);
  return Number(v);
}

/** kubectl's --request-timeout: a bare integer is seconds; otherwise a Go duration (1h2m3s, 500ms). `flag` names the flag in the error. */
export function parseDuration(value: string, flag = '--request-timeout'): number {
  const v = value.trim();
  if (/^\d+$/.test(v)) return Number(v) * 1000;
  const re = /(\d+(?:\.\d+)?)(ms|h|m|s)/gy;
  let total = 0;
  let consumed = 0;
  for (let m = re.exec(v); m; m = re.exec(v)) {
    const n = Number(m[1]);
    total += m[2] === 'h' ? n * 3600_000 : m[2] === 'm' ? n * 60_000 : m[2] === 's' ? n * 1000 : n;
    consumed = re.lastIndex;
  }
  if (v === '' || consumed !== v.length) {
    throw new InputError(`invalid ${flag} "${value}": use a duration like 10s, 1m or 0`);
  }
  return Math.round(total);
}
