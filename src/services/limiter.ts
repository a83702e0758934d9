// One server-wide cap on concurrent media work (downloads and probes), with a bounded wait queue.
// Interactive work is served before batch work, so a large batch cannot starve single preflights.
// A request is admitted whole (all its items, or none) before any of them starts: a carousel refused half-way
// would leave its first items working for an answer no one gets.
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

/** A request's items, admitted together: each runs through it, none is refused for want of queue room. */
export interface Admission extends Disposable {
  run<T>(task: () => Promise<T>, signal?: AbortSignal): Promise<T>
}

export class Limiter {
  #active = 0
  /** Interactive items admitted whose task has not been handed in yet (their request runs a few at a time). */
  #admitted = 0
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
    return this.#run(task, lane, signal, false)
  }

  /**
   * Admits `count` items at once, or refuses them all (429) when, with the interactive items already admitted,
   * more than `maxQueue` would have to wait (unless nothing else is running). Batch items are always admitted:
   * they wait without bound.
   */
  admit(count: number, lane: Lane = 'interactive'): Admission {
    if (lane === 'interactive') {
      const free = Math.max(0, this.options.concurrency - this.#active)
      const waiting = this.#admitted + this.#queues.interactive.length + count - free
      // An idle limiter takes any request, so one larger than the slots and the queue together still runs.
      const idle = this.#active === 0 && this.#admitted === 0 && this.queued === 0
      if (waiting > this.options.maxQueue && !idle)
        throw new ServiceError('too_many_requests', 'The service is at capacity; retry shortly.')
      this.#admitted += count
    }
    let left = lane === 'interactive' ? count : 0
    return {
      run: (task, signal) => {
        if (left > 0) {
          left--
          this.#admitted--
        }
        return this.#run(task, lane, signal, true)
      },
      [Symbol.dispose]: () => {
        this.#admitted -= left
        left = 0
      },
    }
  }

  async #run<T>(task: () => Promise<T>, lane: Lane, signal: AbortSignal | undefined, admitted: boolean): Promise<T> {
    await this.#acquire(lane, signal, admitted)
    try {
      return await task()
    } finally {
      this.#release()
    }
  }

  #acquire(lane: Lane, signal: AbortSignal | undefined, admitted: boolean): Promise<void> {
    if (signal?.aborted) return Promise.reject(signal.reason)
    if (this.#active < this.options.concurrency && this.queued === 0) {
      this.#active++
      return Promise.resolve()
    }
    const queue = this.#queues[lane]
    if (lane === 'interactive' && !admitted && queue.length >= this.options.maxQueue) {
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
