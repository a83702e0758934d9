// Wording of the fetch family: why the media URL could not be fetched the way the platform would.
import type { Renderers } from './render.js'
import { bytes } from './units.js'

export const fetchMessages: Renderers<'fetch'> = {
  'fetch.status': ({ status, url }, _limit, site) => ({
    message: `The URL answered HTTP ${status}; ${site} would fail to fetch ${url}.`,
    expected: '2xx',
    actual: status,
    fix:
      status === 429 || status >= 500
        ? 'Retry later; if it repeats, fix the host or raise its rate limit for crawlers.'
        : 'Make the object public and link the media file itself.',
  }),
  'fetch.unreachable': ({ code, detail }, _limit, site) => ({
    message: `The host could not be reached (${code}: ${detail}); ${site} could not fetch it either.`,
    expected: 'a reachable host',
    actual: code,
    fix: 'Check the domain, its DNS and its TLS certificate; retry if the host was down.',
  }),
  'fetch.timeout': ({ phase, afterMs }, _limit, site) => ({
    message: `The download stalled (${phase}, no progress after ${(afterMs / 1000).toFixed(1)} s); ${site} gives up on slow media URLs.`,
    expected: `${phase} within ${(afterMs / 1000).toFixed(1)} s`,
    actual: `> ${afterMs} ms`,
    fix: 'Retry; if it repeats, host the file on a faster origin or CDN.',
  }),
  'fetch.too_large': ({ cap, contentLength }) => ({
    message: `preflight stopped reading at ${bytes(cap)}${contentLength ? ` of ${bytes(contentLength)}` : ''}: the file is larger than every requested target accepts; checks that need the whole file were skipped.`,
    expected: `<= ${cap}`,
    actual: contentLength ?? `> ${cap}`,
    fix: null,
  }),
}
