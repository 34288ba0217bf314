// Where a response's bytes go while it arrives (kube-client.ts), where a list keeps its pages
// (page-chain.ts), and where it keeps the uids it handed on (seen-uids.ts): a buffer that grows.

/**
 * A response's bytes, copied out of each chunk as it comes, into one buffer that grows (and, reused
 * for a list's pages, stays). The socket hands each read over in a buffer of its own; kept until
 * the response ends, a page's worth of them outlived V8's young generation, and their memory came
 * back only at the next full collection (as did each page's own buffer): with pages of 1,000 pods,
 * up to 60 MB more at once.
 */
export class ResponseBytes {
  private buf = Buffer.allocUnsafe(0);
  private length = 0;

  /** `reused` emptied for a new response, or a new one. */
  static emptied(reused: ResponseBytes | undefined): ResponseBytes {
    const bytes = reused ?? new ResponseBytes();
    bytes.clear();
    return bytes;
  }

  clear(): void {
    this.length = 0;
  }

  add(chunk: Uint8Array): void {
    if (this.length + chunk.length > this.buf.length) {
      const grown = Buffer.allocUnsafe(Math.max(2 * this.buf.length, this.length + chunk.length, 16_384));
      this.buf.copy(grown, 0, 0, this.length);
      this.buf = grown;
    }
    this.buf.set(chunk, this.length);
    this.length += chunk.length;
  }

  all(): Buffer {
    return this.buf.subarray(0, this.length);
  }
}
