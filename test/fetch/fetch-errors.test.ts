// The one table of library error codes: each code's finding (download), timeout phase (fetchJson) and sentence,
// found through undici's `cause` chain as undici throws them.
import { describe, expect, it } from 'vitest'
import { fetchFailure, happened, timeoutPhase, type FailureContext } from '../../src/fetch/fetch-errors.js'

const ctx: FailureContext = {
  headersTimeoutMs: 10_000,
  bodyTimeoutMs: 15_000,
  totalTimeoutMs: 60_000,
  bytes: 100,
  contentLength: null,
  projectedMs: null,
  projectedStopMs: 0,
}
// undici wraps the system error: TypeError('fetch failed', { cause: Error with a code }).
const thrown = (code: string) =>
  new TypeError('fetch failed', { cause: Object.assign(new Error(`boom ${code}`), { code }) })

describe('library error codes', () => {
  it.each([
    ['UND_ERR_HEADERS_TIMEOUT', { rule: 'fetch.timeout', args: { phase: 'headers', afterMs: 10_000 } }, 'headers'],
    ['UND_ERR_BODY_TIMEOUT', { rule: 'fetch.timeout', args: { phase: 'body', afterMs: 15_000 } }, 'body'],
    ['UND_ERR_CONNECT_TIMEOUT', { rule: 'fetch.unreachable', tier: 'transient' }, 'connect'],
    ['ECONNREFUSED', { rule: 'fetch.unreachable', tier: 'transient' }, null],
    ['EAI_AGAIN', { rule: 'fetch.unreachable', tier: 'transient' }, null],
    ['UND_ERR_SOCKET', { rule: 'fetch.unreachable', tier: 'transient' }, null],
  ])('%s → %o, timeout phase %s', (code, finding, phase) => {
    expect(fetchFailure(thrown(code), ctx)).toMatchObject(finding)
    expect(timeoutPhase(code)).toBe(phase)
  })

  it.each(['ENOTFOUND', 'CERT_HAS_EXPIRED', 'SOMETHING_NEW', 'constructor'])('%s is the host’s to fix', (code) => {
    const finding = fetchFailure(thrown(code), ctx)
    expect(finding).toMatchObject({ rule: 'fetch.unreachable', args: { code } })
    expect(finding).not.toHaveProperty('tier')
  })

  it('makes a connection dropped before the announced length a truncation', () => {
    expect(fetchFailure(thrown('UND_ERR_CLOSED'), { ...ctx, contentLength: 500 })).toEqual({
      rule: 'fetch.truncated',
      args: { bytes: 100, contentLength: 500 },
    })
  })

  it.each([
    ['ENOTFOUND', 'dns'],
    ['EAI_NONAME', 'dns'],
    ['ECONNREFUSED', 'refused'],
    ['ECONNRESET', 'closed'],
    ['ENETUNREACH', 'network'],
    ['ERR_INVALID_URL', 'invalid_url'],
    ['ERR_TLS_CERT_ALTNAME_INVALID', 'tls'],
    ['DEPTH_ZERO_SELF_SIGNED_CERT', 'tls'],
    ['UND_ERR_CLOSED', 'unreachable'],
  ])('says %s as %s', (code, words) => {
    expect(happened(code)).toBe(words)
  })
})
