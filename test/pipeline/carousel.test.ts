// A post through preflight() on real samples: a mixed carousel's item and post findings, and captions per platform.
import { describe, expect, it } from 'vitest'
import type { TargetName } from '../../platforms/targets.js'
import type { PostFacts } from '../../src/facts.js'
import { preflight } from '../../src/pipeline/preflight.js'
import { testOptions } from '../helpers/options.js'
import { samplePath } from '../helpers/samples.js'

const options = testOptions()

/** `rule:severity@item` of every finding per target (no `@` on post-level findings), sorted. */
async function findings(
  names: string[],
  targets: TargetName[],
  post: PostFacts = {},
): Promise<Record<string, string[]>> {
  const report = await preflight({ media: names.map((n) => ({ path: samplePath(n) })), targets, post }, options)
  return Object.fromEntries(
    report.results.map((r) => [
      r.target,
      r.findings.map((f) => `${f.rule}:${f.severity}${f.item === undefined ? '' : `@${f.item}`}`).sort(),
    ]),
  )
}

describe('a carousel of mixed items', () => {
  const items = ['feed-ok-1080x1350.jpg', 'clip-360x640.mp4', 'square-1080.png', 'tall-1080x1920.jpg']

  it('reports each item by index and the post once', async () => {
    const found = await findings(items, ['instagram.carousel', 'threads', 'mastodon'], {
      thumbOffsetMs: 5000,
      altText: 'x'.repeat(1001),
    })
    expect(found['instagram.carousel']).toEqual([
      'image.aspect_ratio:error@3', // 9:16 is outside 4:5-1.91:1
      'image.aspect_ratio:warning@2', // 1:1 after a 4:5 first item: cropped
      'image.format:warning@2',
      'post.alt_text_length:error',
      'post.thumb_offset:error@1', // the clip is 3.2 s long
      'video.aspect_ratio:warning@1', // 9:16 is outside the legacy 4:5-16:9 of carousel videos
      'video.edit_list:warning@1', // its one-entry edit list (AAC priming)
    ])
    expect(found.threads).toEqual(['post.alt_text_length:warning', 'video.edit_list:warning@1'])
    expect(found.mastodon).toEqual(['post.media_mix:error']) // the clip has sound
  })

  it('refuses eleven items on Instagram and five on Mastodon', async () => {
    const eleven = Array.from({ length: 11 }, () => 'feed-ok-1080x1350.jpg')
    const found = await findings(eleven, ['instagram.carousel', 'threads', 'mastodon'])
    expect(found['instagram.carousel']).toEqual(['post.carousel_size:error'])
    expect(found.threads).toEqual([])
    expect(found.mastodon).toEqual(['post.carousel_size:error'])
  })

  it('needs two items for an Instagram carousel', async () => {
    expect((await findings(['feed-ok-1080x1350.jpg'], ['instagram.carousel']))['instagram.carousel']).toEqual([
      'post.carousel_size:error',
    ])
  })
})

describe('captions per platform', () => {
  // 400 characters and a 221-character URL: 424 on Mastodon (a URL counts 23), 621 on Threads.
  const caption = `${'x'.repeat(399)} https://example.com/${'a'.repeat(201)}`

  it('counts a URL as 23 characters on Mastodon only', async () => {
    const found = await findings(['feed-ok-1080x1350.jpg'], ['mastodon', 'threads', 'instagram.feed'], { caption })
    expect(found).toEqual({ mastodon: [], threads: ['post.caption_length:error'], 'instagram.feed': [] })
  })

  it('notes post fields Stories do not send', async () => {
    const found = await findings(['tall-1080x1920.jpg'], ['instagram.stories'], {
      caption: 'hi',
      altText: 'a photo',
      productTags: [{ productId: '1', x: 0.5, y: 0.5 }],
    })
    expect(found['instagram.stories']).toEqual([
      'post.alt_text_length:info',
      'post.caption_length:info',
      'post.product_tags:info',
    ])
  })

  it('words a post-level finding with its platform error and no item', async () => {
    const report = await preflight(
      {
        media: [{ path: samplePath('feed-ok-1080x1350.jpg') }],
        targets: ['instagram.feed'],
        post: { caption: '#a '.repeat(31) },
      },
      options,
    )
    const [finding] = report.results[0]!.findings
    expect(finding).toMatchObject({
      rule: 'post.hashtags',
      severity: 'error',
      platformError: '2207010',
      action: 'fix_input',
      actual: 31,
      expected: '<= 30',
    })
    expect(finding).not.toHaveProperty('item')
    expect(finding?.message).toBe('The caption has 31 hashtags; Instagram feed accepts at most 30.')
  })
})
