// Source facts: how a media URL answered when it was fetched (null for uploads and local files).

export interface Redirect {
  status: number
  from: string
  to: string
}

export interface SourceFacts {
  url: string
  finalUrl: string
  redirects: Redirect[]
  /** Status of the response whose body was read (the full GET after a 206 probe). */
  status: number | null
  contentType: string | null
  /** The whole file's length: Content-Length, or the total of a Content-Range. */
  contentLength: number | null
  /** Bytes read from the body (at most the read cap; with depth "quick", only what was read). */
  bytes: number
  ttfbMs: number | null
  downloadMs: number | null
  /** Status of Meta's Range probe (`Range: bytes=0-524288`). */
  probeStatus: number | null
  acceptRanges: string | null
  cacheControl: string | null
  etag: string | null
  lastModified: string | null
  /** Body bytes per second over the body's transfer; null when too short to measure. */
  throughputBps: number | null
  /** Whose request got the bytes that were judged: Meta's crawler, or a browser after the crawler was refused. */
  servedTo: 'crawler' | 'browser'
  /** What depth "quick" did not verify, in words; empty after a full download. */
  unverified: string[]
}

export function newSource(url: string): SourceFacts {
  return {
    url,
    finalUrl: url,
    redirects: [],
    status: null,
    contentType: null,
    contentLength: null,
    bytes: 0,
    ttfbMs: null,
    downloadMs: null,
    probeStatus: null,
    acceptRanges: null,
    cacheControl: null,
    etag: null,
    lastModified: null,
    throughputBps: null,
    servedTo: 'crawler',
    unverified: [],
  }
}
