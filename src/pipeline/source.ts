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
  status: number | null
  contentType: string | null
  contentLength: number | null
  /** Bytes read from the body (at most the read cap). */
  bytes: number
  ttfbMs: number | null
  downloadMs: number | null
}
