// Which engine a process runs: BullMQ on PREFLIGHT_REDIS_URL when set, else the embedded one.
import type { Config } from '../config.js'
import { EmbeddedEngine } from './embedded.js'
import type { JobEngine } from './engine.js'
import type { JobHandlers } from './handlers.js'
import type { EngineOptions } from './options.js'

export function defaultEngine(_config: Config): (handlers: JobHandlers, options: EngineOptions) => JobEngine {
  return (handlers, options) => new EmbeddedEngine(options, handlers)
}
