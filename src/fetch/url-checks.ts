// Findings read from the URLs alone: US-ASCII, https, and signed-URL expiry against a given clock. Pure.
import type { RawFinding } from '../rule-types.js'
import type { ExpiryProblem } from '../rules/fetch.js'
import type { MediaUrl } from './http-url.js'
import { parseSignedUrl, type Signature } from './signed-url.js'

/** The URL as given, before any parser percent-encodes it: Meta fails on anything but US-ASCII. */
export function urlAsciiFinding({ given, parsed }: MediaUrl): RawFinding | null {
  if (!/[^\x21-\x7e]/.test(given)) return null
  return { rule: 'fetch.url_ascii', args: { url: given, encoded: parsed ? parsed.href : encodeURI(given) } }
}

/** The first plain-http URL along the chain. */
export function notHttpsFinding(chain: readonly string[]): RawFinding | null {
  const plain = chain.find((u) => u.toLowerCase().startsWith('http:'))
  return plain ? { rule: 'fetch.not_https', args: { url: plain } } : null
}

/** Expiry findings for a signed URL at `nowMs`: error when dead, warning within `windowS`, notes on what cannot be seen. */
export function expiryFindings(url: URL, nowMs: number, windowS: number): RawFinding[] {
  const sig = parseSignedUrl(url)
  return sig ? judgeSignature(sig, nowMs, windowS) : []
}

function judgeSignature(sig: Signature, nowMs: number, windowS: number): RawFinding[] {
  const now = Math.floor(nowMs / 1000)
  const expiresAt = sig.expiresAt === null ? null : new Date(sig.expiresAt * 1000).toISOString()
  const secondsLeft = sig.expiresAt === null ? null : sig.expiresAt - now
  const finding = (problem: ExpiryProblem, tier?: 'soon' | 'restricted' | 'note'): RawFinding => ({
    rule: 'fetch.url_expiry',
    args: { scheme: sig.scheme, problem, expiresAt, secondsLeft, windowS },
    ...(tier ? { tier } : {}),
  })
  const found: RawFinding[] = []
  if (secondsLeft !== null && secondsLeft <= 0) found.push(finding('expired'))
  else if (secondsLeft !== null && secondsLeft < windowS) found.push(finding('soon', 'soon'))
  if (sig.notBefore !== null && sig.notBefore > now) found.push(finding('not_yet_valid'))
  if (sig.tooLong) found.push(finding('too_long'))
  if (sig.ipBound) found.push(finding('ip_bound', 'restricted'))
  if (sig.hidden) found.push(finding('hidden', 'note'))
  if (sig.temporaryCredentials) found.push(finding('temporary_credentials', 'note'))
  return found
}
