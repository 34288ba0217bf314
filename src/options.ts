// The options every command shares, as one plain object: the CLI makes it from oclif's parsed flags
// (src/cli/flags.ts toOptions), so sources, analyses and renderers never know oclif.

export type OutputFormat = 'text' | 'wide' | 'json' | 'yaml';

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
}
