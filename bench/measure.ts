// Side-by-side timing: the service and the baseline alternate run by run, so machine noise lands on both.

export async function timed(fn: () => Promise<unknown>): Promise<number> {
  const start = performance.now()
  await fn()
  return performance.now() - start
}

/** `runs` pairs of (a, b) in milliseconds; the order flips every pair. */
export async function alternate(
  runs: number,
  a: () => Promise<unknown>,
  b: () => Promise<unknown>,
): Promise<{ a: number[]; b: number[] }> {
  const times = { a: [] as number[], b: [] as number[] }
  for (let i = 0; i < runs; i++) {
    if (i % 2 === 0) {
      times.a.push(await timed(a))
      times.b.push(await timed(b))
    } else {
      times.b.push(await timed(b))
      times.a.push(await timed(a))
    }
  }
  return times
}

/** Items per second for `items` calls of `fn`, `concurrency` at a time (each worker takes the next index). */
export async function throughput(
  items: number,
  concurrency: number,
  fn: (worker: number, index: number) => Promise<unknown>,
): Promise<number> {
  let next = 0
  const worker = async (id: number) => {
    while (next < items) await fn(id, next++)
  }
  const ms = await timed(() => Promise.all(Array.from({ length: Math.min(concurrency, items) }, (_, id) => worker(id))))
  return items / (ms / 1000)
}
