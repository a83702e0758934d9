// Library errors → fetch findings: one table keyed by code (undici's, Node's, preflight's own), found by walking `cause`.
import type { RawFinding } from '../rule-types.js'
import { PRIVATE_ADDRESS, PrivateAddressError } from './guarded-agent.js'

/** What the fetch knew when it failed: the limits in force and how far the body got. */
export interface FailureContext {
  headersTimeoutMs: number
  bodyTimeoutMs: number
  totalTimeoutMs: number
  /** Body bytes received before the failure, and the length the response announced. */
  bytes: number
  contentLength: number | null
  /** The projected whole-file time that stopped the download, when that was the reason. */
  projectedMs: number | null
  projectedStopMs: number
}

/** preflight's own abort reasons, given to AbortController.abort() so the table can tell them apart. */
export const DEADLINE = 'PREFLIGHT_DEADLINE'
export const TOO_SLOW = 'PREFLIGHT_PROJECTED_TOO_SLOW'

type Translate = (error: unknown, ctx: FailureContext) => RawFinding

/** undici's phase timeouts, by the phase each names: fetchJson words them; the table below makes findings of them. */
export const UNDICI_TIMEOUTS = {
  UND_ERR_CONNECT_TIMEOUT: 'connect',
  UND_ERR_HEADERS_TIMEOUT: 'headers',
  UND_ERR_BODY_TIMEOUT: 'body',
} as const satisfies Record<string, 'connect' | 'headers' | 'body'>

export const timeoutPhase = (code: string): 'connect' | 'headers' | 'body' | null =>
  Object.hasOwn(UNDICI_TIMEOUTS, code) ? UNDICI_TIMEOUTS[code as keyof typeof UNDICI_TIMEOUTS] : null

const unreachable =
  (transient: boolean): Translate =>
  (error) => {
    const finding = { rule: 'fetch.unreachable', args: { code: errorCode(error), detail: describe(error) } } as const
    return transient ? { ...finding, tier: 'transient' } : finding
  }

/** A connection that drops mid-body is a truncation when a length was announced, else a transient failure. */
const dropped: Translate = (error, ctx) =>
  ctx.contentLength !== null && ctx.bytes < ctx.contentLength
    ? { rule: 'fetch.truncated', args: { bytes: ctx.bytes, contentLength: ctx.contentLength } }
    : unreachable(true)(error, ctx)

const timeout =
  (phase: 'headers' | 'body' | 'total', limit: (ctx: FailureContext) => number): Translate =>
  (_error, ctx) => ({
    rule: 'fetch.timeout',
    args: { phase, afterMs: limit(ctx), projectedMs: null },
  })

const TABLE: Record<string, Translate> = {
  [PRIVATE_ADDRESS]: (error) => {
    const e = findCause(error, PrivateAddressError)!
    return { rule: 'fetch.private_address', args: { host: e.host, address: e.address, addressClass: e.addressClass } }
  },
  [DEADLINE]: timeout('total', (ctx) => ctx.totalTimeoutMs),
  [TOO_SLOW]: (_error, ctx) => ({
    rule: 'fetch.timeout',
    args: { phase: 'projected', afterMs: ctx.projectedStopMs, projectedMs: ctx.projectedMs },
  }),
  UND_ERR_HEADERS_TIMEOUT: timeout('headers', (ctx) => ctx.headersTimeoutMs),
  UND_ERR_BODY_TIMEOUT: timeout('body', (ctx) => ctx.bodyTimeoutMs),
  UND_ERR_CONNECT_TIMEOUT: unreachable(true),
  ECONNREFUSED: unreachable(true),
  EHOSTUNREACH: unreachable(true),
  ENETUNREACH: unreachable(true),
  ETIMEDOUT: unreachable(true),
  EAI_AGAIN: unreachable(true),
  ECONNRESET: dropped,
  EPIPE: dropped,
  UND_ERR_SOCKET: dropped,
  UND_ERR_CLOSED: dropped,
  UND_ERR_RES_CONTENT_LENGTH_MISMATCH: dropped,
  Z_DATA_ERROR: dropped,
  Z_BUF_ERROR: dropped,
}

/** Everything else (DNS names that do not exist, TLS chain or name errors) is the host's to fix. */
const fallback = unreachable(false)

export function fetchFailure(error: unknown, ctx: FailureContext): RawFinding {
  return (TABLE[errorCode(error)] ?? fallback)(error, ctx)
}

/** The first `code` along the `cause` chain (undici wraps system errors); an abort reason string counts. */
export function errorCode(error: unknown): string {
  for (let e: unknown = error, depth = 0; e && depth < 8; depth++) {
    if (typeof e === 'string') return e
    const code = (e as { code?: unknown }).code
    if (typeof code === 'string' && code !== 'ABORT_ERR' && code !== 'UND_ERR_ABORTED') return code
    e = (e as { cause?: unknown; reason?: unknown }).cause ?? (e as { reason?: unknown }).reason
  }
  return 'UNKNOWN'
}

export function findCause<T>(error: unknown, type: new (...args: never[]) => T): T | null {
  for (let e: unknown = error, depth = 0; e && depth < 8; depth++) {
    if (e instanceof type) return e
    e = (e as { cause?: unknown }).cause
  }
  return null
}

function describe(error: unknown): string {
  let deepest: unknown = error
  for (let depth = 0; depth < 8 && (deepest as { cause?: unknown })?.cause; depth++)
    deepest = (deepest as { cause: unknown }).cause
  const text = deepest instanceof Error ? deepest.message : String(deepest)
  return text.slice(0, 200)
}

/** The innermost error's message (undici wraps system errors), for texts that say what happened. */
export { describe as errorDetail }
