// Pure post checks against the real platform data: both sides of each limit, one line per case.
import { describe, expect, it } from 'vitest'
import { targets } from '../../platforms/targets.js'
import { blankMedia, type MediaFacts, type PostFacts, type ProductTag } from '../../src/facts.js'
import type { PostFinding } from '../../src/rule-types.js'
import { altTextLength } from '../../validators/post/alt-text.js'
import { captionLength, hashtags, links, mentions } from '../../validators/post/caption.js'
import { carouselSize, mediaMix } from '../../validators/post/carousel.js'
import { productTags } from '../../validators/post/product-tags.js'
import { thumbOffset } from '../../validators/post/thumb-offset.js'
import { imageMedia, videoMedia } from '../helpers/facts.js'

const feed = targets['instagram.feed'].rules
const carousel = targets['instagram.carousel'].rules
const reels = targets['instagram.reels'].rules
const stories = targets['instagram.stories'].rules
const threads = targets.threads.rules
const mastodon = targets.mastodon.rules

const image = imageMedia()
/** A clip of `durationS` seconds, with or without a sound track. */
const clip = (durationS = 3, withAudio = true): MediaFacts => videoMedia({ durationS }, {}, withAudio ? {} : null)
const facts = (post: PostFacts, items: (MediaFacts | null)[] = [image]) => ({ items, post })
/** `tier@item` of each finding ('base' without a tier, no suffix without an item). */
const shown = (found: PostFinding[]) =>
  found.map((f) => `${f.tier ?? 'base'}${f.item === undefined ? '' : `@${f.item}`}`)
const words = (n: number, word = 'a') => Array.from({ length: n }, () => word).join(' ')

describe('post.caption_length', () => {
  it.each([
    ['x'.repeat(2200), feed, 0],
    ['x'.repeat(2201), feed, 1],
    ['👍'.repeat(2200), feed, 0], // Instagram: one code point each
    ['x'.repeat(500), threads, 0],
    ['x'.repeat(501), threads, 1],
    ['👍'.repeat(125), threads, 0], // 125 × 4 bytes = 500
    ['👍'.repeat(126), threads, 1],
    ['x'.repeat(500), mastodon, 0],
    ['x'.repeat(501), mastodon, 1],
    [`${'x'.repeat(477)} https://example.com/${'long'.repeat(50)}`, mastodon, 1], // 477 + 1 + 23 = 501
    [`${'x'.repeat(476)} https://example.com/${'long'.repeat(50)}`, mastodon, 0], // 476 + 1 + 23 = 500
    [`${'x'.repeat(493)} @alice@mastodon.social`, mastodon, 0], // 493 + 1 + 6 = 500
    [`${'x'.repeat(494)} @alice@mastodon.social`, mastodon, 1],
    ['', feed, 0],
  ] as const)('%#: %i findings', (caption, rules, expected) => {
    expect(captionLength(facts({ caption }), rules['post.caption_length'])).toHaveLength(expected)
  })
  it('notes a caption on Stories as not sent', () => {
    expect(shown(captionLength(facts({ caption: 'hi' }), stories['post.caption_length']))).toEqual(['base'])
    expect(captionLength(facts({}), stories['post.caption_length'])).toEqual([])
  })
})

describe('post.hashtags and post.mentions on Instagram', () => {
  it.each([
    [words(30, '#tag'), 0],
    [words(31, '#tag'), 1],
    [words(31, 'x#tag'), 0], // preceded by a word character
  ])('%#: %i hashtag findings', (caption, expected) => {
    expect(hashtags(facts({ caption }), feed['post.hashtags'])).toHaveLength(expected)
  })
  it.each([
    [words(20, '@name'), 0],
    [words(21, '@name'), 1],
    [words(21, 'me@example.com'), 0], // e-mail addresses
  ])('%#: %i mention findings', (caption, expected) => {
    expect(mentions(facts({ caption }), reels['post.mentions'])).toHaveLength(expected)
  })
})

describe('post.links on Threads', () => {
  const list = (n: number) => Array.from({ length: n }, (_, i) => `https://site${i}.example/p`).join(' ')
  it.each([
    [list(5), 0],
    [list(6), 1],
    [`${list(5)} HTTPS://SITE0.EXAMPLE/p http://site1.example/p`, 0], // the same links again
  ])('%#: %i findings', (caption, expected) => {
    expect(links(facts({ caption }), threads['post.links'])).toHaveLength(expected)
  })
})

describe('post.thumb_offset', () => {
  it.each([
    [0, [clip(3)], reels, []],
    [2999, [clip(3)], reels, []],
    [3000, [clip(3)], reels, ['base@0']],
    [-1, [clip(3)], reels, ['base@0']],
    [5000, [image, clip(10), clip(3)], carousel, ['base@2']], // each video item on its own
    [5000, [image, image], carousel, []], // no video: nothing to place it in
    [100, [clip(3)], stories, ['base']], // Stories: not sent
  ] as const)('%i ms #%#', (thumbOffsetMs, items, rules, expected) => {
    expect(shown(thumbOffset(facts({ thumbOffsetMs }, [...items]), rules['post.thumb_offset']))).toEqual(expected)
  })
  it('checks nothing without an offset', () =>
    expect(thumbOffset(facts({}, [clip(3)]), reels['post.thumb_offset'])).toEqual([]))
})

describe('post.product_tags', () => {
  const tag = (productId: string, x?: number, y?: number): ProductTag => ({
    productId,
    ...(x === undefined ? {} : { x }),
    ...(y === undefined ? {} : { y }),
  })
  const placed = (n: number) => Array.from({ length: n }, (_, i) => tag(`p${i}`, 0.5, 0.5))
  it.each([
    [placed(5), [image], feed, []],
    [placed(6), [image], feed, ['base']], // 2207040
    [[tag('a', 0.1, 0.1), tag('a', 0.2, 0.2)], [image], feed, ['duplicate']], // 2207037
    [[tag('a', 1.01, 0.5)], [image], feed, ['out_of_range']], // 2207037
    [[tag('a', 0, 1)], [image], feed, []], // the edges are inside
    [[tag('a', 0.5)], [image], feed, ['position_missing@0']], // 2207036
    [[tag('a')], [clip()], reels, []], // video tags take no position
    [[tag('a', 0.5, 0.5)], [clip()], reels, ['position_on_video@0']], // 2207035
    [[tag('a', 0.5, 0.5)], [image, clip()], carousel, ['position_on_video@1']],
    [[tag('a')], [image, clip()], carousel, ['position_missing@0']],
    [[tag('a')], [image], stories, ['base']], // Stories: not sent
  ] as const)('%j on %#', (productTagsGiven, items, rules, expected) => {
    const found = productTags(facts({ productTags: [...productTagsGiven] }, [...items]), rules['post.product_tags'])
    expect(shown(found)).toEqual(expected)
  })
  it('labels each problem with its Graph API code', () => {
    const limit = feed['post.product_tags']
    expect([
      limit.platformError,
      limit.tiers.duplicate.platformError,
      limit.tiers.position_missing.platformError,
    ]).toEqual(['2207040', '2207037', '2207036'])
    expect(reels['post.product_tags'].tiers.position_on_video.platformError).toBe('2207035')
  })
})

describe('post.carousel_size', () => {
  const n = (count: number) => Array.from({ length: count }, () => image)
  it.each([
    [1, carousel, 1], // 2207028: a carousel needs 2
    [2, carousel, 0],
    [10, carousel, 0],
    [11, carousel, 1],
    [1, threads, 0], // one item is a single post
    [20, threads, 0],
    [21, threads, 1],
    [4, mastodon, 0],
    [5, mastodon, 1],
  ] as const)('%i items #%#: %i findings', (count, rules, expected) => {
    expect(carouselSize(facts({}, n(count)), rules['post.carousel_size'])).toHaveLength(expected)
  })
})

describe('post.media_mix on Mastodon', () => {
  const audio = { ...blankMedia({ kind: 'audio', mime: 'audio/mpeg', ext: 'mp3' }, 10_000) }
  it.each([
    [[clip()], 0],
    [[clip(), image], 1],
    [[image, audio], 1],
    [[clip(3, false), image], 0], // a silent video is a gifv and may mix
    [[clip(3, false), clip(3, true)], 1],
    [[image, image, image], 0],
  ] as const)('#%#: %i findings', (items, expected) => {
    expect(mediaMix(facts({}, [...items]), mastodon['post.media_mix'])).toHaveLength(expected)
  })
})

describe('post.alt_text_length', () => {
  it.each([
    ['x'.repeat(1000), [image], feed, []],
    ['x'.repeat(1001), [image], feed, ['base']],
    ['👍'.repeat(1000), [image], feed, []], // code points
    ['x'.repeat(1001), [clip(), clip()], carousel, []], // sent with image items only
    ['x'.repeat(1001), [image, clip()], carousel, ['base']],
    ['x'.repeat(1001), [image], threads, ['base']],
    ['x'.repeat(10_000), [image], mastodon, []], // the latest release's limit (4.6+); by version: test/services/mastodon-versions.test.ts
    ['x'.repeat(10_001), [image], mastodon, ['base']],
    ['short', [clip()], reels, ['base']], // Reels: not sent
    ['short', [image], stories, ['base']],
  ] as const)('%#', (altText, items, rules, expected) => {
    expect(shown(altTextLength(facts({ altText }, [...items]), rules['post.alt_text_length']))).toEqual(expected)
  })
  it('labels Threads as a warning and Reels as a note', () => {
    expect([threads['post.alt_text_length'].severity, reels['post.alt_text_length'].severity]).toEqual([
      'warning',
      'info',
    ])
  })
})
