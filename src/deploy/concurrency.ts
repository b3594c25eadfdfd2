// Bounded concurrency without a dependency: at most `limit` calls in flight, results in input order.
export async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]!, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(Math.max(1, limit), items.length) }, worker));
  return results;
}

export type Limiter = <T>(fn: () => Promise<T>) => Promise<T>;

/** One bound shared by calls made from different places (item writes and the ownership writes they start). */
export function createLimiter(limit: number): Limiter {
  let active = 0;
  const waiting: (() => void)[] = [];
  const release = (): void => {
    active--;
    waiting.shift()?.();
  };
  return async <T>(fn: () => Promise<T>): Promise<T> => {
    if (active >= Math.max(1, limit)) await new Promise<void>((resume) => waiting.push(resume));
    active++;
    try {
      return await fn();
    } finally {
      release();
    }
  };
}
