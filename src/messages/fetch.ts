// Wording of the fetch family: why the media URL could not be fetched the way the platform would.
import type { Fetcher } from '../rules/fetch.js'
import type { Renderers } from './render.js'
import { bytes, count, seconds } from '../client/units.js'
import { happened, type Happened } from '../fetch/fetch-errors.js'

/** Who fails: Meta, which fetches the URL itself, or preflight, for a platform that takes uploaded bytes. */
function outcome({ value }: { value: Fetcher }, site: string): string {
  return value.fetcher === 'platform'
    ? `${site} would fail to fetch the media`
    : `preflight (not ${site}) could not fetch the file, so it could not be checked; ${site} receives the file from you, not from this URL`
}

/** The system's error code as a plain sentence (by fetch-errors' table); the code itself goes into the finding's detail. */
const HAPPENED: Record<Happened, string> = {
  dns: "The URL's host name does not resolve (no such domain in DNS)",
  refused: 'The server refused the connection (nothing listens on that port)',
  closed: 'The server closed the connection before answering',
  network: "The server's network cannot be reached",
  invalid_url: 'The URL is not a fetchable http(s) address',
  tls: "The server's TLS certificate is not valid for this host",
  unreachable: 'The host could not be reached',
}
const unreachable = (code: string): string => HAPPENED[happened(code)]

// Timings are kept in milliseconds; messages say seconds.
const fromMs = (ms: number): string => seconds(ms / 1000)
const PHASE = {
  headers: 'the first byte',
  body: 'the next body byte',
  total: 'the whole download',
  projected: 'the projected download',
}
const SLOW = { ttfb: 'time to first byte', throughput: 'throughput', projected: 'projected whole-file time' }
const HTML = {
  login: 'a login page',
  challenge: 'a bot challenge page',
  error_page: 'an error page',
  page: 'an HTML page',
}
const CRAWLER_FIX =
  "Allow facebookexternalhit in robots.txt and in WAF/bot-protection and hotlink rules, or allow-list Meta's AS32934."

export const fetchMessages: Renderers<'fetch'> = {
  'fetch.status': ({ status, url }, limit, site) => ({
    message: `The URL answered HTTP ${status} (${url}); ${outcome(limit, site)}.`,
    expected: '2xx',
    actual: status,
    fix:
      status === 429 || status >= 500
        ? "Retry later; a 429 to Meta's crawler is cached by Meta: raise the host's rate limit for it."
        : 'Make the object public and link the media file itself.',
  }),
  'fetch.unreachable': ({ code, detail }, limit, site) => ({
    message: `${unreachable(code)}; ${outcome(limit, site)}.`,
    expected: 'a reachable host with a valid certificate',
    actual: code,
    fix: 'Check the URL: its host name, DNS and TLS certificate; if the host was down, retry later.',
    detail: `${code}: ${detail}`,
  }),
  'fetch.timeout': ({ phase, afterMs, projectedMs }, limit, site) => ({
    message:
      limit.value.pullWithinS !== undefined && phase === 'projected'
        ? `At the measured speed (capped at ${site}'s ${bytes(limit.value.ingressBps ?? 0)}/s) pulling the whole file would take about ${fromMs(projectedMs ?? afterMs)}; ${site} gives up after ${fromMs(afterMs)}.`
        : phase === 'projected'
          ? `At the measured speed the download would take about ${fromMs(projectedMs ?? afterMs)}, past ${fromMs(afterMs)}; ${outcome(limit, site)}.`
          : `Waited ${fromMs(afterMs)} for ${PHASE[phase]} without success; ${outcome(limit, site)}.`,
    expected: `${PHASE[phase]} within ${fromMs(afterMs)}`,
    actual: projectedMs ?? `> ${afterMs} ms`,
    fix: 'Retry; if it repeats, host the file on a faster origin or a CDN.',
  }),
  'fetch.slow': ({ measure, value, limit: threshold }, _limit, site) => ({
    message:
      measure === 'throughput'
        ? `The body arrived at ${bytes(Math.round(value))}/s, under ${bytes(threshold)}/s; ${site} may time out on this file.`
        : `The ${SLOW[measure]} was ${fromMs(value)}, over ${fromMs(threshold)}; ${site} may time out on this file.`,
    expected: measure === 'throughput' ? `>= ${threshold} B/s` : `<= ${threshold} ms`,
    actual: Math.round(value),
    fix: 'Host the file on a fast origin or a CDN.',
  }),
  'fetch.html': ({ kind, title }, limit, site) => ({
    message: `The URL serves ${HTML[kind]}${title ? ` ("${title}")` : ''}, not media; ${outcome(limit, site)}.`,
    expected: 'the media file',
    actual: 'text/html',
    fix: 'Link the raw file, not a viewer, share or login page.',
  }),
  'fetch.content_type': ({ header, sniffed, problem }, _limit, site) => ({
    message:
      problem === 'missing'
        ? `The response has no Content-Type; ${site} may refuse media it cannot type.`
        : problem === 'mismatch'
          ? `Content-Type says ${header}, but the bytes are ${sniffed}; ${site} may refuse the mismatch.`
          : `Content-Type ${header} does not name a media type; ${site} may refuse it.`,
    expected: sniffed ?? 'an image/* or video/* type',
    actual: header,
    fix: `Serve the real type${sniffed ? ` (${sniffed})` : ''}, e.g. aws s3 cp … --content-type ${sniffed ?? 'image/jpeg'}.`,
  }),
  'fetch.redirects': ({ hops, max, warnAbove, reason }, limit, site) => ({
    message:
      reason === 'loop'
        ? `The redirects loop after ${hops} hops; ${outcome(limit, site)}.`
        : reason === 'scheme'
          ? `A redirect leads away from http(s); ${outcome(limit, site)}.`
          : reason === 'many'
            ? `The URL redirects ${hops} times (more than ${warnAbove}); ${site} may stop following.`
            : reason === 'not_followed'
              ? `The URL redirects (${hops} hop${hops === 1 ? '' : 's'}); ${site} follows no redirects, so the pull fails.`
              : `The URL redirects more than ${max} times; ${outcome(limit, site)}.`,
    expected: `<= ${warnAbove} redirects`,
    actual: hops,
    fix: 'Pass the final URL of the file, not a link that redirects to it.',
  }),
  'fetch.not_https': ({ url }, limit, site) => ({
    message: `${url} is plain http; ${site} ${limit.severity === 'error' ? 'fetches https URLs only' : 'may refuse to fetch media over it'}.`,
    expected: 'https',
    actual: 'http',
    fix: 'Serve the file over HTTPS with a public certificate.',
  }),
  'fetch.truncated': ({ bytes: got, contentLength }, limit, site) => ({
    message: `The connection closed after ${bytes(got)} of the ${bytes(contentLength)} announced; ${outcome(limit, site)}.`,
    expected: `${contentLength} B`,
    actual: got,
    fix: 'Retry; if it repeats, the host or a proxy cuts responses short.',
  }),
  'fetch.too_large': ({ cap, contentLength, reason }, _limit, site) =>
    reason === 'disk_budget'
      ? {
          message: `preflight (not ${site}) stopped reading at ${bytes(cap)}${contentLength ? ` of ${bytes(contentLength)}` : ''}: its temporary disk space was taken by other checks in progress, so the file was not checked.`,
          expected: "room in the service's temp-disk budget",
          actual: cap,
          fix: "Retry later; the service's operator can raise PREFLIGHT_TEMP_BUDGET_BYTES.",
        }
      : {
          message: `preflight stopped reading at ${bytes(cap)}${contentLength ? ` of ${bytes(contentLength)}` : ''}: the file is larger than every requested target accepts; checks that need the whole file were skipped.`,
          expected: `<= ${cap}`,
          actual: contentLength ?? `> ${cap}`,
          fix: null,
        },
  'fetch.content_encoding': ({ encoding, wire, decoded, ratio }, { value }, site) => ({
    message: `The media is sent with Content-Encoding: ${encoding}, and ${bytes(wire)} on the wire decoded to more than ${bytes(decoded)} (over ${ratio}×) before preflight stopped decoding; ${
      value.fetcher === 'platform'
        ? `${site} may refuse or time out on a body that inflates like this`
        : 'only the bytes decoded by then were checked'
    }.`,
    expected: `decoded size <= ${ratio}× the wire size`,
    actual: decoded,
    fix: "Serve media files without Content-Encoding (images and videos are compressed already); check the server's gzip/deflate settings.",
  }),
  'fetch.private_address': ({ host, address, addressClass }, limit, site) => ({
    message: `${host === address ? `${host} is` : `${host} resolves to ${address},`} a ${addressClass} address, not reachable from the internet; ${outcome(limit, site)}.`,
    expected: 'a public address',
    actual: address,
    fix: 'Host the file on a public server.',
  }),
  'fetch.crawler_blocked': ({ reason, status, detail }, _limit, site) => ({
    message:
      reason === 'robots'
        ? `robots.txt disallows facebookexternalhit here (${detail}); ${site} fails with "Restricted by robots.txt".`
        : reason === 'robots_unavailable'
          ? `robots.txt could not be read (${detail}); crawlers then assume they may not fetch, so ${site} may fail.`
          : reason === 'robots_too_large'
            ? `robots.txt holds more rules for facebookexternalhit than preflight keeps (${detail}); a rule not kept may decide this path, so ${site} may fail.`
            : `Meta's crawler gets ${reason === 'html' ? 'an HTML page' : `HTTP ${status}`} where a browser gets the media: bot protection, a WAF or hotlink rules block ${site}.`,
    expected: 'the crawler served like a browser',
    actual: reason === 'status' ? status : reason,
    fix:
      reason === 'robots_unavailable'
        ? 'Fix robots.txt so that it answers 200 (or 404) quickly.'
        : reason === 'robots_too_large'
          ? 'Shorten robots.txt: wildcards instead of a line per URL, or a short facebookexternalhit group that allows the media.'
          : CRAWLER_FIX,
  }),
  'fetch.url_expiry': ({ scheme, problem, expiresAt, secondsLeft, windowS }, _limit, site) => ({
    message: {
      expired: `The ${scheme} signed URL expired at ${expiresAt}; ${site} will be refused.`,
      not_yet_valid: `The ${scheme} signed URL is not valid yet; ${site} will be refused.`,
      too_long: `The ${scheme} signed URL asks for a validity over 7 days, which the store refuses outright.`,
      soon: `The ${scheme} signed URL expires at ${expiresAt}, in ${count(secondsLeft ?? 0)} s (under ${count(windowS)} s); ${site} may fetch it too late.`,
      ip_bound: `The ${scheme} signed URL is bound to IP addresses; Meta's crawler must be among them.`,
      hidden: `The ${scheme} signed URL keeps its expiry in a stored policy preflight cannot see.`,
      temporary_credentials: `The ${scheme} signed URL also dies with the temporary credentials that signed it.`,
    }[problem],
    expected: `valid >= ${count(windowS)} s`,
    actual: expiresAt,
    fix:
      problem === 'soon'
        ? 'Issue a URL valid at least 1 h after the container is created (scheduled posts: after the scheduled time).'
        : problem === 'ip_bound' || problem === 'hidden' || problem === 'temporary_credentials'
          ? 'Prefer a URL signed with long-lived credentials, without an IP restriction.'
          : 'Issue a fresh signed URL.',
  }),
  'fetch.range': ({ problem, detail }, _limit, site) => ({
    message: `Meta's Range probe (bytes=0-524288) is mishandled: ${problem === 'status_416' ? 'answered 416' : detail}; ${site} may fail to fetch.`,
    expected: 'the exact range, or the whole file',
    actual: detail,
    fix: 'Honour Range exactly or ignore it (answer 200 with the whole file).',
  }),
  'fetch.url_prefix': ({ url, prefixes }, limit, site) =>
    prefixes.length === 0
      ? {
          message: `${site} pulls only from the app's verified domains or URL prefixes; none were given (tiktokVerifiedPrefixes), so ownership of ${url} was not checked.`,
          expected: 'a verified domain or URL prefix',
          actual: null,
          fix: 'Pass tiktokVerifiedPrefixes with the domains and URL prefixes verified for your TikTok app.',
        }
      : {
          message: `${url} is under none of the verified domains or URL prefixes given (${prefixes.join(', ')}); ${outcome(limit, site)}.`,
          expected: prefixes.join(' or '),
          actual: url,
          fix: 'Verify the domain (DNS TXT) or URL prefix in the TikTok developer portal, or upload the file (FILE_UPLOAD).',
        },
  'fetch.ip_host': ({ host }, limit, site) => ({
    message: `The URL's host is the IP address ${host}; ${site} pulls only from verified domain names, so ${outcome(limit, site).replace(`${site} `, 'it ')}.`,
    expected: 'a domain name',
    actual: host,
    fix: 'Serve the file from a verified domain name.',
  }),
  'fetch.url_ascii': ({ encoded }, _limit, site) => ({
    message: `The URL contains non-ASCII characters or spaces; ${site} fails on URLs that are not US-ASCII.`,
    expected: 'a percent-encoded URL',
    actual: 'non-ASCII',
    fix: `Send the percent-encoded URL: ${encoded}`,
  }),
}
