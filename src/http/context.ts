// What every route is built with: the validated configuration and the pipeline options derived from it.
import type { Config } from '../config.js'
import type { PreflightOptions } from '../pipeline/preflight.js'

export interface AppContext {
  config: Config
  options: PreflightOptions
}
