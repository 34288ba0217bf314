// The pages of one list, asked for ahead of the caller (KubeClient.listPages). A page can only be
// asked for with the continue token of the page before, so a list is a chain of requests, and the
// apiserver spends a while on each before its first byte (on 10,000 pods, pages of 250: ~17 ms;
// on 100,000, pages of 1,000: 25-60 ms). A protobuf page names the next one in its first bytes
// (protobuf/list-prefix.ts), so the next is asked for then, while the page is still coming in and
// while the caller works on the pages before: up to `depth` pages ahead of the caller's. A JSON
// page is parsed whole when it ends, so JSON lists keep one page ahead (parsed pages are large).
// Each page's bytes go into a buffer of a ring of depth + 1, reused once the caller is done with
// the page in it; a page asked for from a token the whole page then contradicts (a retried or
// garbled read) is dropped with the pages after it, and the ring is renewed (they may still write).
import {ResponseBytes} from './response-bytes.js';

/** A list response as listPages reads it (items may stay protobuf bytes until handed on). */
export interface ListPage<Items> {
  items?: Items | null;
  metadata?: {continue?: string; remainingItemCount?: number | string};
}

/** How a page is asked for: with its token, into a buffer, telling `named` the next page's token as soon as it is seen. */
export type SendPage<Items> = (token: string | undefined, into: ResponseBytes, named: (token: string) => void) => Promise<ListPage<Items>>;

class PageRequest<Items> {
  /** The token of the page after: undefined until known, '' when this page names none or failed. */
  next: string | undefined;
  readonly response: Promise<ListPage<Items>>;
  readonly named: Promise<void>;

  constructor(
    readonly token: string | undefined,
    /** Whether the chain may ask for the page after from this one's first bytes (not the first page: its length sizes the rest). */
    readonly leads: boolean,
    send: SendPage<Items>,
    into: ResponseBytes,
  ) {
    let tell: () => void = () => {};
    this.named = new Promise((resolve) => (tell = resolve));
    const name = (token: string) => {
      this.next ??= token;
      tell();
    };
    this.response = send(token, into, name);
    // Whole or failed, the page has said all it will.
    this.response.then(
      (page) => name(page.metadata?.continue ?? ''),
      () => name(''),
    );
    // Awaited by take; this only keeps a page nobody takes (the caller stopped, or it was dropped) from an unhandled rejection.
    this.response.catch(() => {});
  }
}

export class PageChain<Items> {
  private queue: PageRequest<Items>[] = [];
  /** The page asked for last: in the queue, or taken and still coming in. */
  private last?: PageRequest<Items>;
  private ring: ResponseBytes[] = [];
  private asked = 0;
  private depth = 1;

  constructor(private readonly send: SendPage<Items>) {}

  /** The list from its first page, `depth` pages ahead at most; whatever was asked for before is dropped. */
  start(depth: number): void {
    this.depth = depth;
    this.queue = [];
    this.renewRing();
    this.ask(undefined, false);
  }

  /** Whether a page asked for is still coming in (the caller lets the event loop turn, so its first bytes are seen). */
  get inFlight(): boolean {
    return this.queue.length > 0;
  }

  /** The next page, whole. Called once the caller is done with the page before: its buffer is free. */
  async take(): Promise<ListPage<Items>> {
    const request = this.queue.shift();
    if (!request) throw new Error('page chain: no page asked for');
    this.pump();
    return request.response;
  }

  /** After a page was taken: the page it names (`cont`, from the whole page) is asked for, unless it already was. */
  follow(cont: string | undefined): void {
    if (this.queue.length > 0 && this.queue[0].token !== cont) {
      this.queue = [];
      this.renewRing();
    }
    if (cont && this.queue.length === 0) this.ask(cont, true);
    this.pump();
  }

  private ask(token: string | undefined, leads: boolean): void {
    this.last = new PageRequest(token, leads, this.send, this.ring[this.asked++ % this.ring.length]);
    this.queue.push(this.last);
  }

  private renewRing(): void {
    this.ring = Array.from({length: this.depth + 1}, () => new ResponseBytes());
  }

  /** Asks for the page after the last one asked for as soon as that one names it, up to `depth` ahead. */
  private pump(): void {
    while (this.last && this.queue.length < this.depth) {
      const last = this.last;
      if (!last.leads) return;
      if (last.next === undefined) {
        // Checked again when it is known: the queue may have changed by then.
        void last.named.then(() => this.pump());
        return;
      }
      if (last.next === '') return;
      this.ask(last.next, true);
    }
  }
}
