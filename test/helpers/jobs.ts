// Jobs in tests: the engines the same tests run on, and a bounded poll.

export interface JobJson {
  id: string
  kind: string
  state: string
  progress: { done: number; total: number }
  finishedAt: string | null
  result: unknown
  error: { code: string; message: string } | null
}

/** Calls `read` until `done` holds: at most `tries` times, `everyMs` apart (the test's timeout bounds it too). */
export async function pollUntil<T>(
  read: () => Promise<T>,
  done: (value: T) => boolean,
  tries = 400,
  everyMs = 25,
): Promise<T> {
  let value = await read()
  for (let i = 0; i < tries && !done(value); i++) {
    await new Promise((resolve) => setTimeout(resolve, everyMs))
    value = await read()
  }
  if (!done(value)) throw new Error(`gave up waiting; last value: ${JSON.stringify(value).slice(0, 300)}`)
  return value
}

export interface TestEngine {
  name: string
  start(): Promise<void>
  stop(): Promise<void>
  env(): Record<string, string>
}

const embedded: TestEngine = {
  name: 'embedded',
  start: async () => undefined,
  stop: async () => undefined,
  env: () => ({}),
}

export const engines: TestEngine[] = [embedded]
