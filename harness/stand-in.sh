#!/usr/bin/env bash
# Stand-in for the Windows tools a pod on a kwok Windows node is exec'd into (nltest, nslookup,
# powershell, cmd; also with .exe). kwok runs it as a local process in the pod's staged directory
# (its working directory), which holds the scenario: ./scenario (space-separated names), ./domain,
# ./dc, ./dc-ip, ./not-found/<tool> (tools missing from the image). See README.md in this folder.
# Output is what Windows prints, with CRLF line ends.
set -u
tool="$(basename "$0")"
tool="${tool%.exe}"
tool="${tool%.EXE}"
tool="${tool,,}"
scenario=" $(cat scenario 2>/dev/null || echo healthy) "
domain="$(cat domain 2>/dev/null || echo contoso.com)"
dc="$(cat dc 2>/dev/null || echo "dc01.$domain")"
ip="$(cat dc-ip 2>/dev/null || echo 10.0.0.10)"

has() { [[ "$scenario" == *" $1 "* ]]; }
out() { printf '%s\r\n' "$@"; }
err() { printf '%s\r\n' "$@" >&2; }
missing() { [ -e "not-found/$1" ] || [ -e "not-found/$1.exe" ]; }
lower() { printf '%s' "${1,,}"; }
# The channel is broken until /sc_reset (or a netlogon restart) repairs it; the repair is kept in ./repaired.
channel_ok() { ! has credspec-missing && { ! has broken-channel || [ -e repaired ]; }; }

if has hang; then exec sleep 2147483647; fi

nltest() {
  local opt
  opt="$(lower "${1:-}")"
  case "$opt" in
    /parentdomain)
      if has credspec-missing; then
        out "Getting parent domain failed: Status = 1722 0x6ba RPC_S_SERVER_UNAVAILABLE"
        return 1
      fi
      out "$domain. (1)" "The command completed successfully"
      ;;
    /query)
      if ! channel_ok; then
        out "I_NetLogonControl failed: Status = 1722 0x6ba RPC_S_SERVER_UNAVAILABLE"
        return 1
      fi
      out "Flags: 0" "Connection Status = 0 0x0 NERR_Success" "The command completed successfully"
      ;;
    /sc_reset:* | /sc_query:* | /sc_verify:*)
      local target="${opt#*:}"
      if [ "${target%.}" != "$(lower "$domain")" ]; then
        out "I_NetLogonControl failed: Status = 1355 0x54b ERROR_NO_SUCH_DOMAIN"
        return 1
      fi
      if has credspec-missing; then
        out "I_NetLogonControl failed: Status = 1722 0x6ba RPC_S_SERVER_UNAVAILABLE"
        return 1
      fi
      if [[ "$opt" == /sc_reset:* ]]; then
        has broken-channel && : > repaired
      elif ! channel_ok; then
        out "I_NetLogonControl failed: Status = 1722 0x6ba RPC_S_SERVER_UNAVAILABLE"
        return 1
      fi
      out "Flags: 30 HAS_IP  HAS_TIMESERV" "Trusted DC Name \\\\$dc" "Trusted DC Connection Status Status = 0 0x0 NERR_Success" "The command completed successfully"
      ;;
    *)
      out "Usage: nltest [/OPTIONS]" "" "    /SERVER:<ServerName> - Specify <ServerName>" "" "    /QUERY - Query <ServerName> netlogon service" "    /SC_QUERY:<DomainName> - Query secure channel for <Domain> on <ServerName>" "    /SC_RESET:<DomainName>[\\<DcName>] - Reset secure channel for <Domain> on <ServerName> to <DcName>" "    /PARENTDOMAIN - Get the name of the parent domain of this machine"
      return 1
      ;;
  esac
}

nslookup() {
  local name="${1:-}"
  if has dns-timeout; then
    out "DNS request timed out." "    timeout was 2 seconds." "Server:  UnKnown" "Address:  $ip" ""
    err "DNS request timed out." "    timeout was 2 seconds." "*** Request to UnKnown timed-out"
    return 1
  fi
  out "Server:  $dc" "Address:  $ip" ""
  [ -z "$name" ] && return 0
  local n
  n="$(lower "${name%.}")"
  local d
  d="$(lower "$domain")"
  if [ "$n" = "$d" ] || [[ "$n" == *".$d" ]]; then
    out "Name:    $name" "Address:  $ip" ""
    return 0
  fi
  err "*** $dc can't find $name: Non-existent domain"
  return 1
}

# Runs one command line inside cmd or powershell: a tool we stand in for, or a few builtins.
run_line() {
  local shell="$1"
  shift
  local first
  first="$(lower "${1:-}")"
  first="${first%.exe}"
  case "$first" in
    nltest | nslookup | powershell | cmd)
      if missing "$first"; then
        if [ "$shell" = cmd ]; then
          err "'$1' is not recognized as an internal or external command," "operable program or batch file."
          return 9009
        fi
        err "$1 : The term '$1' is not recognized as the name of a cmdlet, function, script file, or operable program. Check the" "spelling of the name, or if a path was included, verify that the path is correct and try again." "At line:1 char:1" "+ $*" "+ ~~~~~~" "    + CategoryInfo          : ObjectNotFound: ($1:String) [], CommandNotFoundException" "    + FullyQualifiedErrorId : CommandNotFoundException" ""
        return 1
      fi
      shift
      main_tool "$first" "$@"
      return $?
      ;;
    restart-service)
      # The docs' postStart hook restarts netlogon until nltest /query succeeds.
      if [[ "$(lower "$*")" == *netlogon* ]] && has broken-channel && ! has credspec-missing; then : > repaired; fi
      return 0
      ;;
    ver)
      out "" "Microsoft Windows [Version $(cat build 2>/dev/null || echo 10.0.17763.6893)]"
      return 0
      ;;
    '$psversiontable.psversion.tostring()')
      out "5.1.$(cut -d. -f3- build 2>/dev/null || echo 17763.6893)"
      return 0
      ;;
  esac
  return 0
}

main_tool() {
  local t="$1"
  shift
  case "$t" in
    nltest) nltest "$@" ;;
    nslookup) nslookup "$@" ;;
    powershell | pwsh)
      local args=("$@")
      if [ ${#args[@]} -eq 0 ]; then
        out "Windows PowerShell" "Copyright (C) Microsoft Corporation. All rights reserved." ""
        return 0
      fi
      local i=0
      while [ $i -lt ${#args[@]} ]; do
        case "$(lower "${args[$i]}")" in
          -command | -c) i=$((i + 1)); break ;;
          -noprofile | -noninteractive | -nologo) i=$((i + 1)) ;;
          -*) i=$((i + 1)) ;;
          *) break ;;
        esac
      done
      # shellcheck disable=SC2086
      set -- ${args[*]:$i}
      run_line powershell "$@"
      ;;
    cmd)
      local args=("$@")
      if [ ${#args[@]} -eq 0 ]; then
        out "Microsoft Windows [Version $(cat build 2>/dev/null || echo 10.0.17763.6893)]" "(c) Microsoft Corporation. All rights reserved." ""
        return 0
      fi
      case "$(lower "${args[0]}")" in
        /c | /k | /s) args=("${args[@]:1}") ;;
      esac
      # shellcheck disable=SC2086
      set -- ${args[*]}
      run_line cmd "$@"
      ;;
    *)
      err "stand-in: unknown tool $t"
      return 1
      ;;
  esac
}

main_tool "$tool" "$@"
exit $?
