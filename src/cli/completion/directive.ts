// What the shell should do with the candidates, as cobra's ShellCompDirective bit flags
// (spf13/cobra completions.go). The values are a wire format: kubectl's plugin completion
// (k8s.io/kubectl pkg/cmd/plugin/plugin_completion.go) reads a last line `:<directive>` from
// kubectl_complete-win and hands it to kubectl's own generated scripts, so they must match cobra's.
export const Directive = {
  default: 0,
  error: 1,
  noSpace: 2,
  noFileComp: 4,
  filterFileExt: 8,
  filterDirs: 16,
  keepOrder: 32,
} as const;

/** One candidate: the word, and a description the shells that show one (zsh, fish, PowerShell) show. */
export interface Candidate {
  value: string;
  description?: string;
}

export interface Completion {
  candidates: Candidate[];
  /** A sum of Directive bits. */
  directive: number;
}

/** cobra's __complete output: `value\tdescription` per line, then `:<directive>`. */
export function formatCompletion(c: Completion, withDescriptions: boolean): string {
  const lines = c.candidates.map(({value, description}) => {
    // A description is one line: a tab or a newline in it would break the line protocol.
    const desc = withDescriptions && description ? description.replace(/\s+/g, ' ').trim() : '';
    return desc ? `${value}\t${desc}` : value;
  });
  return [...lines, `:${c.directive}`].join('\n') + '\n';
}
