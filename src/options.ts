// The options every command shares, as one plain object: the CLI makes it from oclif's parsed flags
// (src/cli/flags.ts toOptions), so sources, analyses and renderers never know oclif.

export type OutputFormat = 'text' | 'wide' | 'json' | 'yaml' | 'name' | 'junit' | 'sarif' | 'github';

export interface CommonOptions {
  kubeconfig?: string;
  context?: string;
  cluster?: string;
  user?: string;
  namespace?: string;
  allNamespaces: boolean;
  selector?: string;
  as?: string;
  asGroups: string[];
  requestTimeoutMs: number;
  filenames: string[];
  recursive: boolean;
  output: OutputFormat;
  color: boolean;
  /** --fail-on: the lowest severity that fails the run (src/report/build.ts FailOn, failsOn). */
  failOn: 'error' | 'warning' | 'info' | 'none';
  /** --strict: any skipped check is an incomplete run (exit 4). */
  strict: boolean;
  /** --server, --token, ...: kubectl's connection flags over the kubeconfig (src/source/kubeconfig.ts). */
  connection?: ConnectionOverrides;
  /** -v/--v: 6 traces requests on stderr, 8 adds headers. */
  verbosity?: number;
  /** --no-headers: tables without their header line. */
  noHeaders?: boolean;
  /** --field-selector, checked (syntax and pod field labels) before any read. */
  fieldSelector?: string;
  /** --config FILE: the config file (default: .kubectl-win.yaml in the working directory, when there is one). */
  configFile?: string;
  /** --baseline FILE: findings it lists are suppressed; its entries no longer found are listed as fixed. */
  baselineFile?: string;
  /** --write-baseline FILE: today's findings written there as a baseline. */
  writeBaselineFile?: string;
  /** upgrade-plan --registry: image platforms read from their registries (src/source/registry); absent, no registry is contacted. */
  registry?: RegistryReadOptions;
}

/** What `--registry` and its companion flags set. */
export interface RegistryReadOptions {
  /** --registry-ca: a PEM bundle trusted beside Node's CA store (which also takes NODE_EXTRA_CA_CERTS). */
  caFile?: string;
}

/** client-go's ConfigOverrides ClusterInfo and AuthInfo parts, as kubectl's flags set them. */
export interface ConnectionOverrides {
  server?: string;
  certificateAuthority?: string;
  insecureSkipTlsVerify?: boolean;
  tlsServerName?: string;
  token?: string;
  clientCertificate?: string;
  clientKey?: string;
  username?: string;
  password?: string;
}

/**
 * One `ignore` rule of the config file (`.kubectl-win.yaml`, `--config`): these checks, on objects
 * whose namespace, kind and name match (each list optional). src/source/config-file.ts reads it;
 * src/report/suppress.ts applies it.
 */
export interface IgnoreRule {
  checks: string[];
  namespaces?: string[];
  kinds?: string[];
  names?: string[];
  reason: string;
  /** Where the rule starts in the file, for messages and `Suppression.where`. */
  line: number;
}
