// `preflight check` with post fields: product tags and the caption reach the checks, bad JSON is a usage error.
import { describe, expect, it } from 'vitest'
import { check } from '../../src/cli/check.js'
import { UsageError } from '../../src/cli/usage.js'
import { loadConfig } from '../../src/config.js'
import { samplePath } from '../helpers/samples.js'

const config = loadConfig({ ...process.env, PREFLIGHT_ALLOW_PRIVATE_NETWORKS: 'true' })

function output() {
  let text = ''
  const out = { isTTY: false, write: (chunk: string) => ((text += chunk), true) } as unknown as NodeJS.WriteStream
  return { out, text: () => text }
}

describe('preflight check with post fields', () => {
  it('judges product tags and the caption', async () => {
    const { out, text } = output()
    const argv = [
      samplePath('feed-ok-1080x1350.jpg'),
      '--targets',
      'instagram.feed',
      '--json',
      '--caption',
      '#a '.repeat(31),
      '--product-tags',
      '[{"productId":"a"}]',
    ]
    expect(await check(argv, config, out)).toBe(1)
    const report = JSON.parse(text())
    expect(
      report.results[0].findings.map((f: { rule: string; platformError: string }) => [f.rule, f.platformError]),
    ).toEqual([
      ['post.hashtags', '2207010'],
      ['post.product_tags', '2207036'],
    ])
  })

  it('counts --spoiler-text with the caption for Mastodon', async () => {
    const run = async (spoiler: string) => {
      const { out, text } = output()
      const argv = [
        samplePath('feed-ok-1080x1350.jpg'),
        '--targets',
        'mastodon',
        '--json',
        '--caption',
        'x'.repeat(490),
        '--spoiler-text',
        spoiler,
      ]
      return { code: await check(argv, config, out), report: JSON.parse(text()) }
    }
    expect((await run('y'.repeat(10))).code).toBe(0)
    const over = await run('y'.repeat(11))
    expect(over.code).toBe(1)
    expect(over.report.results[0].findings).toMatchObject([{ rule: 'post.caption_length', actual: 501 }])
  })

  it('reads --title, --tiktok-verified-prefixes and --tiktok-max-duration-s', async () => {
    const { out, text } = output()
    const argv = [
      samplePath('video-long-301s.mp4'),
      '--targets',
      'tiktok.video',
      '--json',
      '--title',
      'ignored on video posts',
      '--tiktok-verified-prefixes',
      'example.com,https://cdn.example.net/media/',
      '--tiktok-max-duration-s',
      '300',
    ]
    expect(await check(argv, config, out)).toBe(1)
    const finding = JSON.parse(text()).results[0].findings.find(
      (f: { rule: string }) => f.rule === 'video.duration_max',
    )
    expect(finding).toMatchObject({ severity: 'error', expected: '<= 300', platformError: 'duration_check_failed' })
  })

  it.each([
    ['--tiktok-max-duration-s', 'soon'],
    ['--tiktok-max-duration-s', '0'],
  ])('refuses %s %s as a usage error', async (flag, value) => {
    const argv = [samplePath('clip-360x640.mp4'), '--targets', 'tiktok.video', flag, value]
    await expect(check(argv, config, output().out)).rejects.toThrow(UsageError)
  })

  it('refuses product tags that are not JSON', async () => {
    const argv = [samplePath('feed-ok-1080x1350.jpg'), '--targets', 'instagram.feed', '--product-tags', '{oops']
    await expect(check(argv, config, output().out)).rejects.toThrow(UsageError)
  })
})
