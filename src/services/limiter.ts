// One server-wide cap on concurrent media work (downloads and probes), with a bounded wait queue.
// Interactive work is served before batch work, so a large batch cannot starve single preflights.
import { ServiceError } from '../errors.js'

export type Lane = 'interactive' | 'batch'

interface Waiter {
  start: () => void
  fail: (error: unknown) => void
}

export interface LimiterOptions {
  /** Media items worked on at once. */
  concurrency: number
  /** Interactive items allowed to wait; one more is refused with 429. Batch items wait without bound. */
  maxQueue: number
}

export class Limiter {
  #active = 0
  readonly #queues: Record<Lane, Waiter[]> = { interactive: [], batch: [] }

  constructor(readonly options: LimiterOptions) {}

  get active(): number {
    return this.#active
  }

  get queued(): number {
    return this.#queues.interactive.length + this.#queues.batch.length
  }

  /** Runs `task` when a slot is free; refuses at once when the interactive queue is full. */
  async run<T>(task: () => Promise<T>, lane: Lane = 'interactive', signal?: AbortSignal): Promise<T> {
    await this.#acquire(lane, signal)
    try {
      return await task()
    } finally {
      this.#release()
    }
  }

  #acquire(lane: Lane, signal?: AbortSignal): Promise<void> {
    if (this.#active < this.options.concurrency && this.queued === 0) {
      this.#active++
      return Promise.resolve()
    }
    const queue = this.#queues[lane]
    if (lane === 'interactive' && queue.length >= this.options.maxQueue) {
      return Promise.reject(new ServiceError('too_many_requests', 'The service is at capacity; retry shortly.'))
    }
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = {
        start: () => {
          signal?.removeEventListener('abort', onAbort)
          this.#active++
          resolve()
        },
        fail: reject,
      }
      const onAbort = () => {
        const at = queue.indexOf(waiter)
        if (at >= 0) queue.splice(at, 1)
        reject(signal?.reason ?? new Error('aborted'))
      }
      signal?.addEventListener('abort', onAbort, { once: true })
      queue.push(waiter)
    })
  }

  #release(): void {
    this.#active--
    const next = this.#queues.interactive.shift() ?? this.#queues.batch.shift()
    next?.start()
  }
}
