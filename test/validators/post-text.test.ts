// Caption counting as each platform counts it, and the hashtag, mention and link patterns: one line per case.
import { describe, expect, it } from 'vitest'
import { countCaption, distinctLinks, hashtagCount, mentionCount } from '../../validators/post/text.js'

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
