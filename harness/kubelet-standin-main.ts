// The stand-in kubelet's process (kubelet-standin.ts): `node --import tsx kubelet-standin-main.ts
// CONFIG.json` with {address, cert, key, controlFile}. It serves nodes on `address` as it is told
// over a control port on 127.0.0.1 (written to controlFile): POST /nodes with a StandInNode answers
// {port}. It runs until it is killed with the control plane's processes.
import {readFileSync, writeFileSync} from 'node:fs';
import {createServer} from 'node:http';
import {serveNode, type StandInNode} from './kubelet-standin.js';

const config = JSON.parse(readFileSync(process.argv[2], 'utf8')) as {address: string; cert: string; key: string; controlFile: string};
const tls = {cert: readFileSync(config.cert, 'utf8'), key: readFileSync(config.key, 'utf8')};

const control = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    if (req.method !== 'POST' || req.url !== '/nodes') {
      res.writeHead(404).end();
      return;
    }
    const node = JSON.parse(Buffer.concat(chunks).toString('utf8')) as StandInNode;
    serveNode(node, tls, config.address).then(
      (port) => res.writeHead(200, {'Content-Type': 'application/json'}).end(JSON.stringify({port})),
      (err: Error) => res.writeHead(500).end(err.message),
    );
  });
});
control.listen(0, '127.0.0.1', () => {
  writeFileSync(config.controlFile, String((control.address() as {port: number}).port));
  process.stderr.write(`kubelet stand-in serving on ${config.address}\n`);
});
