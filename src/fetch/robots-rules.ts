// robots.txt per RFC 9309, parsed as it streams in, keeping only the rules for one product token (else `*`). No I/O.
import { StringDecoder } from 'node:string_decoder'
import { PUBLISHING_TOKEN } from './meta-crawlers.js'

export interface Rule {
  allow: boolean
  /** Percent-encoding normalised (§2.2.2), so a check compares it as it stands. */
  pattern: string
}

export interface RobotsRules {
  rules: Rule[]
  /** More rules applied than are kept: a verdict on the kept ones may be overturned by one dropped. */
  truncated: boolean
}

/**
 * What one origin may cost: RFC 9309 §2.5 has crawlers read at least 500 KiB, but what is kept is only the
 * group that applies, and that is capped too (preflight's own bounds, PF), so a cached answer stays small
 * and a check stays fast.
 */
export const ROBOTS_LIMITS = {
  /** Bytes of robots.txt read (RFC 9309 §2.5: at least 500 KiB). */
  readBytes: 512 * 1024,
  /** Rules kept for the applicable group(s). */
  keptRules: 5_000,
  /** Characters of pattern kept for them. */
  keptPatternBytes: 128 * 1024,
  /** A longer line (in characters) is dropped: no pattern that long can match a URL path. */
  lineBytes: 16 * 1024,
} as const

interface Kept {
  rules: Rule[]
  bytes: number
  truncated: boolean
}

/**
 * Feed robots.txt bytes with `push` and read the rules with `end`. Linear in the input; holds at most one
 * unfinished line beside the kept rules, whose patterns are copied out so none keeps a chunk's text alive.
 */
export class RobotsParser {
  readonly #token: string
  readonly #own: Kept = { rules: [], bytes: 0, truncated: false }
  readonly #any: Kept = { rules: [], bytes: 0, truncated: false }
  readonly #decoder = new StringDecoder('utf8')
  #namesToken = false
  // The group being read: whether its user-agent lines name the token, or `*`; null before the first.
  #group: { own: boolean; any: boolean } | null = null
  #lastWasAgent = false
  #partial = ''
  #partialTooLong = false

  constructor(token: string = PUBLISHING_TOKEN) {
    this.#token = token.toLowerCase()
  }

  push(chunk: Buffer): void {
    const text = this.#decoder.write(chunk)
    const breaks = /\r\n?|\n/g
    let start = 0
    for (let m = breaks.exec(text); m; m = breaks.exec(text)) {
      this.#append(text.slice(start, m.index))
      this.#flush()
      start = breaks.lastIndex
    }
    this.#append(text.slice(start))
  }

  /** The rules that apply: the token's own groups merged, else the `*` groups, else none (allow all). */
  end(options: { cut: boolean } = { cut: false }): RobotsRules {
    // A line cut by the byte cap is dropped: `Disallow: /priv` from `/private/` would forbid more than was written.
    if (options.cut) this.#partial = ''
    else {
      this.#append(this.#decoder.end())
      this.#flush()
    }
    const chosen = this.#namesToken ? this.#own : this.#any
    return { rules: chosen.rules, truncated: chosen.truncated }
  }

  #append(text: string): void {
    if (text === '' || this.#partialTooLong) return
    if (this.#partial.length + text.length > ROBOTS_LIMITS.lineBytes) {
      this.#partial = ''
      this.#partialTooLong = true
    } else this.#partial += text
  }

  #flush(): void {
    const line = this.#partial
    const tooLong = this.#partialTooLong
    this.#partial = ''
    this.#partialTooLong = false
    if (line !== '' && !tooLong) this.#line(line)
  }

  #line(raw: string): void {
    const hash = raw.indexOf('#')
    const line = hash < 0 ? raw : raw.slice(0, hash)
    const colon = line.indexOf(':')
    if (colon < 0) return
    const key = line.slice(0, colon).trim().toLowerCase()
    if (key === 'user-agent') {
      if (!this.#lastWasAgent || !this.#group) this.#group = { own: false, any: false }
      const token = productToken(line.slice(colon + 1).trim())
      if (token === this.#token) this.#group.own = this.#namesToken = true
      if (token === '*') this.#group.any = true
      this.#lastWasAgent = true
      return
    }
    if (key !== 'allow' && key !== 'disallow') {
      // Another key (Sitemap, Crawl-delay) ends a run of user-agent lines; a line that is no key: value is skipped.
      if (/^[a-z-]+$/.test(key)) this.#lastWasAgent = false
      return
    }
    this.#lastWasAgent = false
    const group = this.#group
    const value = line.slice(colon + 1).trim()
    if (!group || value === '') return
    // Past the caps nothing more is decoded or copied: the rule only marks its group truncated.
    if (!((group.own && !full(this.#own)) || (group.any && !full(this.#any)))) {
      if (group.own) this.#own.truncated = true
      if (group.any) this.#any.truncated = true
      return
    }
    const pattern = normalize(value)
    const own = group.own && admit(this.#own, pattern.length)
    const any = group.any && admit(this.#any, pattern.length)
    if (!own && !any) return
    const rule = { allow: key === 'allow', pattern: detached(pattern) }
    if (own) this.#own.rules.push(rule)
    if (any) this.#any.rules.push(rule)
  }
}

const full = (kept: Kept): boolean => kept.rules.length >= ROBOTS_LIMITS.keptRules

/** Whether a rule of `length` characters fits under the caps; counted if so, its group marked truncated if not. */
function admit(kept: Kept, length: number): boolean {
  if (full(kept) || kept.bytes + length > ROBOTS_LIMITS.keptPatternBytes) {
    kept.truncated = true
    return false
  }
  kept.bytes += length
  return true
}

/**
 * A one-byte copy of an ASCII string: V8 makes a substring of 13 characters or more a view on its parent, and
 * a cached view would keep the whole decoded chunk alive.
 */
const detached = (ascii: string): string =>
  ascii.length < 13 ? ascii : Buffer.from(ascii, 'latin1').toString('latin1')

/**
 * The product token a `User-agent:` value names (RFC 9309 §2.2.1: letters, `_` and `-`), lower-cased:
 * `FacebookExternalHit/1.1 (+http://…)` names `facebookexternalhit`. `*` stands for every crawler.
 */
export function productToken(value: string): string {
  if (value.startsWith('*')) return '*'
  return (/^[A-Za-z_-]*/.exec(value)?.[0] ?? '').toLowerCase()
}

/** The rules of `text` that apply to `token` (whole text, nothing cut). */
export function parseRobots(text: string, token: string = PUBLISHING_TOKEN): RobotsRules {
  const parser = new RobotsParser(token)
  parser.push(Buffer.from(text, 'utf8'))
  return parser.end()
}

export function rulesFor(text: string, token: string = PUBLISHING_TOKEN): Rule[] {
  return parseRobots(text, token).rules
}

/** Whether `path` (path and query) may be fetched: the longest matching pattern decides, Allow on a tie. */
export function isAllowed(rules: readonly Rule[], path: string): { allowed: boolean; rule: string | null } {
  const target = normalize(path)
  let best: Rule | null = null
  for (const rule of rules) {
    if (
      best &&
      (rule.pattern.length < best.pattern.length || (rule.pattern.length === best.pattern.length && !rule.allow))
    )
      continue
    if (matches(rule.pattern, target)) best = rule
  }
  return { allowed: best?.allow ?? true, rule: best ? `${best.allow ? 'Allow' : 'Disallow'}: ${best.pattern}` : null }
}

/**
 * `*` matches any run of characters, a trailing `$` anchors the end; otherwise a prefix match. Each literal piece
 * is placed at its leftmost fit after the previous one, which is optimal for `*`-only patterns: no backtracking,
 * at most one scan of the path per piece.
 */
export function matches(pattern: string, path: string): boolean {
  const anchored = pattern.endsWith('$')
  const body = anchored ? pattern.slice(0, -1) : pattern
  if (!body.includes('*')) return anchored ? path === body : path.startsWith(body)
  const pieces = body.split('*')
  const last = pieces.length - 1
  if (!path.startsWith(pieces[0]!)) return false
  let at = pieces[0]!.length
  for (let i = 1; i < last; i++) {
    const found = path.indexOf(pieces[i]!, at)
    if (found < 0) return false
    at = found + pieces[i]!.length
  }
  const tail = pieces[last]!
  return anchored ? path.length - tail.length >= at && path.endsWith(tail) : path.indexOf(tail, at) >= 0
}

/**
 * RFC 9309 §2.2.2: percent-encodings of unreserved characters decoded, others upper-cased, characters outside
 * ASCII percent-encoded as UTF-8 (as a URL's path already is).
 */
function normalize(text: string): string {
  const decoded = !text.includes('%')
    ? text
    : text.replace(/%([0-9a-f]{2})/gi, (all, hex: string) => {
        const ch = String.fromCharCode(parseInt(hex, 16))
        return /[A-Za-z0-9\-._~]/.test(ch) ? ch : all.toUpperCase()
      })
  return /[\u0080-\uffff]/.test(decoded) ? decoded.replace(/[\u0080-\uffff]+/g, percentEncode) : decoded
}

const percentEncode = (run: string): string =>
  Array.from(Buffer.from(run, 'utf8'), (b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`).join('')
