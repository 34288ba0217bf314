// kubectl_complete-win, shipped in every archive beside the executable. kubectl 1.26+ completes
// `kubectl win <TAB>` by running the first `kubectl_complete-win` on PATH with the words after
// `win` and the word under the cursor, and reads candidates and a last `:<directive>` line from
// it (k8s.io/kubectl pkg/cmd/plugin/plugin_completion.go: lookupCompletionExec,
// getPluginCompletions). It passes no `__complete` itself: this adds it, as cobra plugins' scripts do.
// The executable next to this file comes first (krew links both into one bin directory), else PATH.
import type {Target} from './targets.js';

const POSIX = `#!/bin/sh
# kubectl runs this for \`kubectl win <TAB>\` (kubectl 1.26+ plugin completion).
dir=$(dirname "$0")
if [ -x "$dir/kubectl-win" ]; then exec "$dir/kubectl-win" __complete "$@"; fi
exec kubectl-win __complete "$@"
`;

// Windows finds it through PATHEXT (Go's exec.LookPath), so a .cmd beside kubectl-win.exe does.
const WINDOWS = [
  '@echo off',
  'rem kubectl runs this for `kubectl win <TAB>` (kubectl 1.26+ plugin completion).',
  'if not exist "%~dp0kubectl-win.exe" goto onpath',
  '"%~dp0kubectl-win.exe" __complete %*',
  'exit /b %errorlevel%',
  ':onpath',
  'kubectl-win.exe __complete %*',
  '',
].join('\r\n');

export function completerName(t: Target): string {
  return t.os === 'windows' ? 'kubectl_complete-win.cmd' : 'kubectl_complete-win';
}

export function completerScript(t: Target): Buffer {
  return Buffer.from(t.os === 'windows' ? WINDOWS : POSIX, 'utf8');
}
