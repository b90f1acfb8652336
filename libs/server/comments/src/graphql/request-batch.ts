/**
 * Collects the ids asked for by field resolvers of one GraphQL request during one tick and loads
 * them with one call: a list of N needs costs one query per field, not N.
 */
const batches = new WeakMap<object, Map<string, { ids: Set<string>; promise: Promise<Map<string, unknown>> }>>();

export function loadBatched<T>(context: object, name: string, id: string, load: (ids: string[]) => Promise<Map<string, T>>): Promise<T | undefined> {
  let perContext = batches.get(context);
  if (!perContext) batches.set(context, (perContext = new Map()));
  let batch = perContext.get(name);
  if (!batch) {
    const ids = new Set<string>();
    const promise = new Promise<Map<string, unknown>>((resolve, reject) => {
      setImmediate(() => {
        // Later ids start a new batch.
        perContext!.delete(name);
        load([...ids]).then(resolve, reject);
      });
    });
    batch = { ids, promise };
    perContext.set(name, batch);
  }
  batch.ids.add(id);
  return batch.promise.then((results) => results.get(id) as T | undefined);
}
