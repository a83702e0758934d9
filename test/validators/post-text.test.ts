// Caption counting as each platform counts it, and the hashtag, mention and link patterns: one line per case.
import { describe, expect, it } from 'vitest'
import { clusters, countCaption, distinctLinks, hashtagCount, mentionCount } from '../../validators/post/text.js'

describe('countCaption', () => {
  it.each([
    ['abc', 'code_points', 3],
    ['👍', 'code_points', 1],
    ['👍🏽', 'code_points', 2], // emoji + skin-tone modifier: two code points
    ['👨‍👩‍👧', 'code_points', 5], // three people joined by two ZWJ
    ['e\u0301', 'code_points', 2], // e + combining acute
    ['abc', 'graphemes_emoji_bytes', 3],
    ['e\u0301', 'graphemes_emoji_bytes', 1], // one grapheme, not an emoji
    ['日本', 'graphemes_emoji_bytes', 2], // CJK counts one per character, not its 3 bytes
    ['👍', 'graphemes_emoji_bytes', 4],
    ['👍🏽', 'graphemes_emoji_bytes', 8],
    ['👨‍👩‍👧', 'graphemes_emoji_bytes', 18], // 3 × 4 bytes + 2 ZWJ × 3 bytes
    ['🇫🇷', 'graphemes_emoji_bytes', 8], // a flag: two regional indicators
    ['1️⃣', 'graphemes_emoji_bytes', 7], // keycap: 1 + VS16 + U+20E3
    ['❤️', 'graphemes_emoji_bytes', 6], // text-default heart forced to emoji by VS16
    ['❤', 'graphemes_emoji_bytes', 1], // the bare text heart is a character
    ['a 👍', 'graphemes_emoji_bytes', 6],
    ['abc', 'mastodon', 3],
    ['👨‍👩‍👧', 'mastodon', 1], // one grapheme cluster
    ['https://example.com/a/very/long/path?with=query', 'mastodon', 23],
    ['http://x.io', 'mastodon', 23], // a short URL still counts 23
    ['see https://example.com/page.', 'mastodon', 4 + 23 + 1], // trailing full stop is not part of the URL
    ['example.com/no-scheme', 'mastodon', 21], // without a scheme it is text
    ['@alice@mastodon.social', 'mastodon', 6], // counted as @alice
    ['@alice', 'mastodon', 6],
    ['mail bob@example.com', 'mastodon', 20], // an e-mail address is not a mention
  ] as const)('%s counted as %s → %i', (text, counting, expected) => {
    expect(countCaption(text, counting)).toBe(expected)
  })

  it('uses the instance URL length', () => expect(countCaption('https://example.com', 'mastodon', 10)).toBe(10))
  it('takes any URL length an instance publishes without building it', () => {
    expect(countCaption('a https://x.io b', 'mastodon', 2 ** 40)).toBe(4 + 2 ** 40)
  })
})

describe('hashtagCount', () => {
  it.each([
    ['#a #b #c', 3],
    ['#a#b', 1], // the second # follows a word character
    ['word#tag', 0],
    ['(#tag)', 1],
    ['#café #日本 #under_score', 3],
    ['#tag #tag', 2], // occurrences, not distinct tags
    ['# alone', 0],
    ['', 0],
  ])('%j → %i', (text, expected) => expect(hashtagCount(text)).toBe(expected))
})

describe('mentionCount', () => {
  it.each([
    ['@a @b.c @d_e', 3],
    ['mail me at bob@example.com', 0], // e-mail addresses do not count
    ['café@x', 0], // preceded by a non-ASCII letter
    ['(@name)', 1],
    ['@', 0],
    ['@@name', 1],
  ])('%j → %i', (text, expected) => expect(mentionCount(text)).toBe(expected))
})

describe('distinctLinks', () => {
  it.each([
    ['https://a.com/x http://A.COM/x', 1], // scheme ignored, host case-insensitive
    ['https://a.com/x https://a.com/X', 2], // the path keeps its case
    ['www.a.com and https://www.a.com', 1],
    ['a.com b.org', 0], // neither a scheme nor www.
    ['ftp://files.example/x.', 1],
    ['bob@example.com', 0],
  ])('%j → %i', (text, expected) => expect(distinctLinks(text)).toHaveLength(expected))
})

describe('clusters (windowed segmentation)', () => {
  const whole = (text: string) =>
    Array.from(new Intl.Segmenter('en', { granularity: 'grapheme' }).segment(text), (s) => s.segment)
  // Pieces whose clusters reach across window edges: ZWJ families, flag pairs, keycaps, CR LF, Hangul jamo, marks.
  const pieces = [
    'a',
    ' ',
    '👨‍👩‍👧',
    '🇫🇷',
    '🇩🇪',
    '1️⃣',
    '\r\n',
    '\u1100\u1161\u11A8',
    'e\u0301\u0302',
    '👍🏽',
    '日',
    '\u0915\u094D\u0937',
  ]
  /** A deterministic mix of `n` pieces (a linear congruential generator: the same text every run). */
  function mix(n: number, seed: number): string {
    let state = seed
    let text = ''
    for (let i = 0; i < n; i++) {
      state = (state * 1103515245 + 12345) % 2 ** 31
      text += pieces[state % pieces.length]
    }
    return text
  }

  it.each([1, 2, 3])('matches whole-text segmentation on a mixed text (seed %i)', (seed) => {
    const text = mix(1500, seed)
    expect([...clusters(text)]).toEqual(whole(text))
  })
  it('keeps a run of flags paired across windows', () => {
    const text = `x${'🇫🇷'.repeat(700)}`
    expect([...clusters(text)]).toEqual(whole(text))
  })
  it('keeps a lone surrogate at the end', () => {
    const text = `${'a'.repeat(1023)}\ud83d`
    expect([...clusters(text)]).toEqual(whole(text))
  })
  it('keeps a cluster longer than a window whole', () => {
    const text = `a${'\u0301'.repeat(3000)}b`
    expect([...clusters(text)]).toEqual([`a${'\u0301'.repeat(3000)}`, 'b'])
  })
  it('reads inputs that make naive patterns backtrack', () => {
    expect(distinctLinks('a.'.repeat(50_000))).toEqual([])
    expect(distinctLinks(`https://x.io/${'.'.repeat(50_000)}a`)).toHaveLength(1)
    expect(countCaption(`https://x.io/${'.'.repeat(50_000)}a`, 'mastodon')).toBe(23)
    expect(countCaption(`@${'a.'.repeat(50_000)}`, 'mastodon')).toBe(100_001) // one local mention, counted whole
  })
  it('counts the longest caption the API takes', () => {
    const text = '👨‍👩‍👧 '.repeat(12_500) // 100,000 UTF-16 code units
    expect(countCaption(text, 'graphemes_emoji_bytes')).toBe(12_500 * 19)
    expect(countCaption(text, 'mastodon')).toBe(25_000)
  })
})
