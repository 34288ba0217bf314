// Manifests with duplicate keys, for the decode differential: kubectl reads a manifest into a map (the
// last of two keys wins: sigs.k8s.io/yaml YAMLToJSON, and JSON into unstructured) and sends that, so
// under every --validate the apiserver never sees the duplicate; sent raw, it refuses them under
// fieldValidation=Strict. Each case has a decisive key repeated: which value is kept changes the verdict.

export interface DuplicateKeyCase {
  name: string;
  /** The manifest's bytes, YAML or JSON. */
  text: string;
  contentType: 'application/yaml' | 'application/json';
}

const BAD_USER = 'a\\\\b\\\\c';

function yamlPod(name: string, users: string[], extra = ''): string {
  const lines = users.map((u) => `          runAsUserName: "${u}"`).join('\n');
  return `apiVersion: v1
kind: Pod
metadata:
  name: ${name}
  labels: {app: a}
  labels: {app: b}
spec:
  os: {name: windows}
  containers:
  - name: a
    image: mcr.microsoft.com/windows/nanoserver:ltsc2022
    image: mcr.microsoft.com/windows/servercore:ltsc2022${extra}
    securityContext:
      windowsOptions:
${lines}
`;
}

function jsonPod(name: string, users: string[], extra = ''): string {
  const opts = users.map((u) => `"runAsUserName":"${u}"`).join(',');
  return `{"apiVersion":"v1","kind":"Pod","metadata":{"name":"${name}","name":"${name}"},"spec":{"os":{"name":"windows"},"containers":[{"name":"a","image":"x","image":"y"${extra},"securityContext":{"windowsOptions":{${opts}}}}]}}`;
}

/** YAML and JSON, the bad value first or last, with and without an unknown field beside the duplicates. */
export function duplicateKeyCases(): DuplicateKeyCase[] {
  return [
    {name: 'dup-yaml-bad-last', text: yamlPod('dup-yaml-bad-last', ['ContainerUser', BAD_USER]), contentType: 'application/yaml'},
    {name: 'dup-yaml-bad-first', text: yamlPod('dup-yaml-bad-first', [BAD_USER, 'ContainerUser']), contentType: 'application/yaml'},
    {name: 'dup-yaml-unknown', text: yamlPod('dup-yaml-unknown', [BAD_USER, 'ContainerUser'], '\n    runAsUserName: x'), contentType: 'application/yaml'},
    {name: 'dup-json-bad-last', text: jsonPod('dup-json-bad-last', ['ContainerUser', BAD_USER]), contentType: 'application/json'},
    {name: 'dup-json-bad-first', text: jsonPod('dup-json-bad-first', [BAD_USER, 'ContainerUser']), contentType: 'application/json'},
    {name: 'dup-json-unknown', text: jsonPod('dup-json-unknown', ['ContainerUser', BAD_USER], ',"windowsOptions":{}'), contentType: 'application/json'},
  ];
}
