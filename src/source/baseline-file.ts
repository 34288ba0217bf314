// `--baseline FILE`: the findings a pipeline has accepted (written by --write-baseline; format in
// src/report/baseline.ts). Read before anything else; a malformed file is exit 2 naming its line.
import {isMap, isSeq, type Node} from 'yaml';
import {readSettingsFile, type YamlPlace} from './versioned-yaml.js';

/** An entry as the file has it; the CLI gives it the catalogue's id type. */
interface BaselineFileEntry {
  id: string;
  object?: {kind: string; namespace?: string; name: string};
  field?: string;
}

export function readBaselineFile(file: string): {file: string; entries: BaselineFileEntry[]} {
  const {place, top} = readSettingsFile(file, 'Baseline', ['findings']);
  const list = top.get('findings');
  if (list === undefined || list === null) return {file, entries: []};
  if (!isSeq(list)) throw place.problem(list, 'findings must be a list');
  return {file, entries: list.items.map((item) => entry(place, item as Node))};
}

function entry(place: YamlPlace, node: Node): BaselineFileEntry {
  const e = place.entries(place.map(node, 'a baseline entry'), 'a baseline entry', ['id', 'object', 'field']);
  const id = e.get('id');
  if (id === undefined) throw place.problem(node, 'a baseline entry needs an id');
  const out: BaselineFileEntry = {id: place.string(id, 'id')};
  const object = e.get('object');
  if (object !== undefined) {
    if (!isMap(object)) throw place.problem(object, 'object must be a mapping with kind, namespace and name');
    const o = place.entries(object, 'object', ['kind', 'namespace', 'name']);
    const kind = o.get('kind');
    const name = o.get('name');
    if (kind === undefined || name === undefined) throw place.problem(object, 'object needs kind and name');
    const namespace = o.get('namespace');
    out.object = {
      kind: place.string(kind, 'kind'),
      ...(namespace !== undefined ? {namespace: place.string(namespace, 'namespace')} : {}),
      name: place.string(name, 'name'),
    };
  }
  const field = e.get('field');
  if (field !== undefined) out.field = place.string(field, 'field');
  return out;
}
