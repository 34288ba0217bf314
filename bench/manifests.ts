// Writes a large multi-document YAML manifest (and the same pods as one JSON List) for measuring
// the manifest reader: `node --import tsx bench/manifests.ts OUT_DIR [MEGABYTES]` (default 50).
import {writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {stringify} from 'yaml';

function pod(i: number): object {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: `iis-${i}`,
      namespace: `ns-${i % 50}`,
      labels: {app: 'iis', tier: i % 2 ? 'web' : 'api'},
      annotations: {'example.com/owner': `team-${i % 7}`},
    },
    spec: {
      os: {name: 'windows'},
      nodeSelector: {'kubernetes.io/os': 'windows'},
      securityContext: {windowsOptions: {gmsaCredentialSpecName: 'webapp1'}},
      containers: [
        {
          name: 'iis',
          image: 'mcr.microsoft.com/windows/servercore/iis:windowsservercore-ltsc2022',
          ports: [{containerPort: 80}],
          resources: {requests: {cpu: '500m', memory: '1Gi'}, limits: {cpu: '1', memory: '2Gi'}},
        },
        {name: 'log', image: 'mcr.microsoft.com/windows/nanoserver:ltsc2022', resources: {limits: {cpu: '100m', memory: '128Mi'}}},
      ],
    },
  };
}

const [out = '.', megabytes = '50'] = process.argv.slice(2);
const target = Number(megabytes) * 1024 * 1024;
const docs: string[] = [];
const pods: object[] = [];
let size = 0;
for (let i = 0; size < target; i++) {
  const p = pod(i);
  const doc = `---\n${stringify(p)}`;
  docs.push(doc);
  pods.push(p);
  size += doc.length;
}
writeFileSync(join(out, 'pods.yaml'), docs.join(''));
writeFileSync(join(out, 'pods.json'), JSON.stringify({apiVersion: 'v1', kind: 'List', items: pods}));
process.stdout.write(`${pods.length} pods, ${size} bytes of YAML\n`);
