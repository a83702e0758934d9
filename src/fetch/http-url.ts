// The one test of a URL's scheme: preflight fetches http(s) only (media URLs, their redirects, instances).

export const isHttpUrl = (url: URL): boolean => url.protocol === 'http:' || url.protocol === 'https:'

/** `text` as an absolute http(s) URL; null for anything else. */
export function parseHttpUrl(text: string): URL | null {
  try {
    const url = new URL(text)
    return isHttpUrl(url) ? url : null
  } catch {
    return null
  }
}

/**
 * A media URL, parsed and scheme-tested once where it enters (the request model, the CLI, the audit):
 * the stages after it read `parsed` and never parse or test it again.
 */
export interface MediaUrl {
  /** The text as given: the report's `source.url`, and what the US-ASCII check reads before any encoding. */
  readonly given: string
  /** Null when `given` is no absolute http(s) URL (only the CLI passes such a one on, to be reported as unfetchable). */
  readonly parsed: URL | null
}

export const readMediaUrl = (given: string): MediaUrl => ({ given, parsed: parseHttpUrl(given) })
