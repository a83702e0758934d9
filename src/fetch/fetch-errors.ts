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

type Phase = 'connect' | 'headers' | 'body'

/** What a failed fetch makes of an error code: a phase timeout, a transient or lasting unreachable host, or a dropped connection. */
type Outcome = { timeout: Phase } | 'transient' | 'lasting' | 'dropped'

/** What the unreachable finding says happened (the sentence is the messages' to write: messages/fetch.ts). */
export type Happened = 'dns' | 'refused' | 'closed' | 'network' | 'invalid_url' | 'tls' | 'unreachable'

/**
 * The one table of library error codes (undici's and Node's), for every fetch path: the media download's
 * findings, fetchJson's failure words and the finding's sentence. A code not in it is a lasting failure
 * (the host's to fix), said by the TLS pattern or as unreachable.
 */
const CODES: Record<string, { outcome: Outcome; happened: Happened }> = {
  UND_ERR_CONNECT_TIMEOUT: { outcome: { timeout: 'connect' }, happened: 'unreachable' },
  UND_ERR_HEADERS_TIMEOUT: { outcome: { timeout: 'headers' }, happened: 'unreachable' },
  UND_ERR_BODY_TIMEOUT: { outcome: { timeout: 'body' }, happened: 'unreachable' },
  ECONNREFUSED: { outcome: 'transient', happened: 'refused' },
  EHOSTUNREACH: { outcome: 'transient', happened: 'network' },
  ENETUNREACH: { outcome: 'transient', happened: 'network' },
  ETIMEDOUT: { outcome: 'transient', happened: 'unreachable' },
  EAI_AGAIN: { outcome: 'transient', happened: 'dns' },
  ENOTFOUND: { outcome: 'lasting', happened: 'dns' },
  EAI_NODATA: { outcome: 'lasting', happened: 'dns' },
  EAI_NONAME: { outcome: 'lasting', happened: 'dns' },
  ECONNRESET: { outcome: 'dropped', happened: 'closed' },
  EPIPE: { outcome: 'dropped', happened: 'closed' },
  UND_ERR_SOCKET: { outcome: 'dropped', happened: 'closed' },
  UND_ERR_CLOSED: { outcome: 'dropped', happened: 'unreachable' },
  UND_ERR_RES_CONTENT_LENGTH_MISMATCH: { outcome: 'dropped', happened: 'unreachable' },
  Z_DATA_ERROR: { outcome: 'dropped', happened: 'unreachable' },
  Z_BUF_ERROR: { outcome: 'dropped', happened: 'unreachable' },
  ERR_INVALID_URL: { outcome: 'lasting', happened: 'invalid_url' },
}

const rowOf = (code: string) => (Object.hasOwn(CODES, code) ? CODES[code] : undefined)

/** The phase an undici timeout code names, else null (fetchJson words it). */
export function timeoutPhase(code: string): Phase | null {
  const outcome = rowOf(code)?.outcome
  return typeof outcome === 'object' ? outcome.timeout : null
}

/** What an unreachable finding's code says happened. */
export function happened(code: string): Happened {
  return rowOf(code)?.happened ?? (/CERT|SSL|TLS|SELF_SIGNED|ERR_TLS/.test(code) ? 'tls' : 'unreachable')
}

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

// A connect timeout is an unreachable host for now (no connect limit is a rule's); headers and body have theirs.
const BY_OUTCOME = {
  transient: unreachable(true),
  lasting: unreachable(false),
  dropped,
  connect: unreachable(true),
  headers: timeout('headers', (ctx) => ctx.headersTimeoutMs),
  body: timeout('body', (ctx) => ctx.bodyTimeoutMs),
} satisfies Record<Exclude<Outcome, object> | Phase, Translate>

/** preflight's own codes: a refused address, and the reasons its own aborts give. */
const OWN: Record<string, Translate> = {
  [PRIVATE_ADDRESS]: (error) => {
    const e = findCause(error, PrivateAddressError)!
    return { rule: 'fetch.private_address', args: { host: e.host, address: e.address, addressClass: e.addressClass } }
  },
  [DEADLINE]: timeout('total', (ctx) => ctx.totalTimeoutMs),
  [TOO_SLOW]: (_error, ctx) => ({
    rule: 'fetch.timeout',
    args: { phase: 'projected', afterMs: ctx.projectedStopMs, projectedMs: ctx.projectedMs },
  }),
}

export function fetchFailure(error: unknown, ctx: FailureContext): RawFinding {
  const code = errorCode(error)
  const own = Object.hasOwn(OWN, code) ? OWN[code] : undefined
  if (own) return own(error, ctx)
  // Everything not in the table (TLS chain or name errors, unknown codes) is the host's to fix.
  const outcome = rowOf(code)?.outcome ?? 'lasting'
  return BY_OUTCOME[typeof outcome === 'object' ? outcome.timeout : outcome](error, ctx)
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
