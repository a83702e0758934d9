// Bounded concurrency over a list: at most `limit` calls of `fn` at once; no new call starts once `signal` is aborted.

/** Results in input order; an entry whose call never started (aborted) is left empty. */
export async function mapBounded<T, R>(
  inputs: readonly T[],
  limit: number,
  fn: (input: T, index: number) => Promise<R>,
  signal?: AbortSignal,
): Promise<R[]> {
  const results = new Array<R>(inputs.length)
  let next = 0
  const worker = async () => {
    while (next < inputs.length && !signal?.aborted) {
      const index = next++
      results[index] = await fn(inputs[index] as T, index)
    }
  }
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, inputs.length)) }, worker))
  return results
}

export async function eachBounded<T>(
  items: readonly T[],
  limit: number,
  signal: AbortSignal,
  fn: (item: T, index: number) => Promise<void>,
): Promise<void> {
  await mapBounded(items, limit, fn, signal)
}
