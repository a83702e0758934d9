// A first-in first-out queue of tasks with a cap on how many run at once: the embedded engine's queues.

export class TaskQueue {
  readonly #waiting: (() => Promise<void>)[] = []
  #active = 0
  #closed = false
  readonly #idle = new Set<() => void>()

  constructor(readonly concurrency: number) {}

  get waiting(): number {
    return this.#waiting.length
  }

  get active(): number {
    return this.#active
  }

  /** Tasks never reject into the queue: each handles its own errors. */
  push(task: () => Promise<void>): void {
    if (this.#closed) return
    this.#waiting.push(task)
    this.#next()
  }

  /** No task starts after this; tasks waiting are dropped. Resolves once the running ones have ended. */
  close(): Promise<void> {
    this.#closed = true
    this.#waiting.length = 0
    if (this.#active === 0) return Promise.resolve()
    return new Promise((resolve) => this.#idle.add(resolve))
  }

  #next(): void {
    while (!this.#closed && this.#active < this.concurrency && this.#waiting.length > 0) {
      const task = this.#waiting.shift()!
      this.#active++
      void task().finally(() => {
        this.#active--
        if (this.#active === 0) for (const resolve of this.#idle) resolve()
        this.#next()
      })
    }
  }
}
