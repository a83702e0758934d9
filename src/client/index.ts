// preflight/client: check media from a browser against the preflight service (no Node imports).
export { checkFile, checkUrl } from './check.js'
export { localCheck, posterFrame } from './local.js'
export { PreflightError } from './errors.js'
export type * from './types.js'
