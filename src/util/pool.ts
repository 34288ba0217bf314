// Bounded concurrency: at most `limit` calls in flight, results in input order. Used wherever many
// independent requests go out (access reviews, webhook pods and Secrets, generated test cases).
export async function pool<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i], i);
    }
  };
  await Promise.all(Array.from({length: Math.max(1, Math.min(limit, items.length))}, worker));
  return out;
}

/**
 * Bounded concurrency for work that arrives over time: `run(fn)` starts fn at once if fewer than
 * `limit` are in flight, else when one ends. Used to start access reviews while pods still stream.
 */
export function limiter(limit: number): <R>(fn: () => Promise<R>) => Promise<R> {
  let active = 0;
  const waiting: Array<() => void> = [];
  return async <R>(fn: () => Promise<R>): Promise<R> => {
    if (active >= limit) await new Promise<void>((res) => waiting.push(res));
    active++;
    try {
      return await fn();
    } finally {
      active--;
      waiting.shift()?.();
    }
  };
}

/**
 * One turn of the event loop. Work on an already-received page runs as a chain of microtasks, and
 * until that chain ends Node neither sends a request queued meanwhile (its socket is handed over
 * on process.nextTick) nor reads the bytes arriving for it: without a turn now and then, the next
 * page was only asked for after the current one was done (doctor on 10,000 pods idled 0.2 s).
 */
export function eventLoopTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
