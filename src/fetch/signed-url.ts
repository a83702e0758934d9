// Signed-URL schemes (PLATFORM-RULES.md §8): when a URL stops (or starts) being valid, read from its query. Pure.

export interface Signature {
  scheme: string
  /** Unix seconds; null when the URL does not show it. */
  expiresAt: number | null
  notBefore: number | null
  /** The requested validity is over what the store accepts (7 days for S3 and GCS V4). */
  tooLong: boolean
  /** Bound to client IP addresses: Meta's crawler must match. */
  ipBound: boolean
  /** The expiry sits in a stored policy the URL does not show. */
  hidden: boolean
  /** Signed with temporary credentials: the URL dies with them. */
  temporaryCredentials: boolean
}

const SEVEN_DAYS = 604_800

const base = (scheme: string, expiresAt: number | null): Signature => ({
  scheme,
  expiresAt,
  notBefore: null,
  tooLong: false,
  ipBound: false,
  hidden: false,
  temporaryCredentials: false,
})

/** The signature a URL carries, or null when it matches no known scheme. */
export function parseSignedUrl(url: URL): Signature | null {
  const q = new Map<string, string>()
  for (const [k, v] of url.searchParams) if (!q.has(k.toLowerCase())) q.set(k.toLowerCase(), v)
  for (const scheme of SCHEMES) {
    const found = scheme(q, url)
    if (found) return found
  }
  return null
}

type Scheme = (q: Map<string, string>, url: URL) => Signature | null

const SCHEMES: readonly Scheme[] = [
  (q) => {
    if (q.get('x-amz-algorithm') !== 'AWS4-HMAC-SHA256' || !q.has('x-amz-date') || !q.has('x-amz-expires')) return null
    return dated('AWS S3 SigV4', q.get('x-amz-date')!, q.get('x-amz-expires')!, q.has('x-amz-security-token'))
  },
  (q) => {
    if (
      !/^GOOG4-(RSA|HMAC)-SHA256$/.test(q.get('x-goog-algorithm') ?? '') ||
      !q.has('x-goog-date') ||
      !q.has('x-goog-expires')
    )
      return null
    return dated('Google Cloud Storage V4', q.get('x-goog-date')!, q.get('x-goog-expires')!, false)
  },
  (q) =>
    q.has('awsaccesskeyid') && q.has('signature') && q.has('expires')
      ? base('AWS S3 SigV2', unix(q.get('expires')))
      : null,
  (q) =>
    q.has('googleaccessid') && q.has('signature') && q.has('expires')
      ? base('Google Cloud Storage V2', unix(q.get('expires')))
      : null,
  (q) => {
    if (!q.has('sv') || !q.has('sig')) return null
    const ends = [iso(q.get('se')), iso(q.get('ske'))].filter((t): t is number => t !== null)
    return {
      ...base('Azure SAS', ends.length ? Math.min(...ends) : null),
      notBefore: iso(q.get('st')),
      ipBound: q.has('sip'),
      hidden: q.has('si') && !q.has('se'),
    }
  },
  (q) =>
    q.has('expires') && q.has('signature') && q.has('key-pair-id') ? base('CloudFront', unix(q.get('expires'))) : null,
  (q) => (q.has('policy') && q.has('signature') && q.has('key-pair-id') ? cloudFrontPolicy(q.get('policy')!) : null),
  (q) => {
    const token = q.get('hdnts') ?? q.get('__token__')
    if (!token) return null
    const fields = new Map(token.split('~').map((f) => [f.split('=')[0]!.toLowerCase(), f.slice(f.indexOf('=') + 1)]))
    if (!fields.has('exp')) return null
    return {
      ...base('Akamai EdgeAuth', unix(fields.get('exp'))),
      notBefore: unix(fields.get('st')),
      ipBound: fields.has('ip'),
    }
  },
  (q, url) => {
    if (q.has('token') && q.has('expires')) return base('Bunny CDN', unix(q.get('expires')))
    const segment = /\/bcdn_token=[^/]*&expires=(\d+)/i.exec(url.pathname)
    return segment ? base('Bunny CDN', unix(segment[1])) : null
  },
  (q, url) => {
    const oe = q.get('oe')
    if (!oe || !/^[0-9a-f]{8}$/i.test(oe) || !/(^|\.)(fbcdn\.net|cdninstagram\.com)$/i.test(url.hostname)) return null
    return base('Meta CDN', parseInt(oe, 16))
  },
]

/** `X-Amz-Date` / `X-Goog-Date` (`20260131T120000Z`) plus a validity in seconds. */
function dated(scheme: string, date: string, expires: string, temporaryCredentials: boolean): Signature {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(date)
  const seconds = /^\d+$/.test(expires) ? Number(expires) : null
  const start = m ? Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!) / 1000 : null
  return {
    ...base(scheme, start !== null && seconds !== null ? start + seconds : null),
    tooLong: seconds !== null && seconds > SEVEN_DAYS,
    temporaryCredentials,
  }
}

/** CloudFront custom policy: URL-safe base64 JSON; `DateLessThan` ends it, `DateGreaterThan` starts it. */
function cloudFrontPolicy(policy: string): Signature {
  const json = Buffer.from(policy.replace(/-/g, '+').replace(/_/g, '=').replace(/~/g, '/'), 'base64').toString('utf8')
  let condition: Record<string, Record<string, unknown>> = {}
  try {
    condition = (JSON.parse(json) as { Statement?: { Condition?: typeof condition }[] }).Statement?.[0]?.Condition ?? {}
  } catch {
    return base('CloudFront custom policy', null)
  }
  const epoch = (key: string) => unix(String(condition[key]?.['AWS:EpochTime'] ?? ''))
  return {
    ...base('CloudFront custom policy', epoch('DateLessThan')),
    notBefore: epoch('DateGreaterThan'),
    ipBound: condition['IpAddress'] !== undefined,
  }
}

function unix(text: string | undefined): number | null {
  return text !== undefined && /^\d{1,12}$/.test(text) ? Number(text) : null
}

/** Azure's ISO 8601 UTC times: `2026-01-31T12:00:00Z` or a bare date. */
function iso(text: string | undefined): number | null {
  if (!text || !/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?Z)?$/.test(text)) return null
  const ms = Date.parse(text.length === 10 ? `${text}T00:00:00Z` : text)
  return Number.isFinite(ms) ? Math.floor(ms / 1000) : null
}
