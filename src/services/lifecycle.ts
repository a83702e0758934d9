// The service's stop sequence: draining (not ready, in-flight work finishes), then cut (in-flight work is aborted).
import { setMaxListeners } from 'node:events'

export class Lifecycle {
  #draining = false
  readonly #cut = new AbortController()

  constructor() {
    // One listener per request in flight (bounded by the connection cap), not a leak: no warning past ten.
    setMaxListeners(0, this.#cut.signal)
  }

  /** True once a stop began: readiness fails and responses close their connections. */
  get draining(): boolean {
    return this.#draining
  }

  /** Aborts when in-flight work must stop: the shutdown deadline has passed. */
  get signal(): AbortSignal {
    return this.#cut.signal
  }

  drain(): void {
    this.#draining = true
  }

  cut(): void {
    this.#draining = true
    this.#cut.abort(new Error('The service is shutting down.'))
  }
}
