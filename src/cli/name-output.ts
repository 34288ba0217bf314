// `-o name` as kubectl's NamePrinter prints it (staging/src/k8s.io/cli-runtime/pkg/printers/name.go):
// one `kind.group/name` per object, the kind lower-cased, the group left out for the core group
// (`pod/iis-0`, `deployment.apps/web`, `node/akswin000001`, `namespace/web`).
import {RESOURCES} from '../k8s/resources.js';
import type {DataDocument} from '../render/data.js';
import type {Report} from '../report/types.js';
import {InputError} from '../errors.js';
import {commandLine} from './usage-words.js';

const GROUP_OF_KIND = new Map<string, string>(Object.values(RESOURCES).map((r) => [r.kind, r.group]));

/** What kind of object a command's items are, when the items do not say (nodes, namespaces). */
const ITEM_KIND: Record<string, {kind: string; nameField: string}> = {
  nodes: {kind: 'Node', nameField: 'name'},
  'psp:readiness': {kind: 'Namespace', nameField: 'namespace'},
};

/** Commands whose items are not objects (doctor's are analyses; nltest's are probes). */
const NO_OBJECTS = new Set(['doctor', 'gmsa:nltest', 'rbac']);

export function resourceName(kind: string, name: string): string {
  const group = GROUP_OF_KIND.get(kind) ?? '';
  return `${kind.toLowerCase()}${group ? `.${group}` : ''}/${name}`;
}

/** The names of the objects a report lists, in its order; a usage error for commands that list none. */
export function objectNames(report: Report, commandId: string | undefined): string {
  if (commandId && NO_OBJECTS.has(commandId)) throw new InputError(`error: -o name: ${commandLine(commandId)} lists no objects of its own; use -o json`);
  return itemNames(report.items, commandId);
}

/** A line per item that names an object. */
function itemNames(items: readonly unknown[], commandId: string | undefined): string {
  const fallback = commandId ? ITEM_KIND[commandId] : undefined;
  let out = '';
  for (const item of items as Array<Record<string, unknown>>) {
    const kind = typeof item.kind === 'string' ? item.kind : fallback?.kind;
    const name = item[typeof item.kind === 'string' ? 'name' : (fallback?.nameField ?? 'name')];
    if (kind && typeof name === 'string') out += `${resourceName(kind, name)}\n`;
  }
  return out;
}

/**
 * -o name as a document written as the items come (src/cli/item-stream.ts): a line per item, the
 * report's other members left out, so the lines are objectNames' for the whole report.
 */
export class NamesDocument implements DataDocument {
  private buf = '';

  constructor(
    private readonly commandId: string | undefined,
    private readonly chunkSize = 1 << 16,
  ) {}

  *member(): Generator<string> {}

  openArray(): void {}

  *add(values: readonly unknown[]): Generator<string> {
    this.buf += itemNames(values, this.commandId);
    if (this.buf.length >= this.chunkSize) yield this.end();
  }

  closeArray(): void {}

  end(): string {
    const chunk = this.buf;
    this.buf = '';
    return chunk;
  }
}
