// Caption text as each platform reads it: characters counted its way, hashtags, mentions and links (§0.1, §1, §5).
import twitter from 'twitter-text'
import type { Counting } from '../../src/rules/index.js'

const graphemes = new Intl.Segmenter('en', { granularity: 'grapheme' })

// A cluster drawn as an emoji: emoji presentation, a VS16-forced pictograph, a flag or a keycap.
const EMOJI_CLUSTER = /\p{Emoji_Presentation}|\p{Extended_Pictographic}\uFE0F|\p{Regional_Indicator}|\u20E3/u

// "Not preceded by a word character": letters, digits and underscore of any script.
const NOT_AFTER_WORD = '(?<![\\p{L}\\p{N}\\p{M}_])'
const HASHTAG = new RegExp(`${NOT_AFTER_WORD}#[\\p{L}\\p{N}\\p{M}_]+`, 'gu')
const MENTION = new RegExp(`${NOT_AFTER_WORD}@[A-Za-z0-9._]{1,30}`, 'gu')

// Mastodon (twitter-text and Account::MENTION_RE): URLs need a scheme; `@user@domain` counts as `@user`.
const TRAILING_PUNCTUATION = new Set('.,;:!?\'")]}>')
const MASTODON_ENTITY =
  /(https?:\/\/[^\s<>"]+)|(?<![=/\p{L}\p{N}_])@([a-z0-9_]+(?:[.-]+[a-z0-9_]+)*)(?:@[\p{L}\p{N}_]+(?:[.-][\p{L}\p{N}_]+)*)?/giu

// Threads links: a URL with a scheme, or a bare `www.` address. The scheme's length is bounded so a
// long run like `a.a.a.…` is scanned once, not once per letter.
const LINK = /(?<![\p{L}\p{N}_])(?:[a-z][a-z0-9+.-]{0,31}:\/\/|www\.)[^\s<>"]+/giu

/**
 * `prefix` is counted as written, in front of the text: Mastodon's content warning (status_length_validator.rb
 * joins `spoiler_text` and the countable text, then counts grapheme clusters; only the text's URLs are shortened).
 */
export function countCaption(text: string, counting: Counting, urlLength = 23, prefix = ''): number {
  switch (counting) {
    case 'code_points':
      return [...prefix, ...text].length
    case 'utf16':
      return prefix.length + text.length
    case 'graphemes_emoji_bytes':
      return threadsLength(prefix + text)
    case 'mastodon': {
      const { countable, urls } = mastodonCountable(text)
      return graphemeCount(prefix + countable) + urls * (urlLength - 1)
    }
    case 'x_weighted':
      // twitter-text v3 (the library X's own clients use): NFC, URLs as 23, emoji as 2, CJK as 2.
      return twitter.parseTweet(prefix + text).weightedLength
    case 'graphemes':
      return graphemeCount(prefix + text)
    case 'utf8_bytes':
      return Buffer.byteLength(prefix + text, 'utf8')
  }
}

/** The characters of `forbidden` that occur in `text`, in the order listed. */
export const forbiddenIn = (text: string, forbidden: readonly string[] = []): string[] =>
  forbidden.filter((c) => text.includes(c))

// Node 20's Intl.Segmenter takes time quadratic in the string's length (a 100,000-character caption:
// seconds), so it runs on windows of this many code units.
const WINDOW = 1024

/**
 * The grapheme clusters of `text`, window by window. Each window starts at a cluster boundary, where
 * UAX #29 segmentation may restart; its last cluster may be cut short, so it opens the next window.
 */
export function* clusters(text: string): Generator<string> {
  let start = 0
  let size = WINDOW
  while (start < text.length) {
    let end = Math.min(text.length, start + size)
    if (end < text.length && isHighSurrogate(text.charCodeAt(end - 1))) end++ // never split a code point: boundaries look at whole characters
    const parts = Array.from(graphemes.segment(text.slice(start, end)), (s) => s.segment)
    if (end === text.length) return yield* parts
    const last = parts.pop() as string
    if (parts.length === 0) {
      size *= 2 // one cluster longer than the window (a pile of combining marks): widen it
      continue
    }
    yield* parts
    start = end - last.length
    size = WINDOW
  }
}

const isHighSurrogate = (unit: number) => unit >= 0xd800 && unit <= 0xdbff

export function graphemeCount(text: string): number {
  let n = 0
  for (const _ of clusters(text)) n++
  return n
}

function threadsLength(text: string): number {
  let n = 0
  for (const cluster of clusters(text)) n += EMOJI_CLUSTER.test(cluster) ? Buffer.byteLength(cluster, 'utf8') : 1
  return n
}

/**
 * The status text with each URL replaced by one placeholder character (the caller adds the rest of
 * `urlLength`: an instance may publish any number) and each remote mention shortened to `@user`.
 */
function mastodonCountable(text: string): { countable: string; urls: number } {
  let urls = 0
  const countable = text.replace(MASTODON_ENTITY, (match, url: string | undefined, user: string | undefined) => {
    if (url) {
      urls++
      return `x${url.slice(withoutTrailingPunctuation(url).length)}`
    }
    return user ? `@${user}` : match
  })
  return { countable, urls }
}

/** A URL without the punctuation that ends the sentence around it (a loop: a `+$` regex backtracks on long runs). */
function withoutTrailingPunctuation(url: string): string {
  let end = url.length
  while (end > 0 && TRAILING_PUNCTUATION.has(url[end - 1] as string)) end--
  return url.slice(0, end)
}

export const hashtagCount = (text: string): number => text.match(HASHTAG)?.length ?? 0

export const mentionCount = (text: string): number => text.match(MENTION)?.length ?? 0

/** Distinct links: the host compared case-insensitively, the scheme ignored, the rest as written. */
export function distinctLinks(text: string): string[] {
  const keys = new Set<string>()
  for (const [raw] of text.matchAll(LINK)) {
    const link = withoutTrailingPunctuation(raw).replace(/^[a-z][a-z0-9+.-]{0,31}:\/\//i, '')
    const slash = link.search(/[/?#]/)
    const host = slash === -1 ? link : link.slice(0, slash)
    keys.add(host.toLowerCase() + (slash === -1 ? '' : link.slice(slash)))
  }
  return [...keys]
}
