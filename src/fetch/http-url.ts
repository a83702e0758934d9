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
