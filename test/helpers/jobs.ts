// Jobs in tests: the engines the same tests run on, and a bounded poll.
import { RedisServer } from './redis.js'

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

function onRedis(): TestEngine {
  const server = new RedisServer()
  return {
    name: 'redis',
    start: () => server.start(),
    stop: () => server.stop(),
    // Short stalled checks: a chunk of a dead worker comes back within a second.
    env: () => ({ PREFLIGHT_REDIS_URL: server.url, PREFLIGHT_JOB_STALLED_MS: '1000' }),
  }
}

export const engines: TestEngine[] = [embedded, onRedis()]
