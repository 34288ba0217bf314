// -o json, -o yaml and -o name with the items written as the analysis makes them (issue 23): the
// document's head (apiVersion, kind, source) and then each batch of items go to stdout during the
// pass, and the rest of the report (the items made last, findings, skipped, reads, summary, ...) when
// it is done. The bytes are exactly those of the whole report written at once (render/data.ts;
// name-output.ts), so memory grows with the largest object, not with the cluster. When a run fails after items were written, the
// document is left unfinished, so no reader takes a part for the whole (the error is on stderr): JSON
// does not parse unclosed, and YAML gets a last line no parser accepts (abandon()).
import {once} from 'node:events';
import type {ItemSink, ReportHead} from '../analyses/types.js';
import {dataDocument, type DataDocument} from '../render/data.js';
import {NamesDocument} from './name-output.js';
import type {Report} from '../report/types.js';
import {collectGarbageSoon} from '../util/gc-hint.js';

/** The members a report must begin with, in this order, for its items to be written ahead. */
const HEAD_KEYS = ['apiVersion', 'kind', 'source', 'items'];

type Write = (chunk: string) => boolean;

/** The outputs whose items can be written as they come. */
export type StreamedFormat = 'json' | 'yaml' | 'name';

/**
 * What ends a YAML document a failed run began: a flow indicator where a block map's next key would
 * be is an error to every YAML parser (yaml's "Unexpected flow-seq-end", libyaml's "expected <block
 * end>"), where the document without it would parse with its items passing for all of them.
 */
export const UNFINISHED_YAML = '# kubectl-win: the run ended before this document was complete (the error is on stderr)\n]\n';

export class ItemStream implements ItemSink {
  private doc?: DataDocument;
  private head?: string;
  private chunks = 0;
  private ended = false;
  private abandoned = false;

  constructor(
    private readonly format: StreamedFormat,
    private readonly out: NodeJS.WritableStream & {write: Write} = process.stdout,
    private readonly chunkSize?: number,
    /** -o name: the command, for the kind of items that do not say theirs (nodes, psp readiness). */
    private readonly commandId?: string,
  ) {}

  /** Whether the document was begun: the report's rest must then come through finish(). */
  get started(): boolean {
    return this.doc !== undefined;
  }

  async write(head: ReportHead, items: readonly unknown[]): Promise<void> {
    if (this.abandoned) return;
    if (!this.doc) {
      this.doc = this.format === 'name' ? new NamesDocument(this.commandId, this.chunkSize) : dataDocument(this.format, this.chunkSize);
      this.head = headText(head);
      for (const key of ['apiVersion', 'kind', 'source'] as const) await this.send(this.doc.member(key, head[key]));
      this.doc.openArray('items');
    }
    await this.send(this.doc.add(items));
  }

  /** The rest of the report after the items written so far, and the document's end. */
  async finish(report: Report): Promise<void> {
    const doc = this.doc;
    if (!doc) throw new Error(`internal error: the ${this.format} stream was not begun`);
    if (this.abandoned) return;
    const keys = Object.keys(report);
    if (headText(report) !== this.head || HEAD_KEYS.some((k, i) => keys[i] !== k)) {
      throw new Error(`internal error: the ${report.kind} report does not begin as its streamed items did`);
    }
    await this.send(doc.add(report.items));
    doc.closeArray();
    for (const key of keys.slice(HEAD_KEYS.length)) await this.send(doc.member(key, (report as unknown as Record<string, unknown>)[key]));
    await this.send([doc.end()]);
    this.ended = true;
  }

  /**
   * Marks a document a failed or interrupted run began and will not finish: nothing more is written
   * but, for YAML, its last line, after the last whole chunk. Says whether it wrote that line;
   * `written` is called once it is out (an exit before then could lose it, and the chunks before it).
   */
  abandon(written?: () => void): boolean {
    if (!this.doc || this.ended) return false;
    this.ended = this.abandoned = true;
    if (this.format !== 'yaml') return false;
    this.out.write(UNFINISHED_YAML, written);
    return true;
  }

  private async send(chunks: Iterable<string>): Promise<void> {
    for (const chunk of chunks) {
      if (this.abandoned) return;
      if (!this.out.write(chunk)) await once(this.out, 'drain');
      // The release executable collects during long writes only when told (util/gc-hint.ts).
      if (++this.chunks % 10 === 0) collectGarbageSoon();
    }
  }
}

function headText(head: ReportHead): string {
  return JSON.stringify([head.apiVersion, head.kind, head.source]);
}
