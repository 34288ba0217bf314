// The errors every layer may throw, named by what went wrong, not by how the process ends: a
// Source or an analysis throws these and only the CLI (src/cli/errors.ts describeError) turns
// them into a line and an exit code, as kubectl's CheckErr does at the top.

/** Bad flags, unreadable files, invalid YAML, unknown objects: the user's input is wrong (exit 2). */
export class InputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InputError';
  }
}

/** The cluster cannot be reached, or the credentials cannot be used (exit 3). */
export class ClusterError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ClusterError';
  }
}
