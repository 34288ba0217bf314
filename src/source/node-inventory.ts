// --nodes FILE: an offline node inventory (Node manifests, or a NodeList from `kubectl get nodes -o yaml`),
// read by the manifest reader with its error handling (reached through open.ts).
import {readFileSync} from 'node:fs';
import {InputError} from '../errors.js';
import {expandFilenames, parseManifests} from './manifest-source.js';
import type {KubeObject} from '../k8s/object.js';

export function readNodeInventory(path: string): KubeObject[] {
  const nodes: KubeObject[] = [];
  for (const file of expandFilenames([path], false)) {
    let text: string;
    try {
      text = readFileSync(file === '-' ? 0 : file, 'utf8');
    } catch (err) {
      throw new InputError(`error: cannot read ${file}: ${(err as Error).message}`);
    }
    for (const {object} of parseManifests(text, file)) if (object.kind === 'Node') nodes.push(object);
  }
  if (nodes.length === 0) throw new InputError(`error: --nodes ${path}: no Node objects found`);
  return nodes;
}
