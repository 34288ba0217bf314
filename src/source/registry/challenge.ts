// The WWW-Authenticate challenges of a registry's 401 (RFC 7235 section 4.1, auth-params as
// token=token / token=quoted-string): `Bearer realm=...,service=...,scope=...` sends the client to a
// token server (distribution docs/spec/auth/token.md), `Basic realm=...` asks for credentials directly
// (distribution's htpasswd access controller).

export interface Challenge {
  /** Lower-cased: `bearer`, `basic`. */
  scheme: string;
  /** Parameter names lower-cased. */
  params: Record<string, string>;
}

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+/;

/** Every challenge in a WWW-Authenticate header value; what cannot be read ends the list there. */
export function parseChallenges(header: string | string[] | undefined): Challenge[] {
  const values = header === undefined ? [] : Array.isArray(header) ? header : [header];
  const out: Challenge[] = [];
  for (const value of values) readChallenges(value, out);
  return out;
}

function readChallenges(value: string, out: Challenge[]): void {
  let rest = value.trim();
  while (rest) {
    const scheme = TOKEN.exec(rest);
    if (!scheme) return;
    const challenge: Challenge = {scheme: scheme[0].toLowerCase(), params: {}};
    out.push(challenge);
    rest = rest.slice(scheme[0].length).trimStart();
    // auth-params until one that is not `name=`, which starts the next challenge.
    for (;;) {
      const name = TOKEN.exec(rest);
      if (!name || !rest.slice(name[0].length).trimStart().startsWith('=')) break;
      rest = rest.slice(name[0].length).trimStart().slice(1).trimStart();
      const [val, after] = readValue(rest);
      challenge.params[name[0].toLowerCase()] = val;
      rest = after.trimStart();
      if (!rest.startsWith(',')) break;
      rest = rest.slice(1).trimStart();
    }
    if (rest.startsWith(',')) rest = rest.slice(1).trimStart();
  }
}

/** A token or a quoted-string (backslash escapes any character), and the text after it. */
function readValue(s: string): [string, string] {
  if (!s.startsWith('"')) {
    const t = TOKEN.exec(s);
    return t ? [t[0], s.slice(t[0].length)] : ['', s];
  }
  let val = '';
  for (let i = 1; i < s.length; i++) {
    const c = s[i];
    if (c === '\\' && i + 1 < s.length) val += s[++i];
    else if (c === '"') return [val, s.slice(i + 1)];
    else val += c;
  }
  return [val, ''];
}
