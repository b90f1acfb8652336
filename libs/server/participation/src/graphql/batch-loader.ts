/**
 * Collects the keys asked during one turn of the event loop and loads them with one call: field
 * resolvers of a list of 100 needs cost one query, not 100. One loader per GraphQL request
 * (see loaderFor), so nothing is cached across requests.
 */
export class BatchLoader<K, V> {
  private queue: Array<{ key: K; resolve: (value: V) => void; reject: (error: unknown) => void }> = [];
  private readonly cache = new Map<K, Promise<V>>();

  constructor(private readonly loadMany: (keys: K[]) => Promise<Map<K, V>>, private readonly fallback: (key: K) => V) {}

  load(key: K): Promise<V> {
    const cached = this.cache.get(key);
    if (cached) return cached;
    const promise = new Promise<V>((resolve, reject) => {
      this.queue.push({ key, resolve, reject });
      if (this.queue.length === 1) setImmediate(() => void this.dispatch());
    });
    this.cache.set(key, promise);
    return promise;
  }

  private async dispatch(): Promise<void> {
    const batch = this.queue;
    this.queue = [];
    try {
      const values = await this.loadMany([...new Set(batch.map((item) => item.key))]);
      for (const item of batch) item.resolve(values.get(item.key) ?? this.fallback(item.key));
    } catch (error) {
      for (const item of batch) item.reject(error);
    }
  }
}

const loaders = new WeakMap<object, Map<string, BatchLoader<unknown, unknown>>>();

/** The loader `name` of this request (its GraphQL context object), created on first use. */
export function loaderFor<K, V>(context: object, name: string, create: () => BatchLoader<K, V>): BatchLoader<K, V> {
  let byName = loaders.get(context);
  if (!byName) loaders.set(context, (byName = new Map()));
  let loader = byName.get(name);
  if (!loader) byName.set(name, (loader = create() as BatchLoader<unknown, unknown>));
  return loader as BatchLoader<K, V>;
}
