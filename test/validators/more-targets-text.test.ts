// Post text on X, Bluesky, YouTube and Pinterest, counted each platform's way, at and just past every limit (PLATFORM-RULES-MORE.md §0.2).
import { describe, expect, it } from 'vitest'
import { bluesky } from '../../platforms/bluesky.js'
import { pinterest } from '../../platforms/pinterest.js'
import { x } from '../../platforms/x.js'
import { youtubeShorts, youtubeVideo } from '../../platforms/youtube.js'
import type { MediaFacts, PostFacts } from '../../src/facts.js'
import { evaluate } from '../../src/pipeline/evaluate.js'
import { report } from '../../src/pipeline/report.js'
import type { TargetDef } from '../../src/rule-types.js'
import { countCaption } from '../../validators/post/text.js'
import { imageMedia, videoMedia } from '../helpers/facts.js'

/** `rule:severity:platformError` of the post's text findings on one target. */
function judge(target: TargetDef, post: PostFacts, media: MediaFacts[] = [imageMedia()]): string[] {
  const items = media.map((m) => ({ media: m, findings: [] }))
  return evaluate(target, items, post)
    .findings.filter((f) => /^post\.(caption|title|alt_text)_length$/.test(f.rule))
    .map((f) => `${f.rule}:${f.severity}:${f.platformError}`)
}

const URL = 'https://example.com/a/very/long/path/that/would/count/far/more/than/twenty-three?q=1'
const FAMILY = '👨‍👩‍👧‍👦' // one grapheme: 4 emoji and 3 ZWJ, 25 bytes in UTF-8
const ACUTE = 'q\u0301' // q and a combining acute: one grapheme, two code points (no precomposed form)
const times = (s: string, n: number) => s.repeat(n)

describe('x: weighted length (twitter-text v3), 280', () => {
  const caption = (text: string) => judge(x, { caption: text })
  it.each([
    ['ASCII', times('a', 280), times('a', 281)],
    ['a URL counts 23', `${times('a', 256)} ${URL}`, `${times('a', 257)} ${URL}`],
    ['a bare domain counts 23', `${times('a', 256)} example.com`, `${times('a', 257)} example.com`],
    ['an emoji counts 2', times('😀', 140), times('😀', 140) + 'a'],
    ['a ZWJ family counts 2', times(FAMILY, 140), times(FAMILY, 141)],
    ['CJK counts 2', times('日', 140), times('日', 141)],
    ['combining marks count 1 each', times(ACUTE, 140), times(ACUTE, 140) + 'a'],
    ['NFC: e + acute is one é', times('e\u0301', 280), times('e\u0301', 281)],
    ['U+2010-201F count 1', times('—', 280), times('—', 281)],
  ])('%s: at the limit passes, one past fails', (_case, at, past) => {
    expect(caption(at)).toEqual([])
    expect(caption(past)).toEqual(['post.caption_length:error:null'])
  })

  it('says how it counted', () => {
    const evaluation = evaluate(x, [{ media: imageMedia(), findings: [] }], { caption: `${times('😀', 140)} ${URL}` })
    const [finding] = report([{ source: null, media: imageMedia(), cache: 'bypass' }], [evaluation]).results[0]!
      .findings
    expect(finding?.message).toBe(
      'The caption is 304 weighted characters (a link counts as 23, an emoji or a CJK character as 2); X accepts at most 280.',
    )
  })

  it('alt text: 1,000 code points on an image, a note on a post without one', () => {
    expect(judge(x, { altText: times('😀', 1000) })).toEqual([])
    expect(judge(x, { altText: times('😀', 1001) })).toEqual(['post.alt_text_length:error:400'])
    expect(judge(x, { altText: 'a clip' }, [videoMedia()])).toEqual(['post.alt_text_length:info:null'])
  })
})

describe('bluesky: 300 graphemes and 3,000 UTF-8 bytes, both', () => {
  const caption = (text: string) => judge(bluesky, { caption: text })
  it.each([
    ['ASCII (graphemes)', times('a', 300), times('a', 301), 'length'],
    ['combining marks: one grapheme each', times(ACUTE, 300), times(ACUTE, 301), 'length'],
    ['CJK: 3 bytes, one grapheme each', times('日', 300), times('日', 301), 'length'],
    ['ZWJ families: 25 bytes each (bytes)', times(FAMILY, 120), times(FAMILY, 120) + 'a', 'bytes'],
    [
      'a URL counts as written',
      `${times('a', 299 - URL.length)} ${URL}`,
      `${times('a', 300 - URL.length)} ${URL}`,
      'length',
    ],
  ])('%s: at the limit passes, one past fails', (_case, at, past, problem) => {
    expect(caption(at)).toEqual([])
    expect(caption(past)).toEqual(['post.caption_length:error:InvalidRecord'])
    const evaluation = evaluate(bluesky, [{ media: imageMedia(), findings: [] }], { caption: past })
    expect(evaluation.findings[0]?.args).toMatchObject(problem === 'bytes' ? { problem: 'bytes', bytes: 3001 } : {})
  })

  it('fails both bounds at once when both are broken', () => {
    expect(caption(times(FAMILY, 301))).toEqual([
      'post.caption_length:error:InvalidRecord',
      'post.caption_length:error:InvalidRecord',
    ])
  })

  it('image alt text: a warning past 2,000 graphemes', () => {
    expect(judge(bluesky, { altText: times(ACUTE, 2000) })).toEqual([])
    expect(judge(bluesky, { altText: times(ACUTE, 2001) })).toEqual(['post.alt_text_length:warning:null'])
  })

  it('video alt text: past 1,000 graphemes or 10,000 bytes, refused by older PDSes', () => {
    const video = [videoMedia()]
    expect(judge(bluesky, { altText: times('a', 1000) }, video)).toEqual([])
    expect(judge(bluesky, { altText: times('a', 1001) }, video)).toEqual(['post.alt_text_length:warning:InvalidRecord'])
    expect(judge(bluesky, { altText: times(FAMILY, 400) }, video)).toEqual([]) // 10,000 B
    expect(judge(bluesky, { altText: times(FAMILY, 400) + 'a' }, video)).toEqual([
      'post.alt_text_length:warning:InvalidRecord',
    ])
  })
})

describe('youtube: title 100 code points, description 5,000 UTF-8 bytes, no < or >', () => {
  it.each([youtubeVideo, youtubeShorts])('$name description in bytes', (target) => {
    const caption = (text: string) => judge(target, { caption: text }, [videoMedia()])
    const refused = ['post.caption_length:error:invalidDescription']
    expect(caption(times('a', 5000))).toEqual([])
    expect(caption(times('a', 5001))).toEqual(refused)
    expect(caption(times('é', 2500))).toEqual([]) // 2 bytes each
    expect(caption(times('é', 2501))).toEqual(refused) // 2,501 characters, 5,002 bytes
    expect(caption(times('😀', 1250))).toEqual([])
    expect(caption(times('😀', 1250) + 'a')).toEqual(refused)
    expect(caption(times(ACUTE, 1666) + 'ab')).toEqual([]) // 3 bytes a grapheme: 4,998 + 2
    expect(caption(times(ACUTE, 1667))).toEqual(refused)
    expect(caption(`see ${URL} <3`)).toEqual(refused)
  })

  it.each([youtubeVideo, youtubeShorts])('$name title', (target) => {
    const title = (text?: string) => judge(target, text === undefined ? {} : { title: text }, [videoMedia()])
    const refused = ['post.title_length:error:invalidTitle']
    expect(title(undefined)).toEqual([])
    expect(title(times('a', 100))).toEqual([])
    expect(title(times('a', 101))).toEqual(refused)
    expect(title(times('😀', 100))).toEqual([])
    expect(title(times('😀', 101))).toEqual(refused)
    expect(title(times(ACUTE, 50))).toEqual([]) // 100 code points
    expect(title(times(ACUTE, 50) + 'a')).toEqual(refused)
    expect(title('a > b')).toEqual(refused)
    expect(title('  ')).toEqual(refused)
  })

  it('words a refused character and a byte count', () => {
    const post = { caption: `${times('é', 2501)} <3` }
    const evaluation = evaluate(youtubeVideo, [{ media: videoMedia(), findings: [] }], post)
    const messages = report(
      [{ source: null, media: videoMedia(), cache: 'bypass' }],
      [evaluation],
    ).results[0]!.findings.map((f) => f.message)
    expect(messages).toEqual([
      'The caption is 5,005 bytes in UTF-8 (an accented letter counts 2, most emoji 4); YouTube accepts at most 5,000.',
      'The caption holds <; YouTube refuses < and > in it.',
    ])
  })
})

describe('pinterest: title 100, description 800 (500 in the specs), alt text 500, in code points', () => {
  it('description', () => {
    const caption = (text: string) => judge(pinterest, { caption: text })
    expect(caption(times('😀', 500))).toEqual([])
    expect(caption(times('😀', 501))).toEqual(['post.caption_length:warning:null'])
    expect(caption(times('😀', 800))).toEqual(['post.caption_length:warning:null'])
    expect(caption(times('😀', 801))).toEqual(['post.caption_length:error:400'])
    expect(caption(times(ACUTE, 400))).toEqual(['post.caption_length:warning:null']) // 800 code points
    expect(caption(times(ACUTE, 400) + 'a')).toEqual(['post.caption_length:error:400'])
  })

  it('title and alt text', () => {
    expect(judge(pinterest, { title: times('日', 100), altText: times('a', 500) })).toEqual([])
    expect(judge(pinterest, { title: times('日', 101), altText: times('a', 501) })).toEqual([
      'post.title_length:error:400',
      'post.alt_text_length:error:400',
    ])
  })
})

describe('countCaption, the new countings', () => {
  it.each([
    ['x_weighted', 'https://example.com', 23],
    ['x_weighted', '👍🏽', 2],
    ['graphemes', FAMILY, 1],
    ['graphemes', ACUTE, 1],
    ['utf8_bytes', FAMILY, 25],
    ['utf8_bytes', ACUTE, 3],
  ] as const)('%s %s → %i', (counting, text, expected) => expect(countCaption(text, counting)).toBe(expected))
})
