// The exit-code contract (DESIGN.md, "Exit codes"): scripts and CI depend on these numbers.
export const ExitCode = {
  ok: 0,
  findings: 1,
  usage: 2,
  cluster: 3,
  /** Incomplete: a read the requested checks need was refused, failed or came back garbled (--strict: any skipped check). */
  incomplete: 4,
  interrupted: 130,
  /** The reader of stdout went away (`| head`): 128 + SIGPIPE, what the shell reports for kubectl. */
  brokenPipe: 141,
} as const;

export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];
