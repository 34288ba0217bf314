// The shell scripts `kubectl win completion SHELL` prints. Each asks `kubectl-win __complete` (or
// __completeNoDesc) for the candidates at every TAB, so they never change when commands or flags
// do: the design of cobra's generated scripts (spf13/cobra bash_completionsV2.go, zsh_completions.go,
// fish_completions.go, powershell_completions.go), written here for our program. The directive bits
// they test are src/cli/completion/directive.ts's.
export const SHELLS = ['bash', 'zsh', 'fish', 'powershell'] as const;

export type Shell = (typeof SHELLS)[number];

const BASH = `# bash completion for kubectl-win (kubectl win completion bash). Load it from ~/.bashrc:
#   source <(kubectl win completion bash)
# At each TAB it asks \`kubectl-win __completeNoDesc WORDS... CURRENT\` for the candidates and a last
# line \`:<directive>\`, the protocol of cobra's generated scripts (spf13/cobra bash_completionsV2.go),
# and needs no bash-completion package.

__kubectl_win_complete() {
    local line="\${COMP_LINE:0:COMP_POINT}" cur prog out last directive=0
    local -a words
    # The words as typed, split at blanks only: COMP_WORDS also splits at = and :, and
    # --output=json must reach kubectl-win whole.
    read -ra words <<< "$line"
    [[ -z $line || $line =~ [[:space:]]$ ]] && words+=("")
    cur="\${words[\${#words[@]}-1]}"
    prog="\${words[0]/#\\~/$HOME}"
    out=$("$prog" __completeNoDesc "\${words[@]:1}" 2>/dev/null) || return 0
    last="\${out##*$'\\n'}"
    if [[ $last == :* ]]; then
        directive="\${last:1}"
        out="\${out%"$last"}"
    fi
    (( directive & 1 )) && return 0
    (( directive & 2 )) && compopt -o nospace 2>/dev/null
    (( directive & 4 )) && compopt +o default 2>/dev/null
    (( directive & 32 )) && compopt -o nosort 2>/dev/null
    local IFS=$'\\n' word="$cur"
    # --filename=<TAB>: files complete after the =.
    [[ $cur == -*=* ]] && word="\${cur#*=}"
    if (( directive & 8 )); then
        # Files with these extensions (one a line in $out), and directories to descend into.
        local pattern
        pattern="$(printf '%s|' $out)"
        compopt -o filenames 2>/dev/null
        COMPREPLY=($(compgen -d -- "$word") $(shopt -s extglob; compgen -f -X "!*.@(\${pattern%|})" -- "$word"))
    elif (( directive & 16 )); then
        compopt -o filenames 2>/dev/null
        COMPREPLY=($(compgen -d -- "$word"))
    else
        COMPREPLY=($(compgen -W "$out" -- "$cur"))
    fi
    # bash replaces only the part of the word after the last = or : (both are in COMP_WORDBREAKS).
    local char i
    for char in = :; do
        if [[ $cur == *"$char"* && $COMP_WORDBREAKS == *"$char"* ]]; then
            local head="\${cur%"\${cur##*"$char"}"}"
            for i in "\${!COMPREPLY[@]}"; do COMPREPLY[i]="\${COMPREPLY[i]#"$head"}"; done
        fi
    done
}

complete -o default -F __kubectl_win_complete kubectl-win
`;

const ZSH = `#compdef kubectl-win
# zsh completion for kubectl-win (kubectl win completion zsh). Load it from ~/.zshrc, after compinit:
#   source <(kubectl win completion zsh)
# At each TAB it asks \`kubectl-win __complete WORDS... CURRENT\` for the candidates (value<TAB>description)
# and a last line \`:<directive>\`, the protocol of cobra's generated scripts (spf13/cobra zsh_completions.go).

_kubectl_win() {
    local out last line value desc directive=0
    local -a lines comps exts opts
    out=$("\${words[1]}" __complete "\${(@)words[2,CURRENT]}" 2>/dev/null) || return 1
    lines=("\${(@f)out}")
    last="\${lines[-1]}"
    if [[ $last == :<-> ]]; then
        directive="\${last#:}"
        lines=("\${(@)lines[1,-2]}")
    fi
    (( directive & 1 )) && return 1
    if (( directive & 8 )); then
        for line in "\${lines[@]}"; do [[ -n $line ]] && exts+=("$line"); done
        _files -g "*.(\${(j:|:)exts})"
        return
    fi
    if (( directive & 16 )); then
        _files -/
        return
    fi
    for line in "\${lines[@]}"; do
        [[ -z $line ]] && continue
        value="\${line%%$'\\t'*}"
        desc=""
        [[ $line == *$'\\t'* ]] && desc="\${line#*$'\\t'}"
        comps+=("\${value//:/\\\\:}\${desc:+:$desc}")
    done
    if (( \${#comps} == 0 )); then
        (( directive & 4 )) || _files
        return
    fi
    (( directive & 2 )) && opts+=(-S '')
    if (( directive & 32 )); then
        _describe -V unsorted 'kubectl-win' comps "\${opts[@]}"
    else
        _describe 'kubectl-win' comps "\${opts[@]}"
    fi
}

if [[ $zsh_eval_context[-1] == loadautofunc ]]; then
    _kubectl_win "$@"
else
    compdef _kubectl_win kubectl-win
fi
`;

const FISH = `# fish completion for kubectl-win (kubectl win completion fish). Load it from
# ~/.config/fish/config.fish:  kubectl win completion fish | source
# At each TAB it asks \`kubectl-win __complete WORDS... CURRENT\` for the candidates (value<TAB>description)
# and a last line \`:<directive>\`, the protocol of cobra's generated scripts (spf13/cobra fish_completions.go).

function __kubectl_win_complete
    set -l words (commandline -opc)
    set -l cur (commandline -ct)
    set -l out ($words[1] __complete $words[2..-1] "$cur" 2>/dev/null)
    or return
    set -l directive 0
    if string match -qr '^:[0-9]+$' -- "$out[-1]"
        set directive (string sub -s 2 -- "$out[-1]")
        set -e out[-1]
    end
    if test (math "bitand($directive, 1)") -ne 0
        return
    end
    if test (math "bitand($directive, 8)") -ne 0
        set -l exts (string join '|' -- $out)
        # Paths come as path<TAB>description: keep directories and files with these extensions.
        __fish_complete_path "$cur" | string match -r -- "^[^\\t]*(?:/|\\.(?:$exts))(?:\\t.*)?\\$"
        return
    end
    if test (math "bitand($directive, 16)") -ne 0
        __fish_complete_directories "$cur"
        return
    end
    if test (count $out) -eq 0; and test (math "bitand($directive, 4)") -eq 0
        __fish_complete_path "$cur"
        return
    end
    printf '%s\\n' $out
end

complete -c kubectl-win -e
complete -c kubectl-win -f -a '(__kubectl_win_complete)'
`;

const POWERSHELL = `# PowerShell completion for kubectl-win (kubectl win completion powershell). Load it from $PROFILE:
#   kubectl win completion powershell | Out-String | Invoke-Expression
# At each TAB it asks \`kubectl-win __complete WORDS... CURRENT\` for the candidates (value<TAB>description)
# and a last line \`:<directive>\`, the protocol of cobra's generated scripts (spf13/cobra powershell_completions.go).

Register-ArgumentCompleter -Native -CommandName 'kubectl-win', 'kubectl-win.exe' -ScriptBlock {
    param($WordToComplete, $CommandAst, $CursorPosition)
    $elements = @($CommandAst.CommandElements | Where-Object { $_.Extent.EndOffset -le $CursorPosition })
    $program = $elements[0].Extent.Text
    $before = @($elements | Select-Object -Skip 1 | ForEach-Object { $_.Extent.Text })
    # The word under the cursor is passed last, on its own (empty when the cursor starts a new word).
    if ($WordToComplete -ne '') { $before = @($before | Select-Object -SkipLast 1) }
    # An empty argument reaches a native program only as "" under the legacy argument passing
    # (Windows PowerShell 5.1, PowerShell before 7.3, or $PSNativeCommandArgumentPassing = 'Legacy').
    $current = $WordToComplete
    $legacy = $PSVersionTable.PSVersion -lt [version]'7.3' -or $PSNativeCommandArgumentPassing -eq 'Legacy'
    if ($current -eq '' -and $legacy) { $current = '""' }
    $out = @(& $program __complete @before $current 2>$null)
    $directive = 0
    if ($out.Count -gt 0 -and $out[-1] -match '^:(\\d+)$') {
        $directive = [int]$Matches[1]
        $out = @($out | Select-Object -SkipLast 1)
    }
    if ($directive -band 1) { return '' }
    # Files (and directories, filtered or not): PowerShell's own path completion.
    if ($directive -band 24) { return }
    $candidates = @($out | Where-Object { $_ -ne '' })
    if ($candidates.Count -eq 0) {
        if ($directive -band 4) { return '' }
        return
    }
    $space = if ($directive -band 2) { '' } else { ' ' }
    foreach ($line in $candidates) {
        $value, $description = $line -split "\`t", 2
        if (-not $description) { $description = $value }
        [System.Management.Automation.CompletionResult]::new("$value$space", $value, 'ParameterValue', $description)
    }
}
`;

export const SCRIPTS: Record<Shell, string> = {bash: BASH, zsh: ZSH, fish: FISH, powershell: POWERSHELL};
