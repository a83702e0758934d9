// Library errors → fetch findings: undici's stable codes, found by walking `cause`.
import type { RawFinding } from '../rule-types.js'

interface Phases {
  connectTimeoutMs: number
  headersTimeoutMs: number
  bodyTimeoutMs: number
  totalTimeoutMs: number
}

// Connection-level failures that may pass on their own; DNS and TLS failures are the host's to fix.
const TRANSIENT = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED'])

export function fetchFailure(error: unknown, phases: Phases, deadlineHit: boolean): RawFinding {
  if (deadlineHit) return { rule: 'fetch.timeout', args: { phase: 'total', afterMs: phases.totalTimeoutMs } }
  const code = errorCode(error)
  switch (code) {
    case 'UND_ERR_CONNECT_TIMEOUT':
      return { rule: 'fetch.timeout', args: { phase: 'connect', afterMs: phases.connectTimeoutMs } }
    case 'UND_ERR_HEADERS_TIMEOUT':
      return { rule: 'fetch.timeout', args: { phase: 'headers', afterMs: phases.headersTimeoutMs } }
    case 'UND_ERR_BODY_TIMEOUT':
      return { rule: 'fetch.timeout', args: { phase: 'body', afterMs: phases.bodyTimeoutMs } }
  }
  const detail = describe(error)
  return TRANSIENT.has(code)
    ? { rule: 'fetch.unreachable', args: { code, detail }, tier: 'transient' }
    : { rule: 'fetch.unreachable', args: { code, detail } }
}

/** The first `code` along the `cause` chain (undici wraps system errors). */
export function errorCode(error: unknown): string {
  for (let e: unknown = error, depth = 0; e && depth < 8; depth++) {
    const code = (e as { code?: unknown }).code
    if (typeof code === 'string') return code
    e = (e as { cause?: unknown }).cause
  }
  return 'UNKNOWN'
}

function describe(error: unknown): string {
  let deepest: unknown = error
  for (let depth = 0; depth < 8 && (deepest as { cause?: unknown })?.cause; depth++) deepest = (deepest as { cause: unknown }).cause
  const text = deepest instanceof Error ? deepest.message : String(deepest)
  return text.slice(0, 200)
}
