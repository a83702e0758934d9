// Rule catalogue, fetch family: found by the acquire stage while fetching a URL, not by checks.

export interface FetchRules {
  'fetch.status': { scope: 'stage'; limit: null; args: { status: number; url: string }; tier: 'transient' }
  'fetch.unreachable': {
    scope: 'stage'
    limit: null
    args: { code: string; detail: string }
    /** Connection refused or reset may pass; DNS and TLS failures are the host's to fix. */
    tier: 'transient'
  }
  'fetch.timeout': {
    scope: 'stage'
    limit: null
    args: { phase: 'connect' | 'headers' | 'body' | 'total'; afterMs: number }
    tier: never
  }
  'fetch.too_large': {
    scope: 'stage'
    limit: null
    args: { cap: number; contentLength: number | null }
    tier: never
  }
}
