// facebook.stories and tiktok.photo on images made by sharp (and committed samples), and the post fields of both TikTok targets.
import { mkdtemp, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ffmpeg, judge, padded, sizedPng } from '../helpers/made-media.js'
import { samplePath } from '../helpers/samples.js'

let dir: string
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'preflight-fb-tt-image-'))
})
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

const TARGETS = ['facebook.stories', 'tiktok.photo'] as const

async function image(name: string, width: number, height: number): Promise<string> {
  const path = join(dir, name)
  const pipeline = sharp({ create: { width, height, channels: 3, background: '#708090' } })
  const format = name.split('.').pop()
  await (format === 'png' ? pipeline.png() : format === 'webp' ? pipeline.webp() : pipeline.jpeg()).toFile(path)
  return path
}

describe('image rows of facebook.stories and tiktok.photo', () => {
  it.each([
    // name, width, height, Facebook Stories, TikTok photo
    ['ok.jpg', 1080, 1920, [], []],
    ['ok.webp', 1080, 1920, ['image.format:warning'], []],
    ['ok.png', 1080, 1920, [], ['image.format:error']],
    // Stories note anything but 9:16
    ['feed.jpg', 1080, 1350, ['image.aspect_ratio:info'], []],
    // Facebook scales a long side over 2,048 px down (a third party's figure)
    ['2048x1152.jpg', 2048, 1152, ['image.aspect_ratio:info'], ['image.max_width:error']],
    ['2049x1152.jpg', 2049, 1152, ['image.aspect_ratio:info', 'image.max_width:warning'], ['image.max_width:error']],
    ['1152x2049.jpg', 1152, 2049, ['image.max_width:warning'], ['image.max_width:error']],
    // TikTok: "Maximum 1080p", read as 1920 on the long side and 1080 on the short side
    ['1920x1080.jpg', 1920, 1080, ['image.aspect_ratio:info'], []],
    ['1921x1080.jpg', 1921, 1080, ['image.aspect_ratio:info'], ['image.max_width:error']],
    ['1080x1921.jpg', 1080, 1921, [], ['image.max_width:error']],
    ['1081x1920.jpg', 1081, 1920, [], ['image.max_width:error']],
    // TikTok: either side under 360 px (a third party's figure)
    ['360x640.jpg', 360, 640, [], []],
    ['359x640.jpg', 359, 640, [], ['image.min_width:warning']],
    ['640x359.jpg', 640, 359, ['image.aspect_ratio:info'], ['image.min_width:warning']],
  ] as const)('%s: Stories %j, TikTok %j', async (name, width, height, stories, tiktok) => {
    const { rules } = await judge([await image(name, width, height)], TARGETS)
    expect(rules).toEqual({ 'facebook.stories': stories, 'tiktok.photo': tiktok })
  })

  it.each([
    ['photo-400x500.heic', ['image.aspect_ratio:info', 'image.format:warning'], ['image.format:error']],
    ['photo-800x1000.avif', ['image.aspect_ratio:info', 'image.format:error'], ['image.format:error']],
    ['photo-800x1000.tiff', ['image.aspect_ratio:info', 'image.format:warning'], ['image.format:error']],
    [
      'animated-320x400.gif',
      ['image.animated:warning', 'image.aspect_ratio:info', 'image.format:warning'],
      ['image.format:error', 'image.min_width:warning'],
    ],
    ['cmyk-800x1000.jpg', ['image.aspect_ratio:info', 'image.color_space:warning'], []],
    ['clip-360x640.mp4', ['audio.bitrate:info', 'video.min_dimensions:error'], ['media.kind:error']],
    ['truncated-1080x1350.jpg', ['image.aspect_ratio:info', 'media.corrupt:error'], ['media.corrupt:error']],
  ] as const)('sample %s: Stories %j, TikTok %j', async (name, stories, tiktok) => {
    const { rules } = await judge([samplePath(name)], TARGETS)
    expect(rules).toEqual({ 'facebook.stories': stories, 'tiktok.photo': tiktok })
  })

  it('labels with Graph code/subcode on Facebook and fail_reason on TikTok', async () => {
    const { report } = await judge([samplePath('photo-800x1000.avif')], TARGETS)
    const format = report.results.map((r) => r.findings.find((f) => f.rule === 'image.format')?.platformError)
    expect(format).toEqual(['100/1366046', 'file_format_check_failed'])
    const corrupt = await judge([samplePath('truncated-1080x1350.jpg')], TARGETS)
    const corruptCodes = corrupt.report.results.map(
      (r) => r.findings.find((f) => f.rule === 'media.corrupt')?.platformError,
    )
    expect(corruptCodes).toEqual(['100/1366046', 'file_format_check_failed'])
  })
})

describe('image file sizes (a real JPEG padded with a sparse tail; a PNG grown by an ancillary chunk)', () => {
  it.each([
    [4_000_000, [], []],
    [4_000_001, ['image.file_size:warning'], []],
    [10_485_760, ['image.file_size:warning'], []],
    [10_485_761, ['image.file_size:error'], []],
    [20_000_000, ['image.file_size:error'], []],
    [20_000_001, ['image.file_size:error'], ['image.file_size:warning']],
    [20_971_520, ['image.file_size:error'], ['image.file_size:warning']],
    [20_971_521, ['image.file_size:error'], ['image.file_size:error']],
  ] as const)('a %i B JPEG: Stories %j, TikTok %j', async (size, stories, tiktok) => {
    const path = await padded(await image('pad.jpg', 1080, 1920), join(dir, `${size}.jpg`), size)
    expect((await stat(path)).size).toBe(size)
    const { report, rules } = await judge([path], TARGETS)
    expect(rules).toEqual({ 'facebook.stories': stories, 'tiktok.photo': tiktok })
    const codes = report.results.map((r) => r.findings[0]?.platformError)
    expect(codes).toEqual([
      stories.length ? '100/1366046' : undefined,
      tiktok.length ? 'picture_size_check_failed' : undefined,
    ])
    await rm(path)
  })

  it.each([
    [1_000_000, []],
    [1_000_001, ['image.file_size:warning']],
  ] as const)('a %i B PNG on Stories: %j ("may appear pixelated")', async (size, expected) => {
    const path = await sizedPng(await image('small.png', 1080, 1920), join(dir, `${size}.png`), size)
    expect((await stat(path)).size).toBe(size)
    const { report, rules } = await judge([path], ['facebook.stories'])
    expect(rules['facebook.stories']).toEqual(expected)
    if (expected.length) expect(report.results[0]!.findings[0]).toMatchObject({ platformError: null })
  })
})

describe('post fields', () => {
  let photo: string
  let clip: string
  beforeAll(async () => {
    photo = await image('post.jpg', 1080, 1920)
    clip = await ffmpeg(dir, 'post.mp4', [
      '-f',
      'lavfi',
      '-i',
      'color=s=540x960:r=30:d=3',
      '-c:v',
      'libx264',
      '-preset',
      'ultrafast',
      '-pix_fmt',
      'yuv420p',
    ])
  })
  const emoji = '\u{1F600}' // two UTF-16 units

  it.each([
    ['a'.repeat(90), []],
    ['a'.repeat(91), ['post.title_length:error']],
    [emoji.repeat(45), []],
    [`${emoji.repeat(45)}a`, ['post.title_length:error']],
  ] as const)('TikTok photo title of %#: %j (UTF-16 units, 90)', async (title, expected) => {
    const { report, rules } = await judge([photo], ['tiktok.photo'], { title })
    expect(rules['tiktok.photo']).toEqual(expected)
    if (expected.length)
      expect(report.results[0]!.findings[0]).toMatchObject({ platformError: 'invalid_param', actual: 91 })
  })

  it.each([
    ['tiktok.photo', 'a'.repeat(4_000), []],
    ['tiktok.photo', 'a'.repeat(4_001), ['post.caption_length:error']],
    ['tiktok.video', 'a'.repeat(2_200), []],
    ['tiktok.video', 'a'.repeat(2_201), ['post.caption_length:error']],
    ['tiktok.video', emoji.repeat(1_100), []],
    ['tiktok.video', `${emoji.repeat(1_100)}a`, ['post.caption_length:error']],
  ] as const)('%s caption %#: %j (UTF-16 units)', async (target, caption, expected) => {
    const { rules } = await judge([target === 'tiktok.photo' ? photo : clip], [target], { caption })
    expect(rules[target]).toEqual(expected)
  })

  it('TikTok photo posts take 1 to 35 photos, and no video with them', async () => {
    expect((await judge(Array(35).fill(photo), ['tiktok.photo'])).rules['tiktok.photo']).toEqual([])
    expect((await judge(Array(36).fill(photo), ['tiktok.photo'])).rules['tiktok.photo']).toEqual([
      'post.carousel_size:error',
    ])
    expect((await judge([photo, clip], ['tiktok.photo'])).rules['tiktok.photo']).toEqual([
      'media.kind:error',
      'post.media_mix:error',
    ])
  })

  it('a TikTok cover offset outside the clip is a note; Stories take no caption or alt text', async () => {
    expect((await judge([clip], ['tiktok.video'], { thumbOffsetMs: 2_999 })).rules['tiktok.video']).toEqual([])
    expect((await judge([clip], ['tiktok.video'], { thumbOffsetMs: 3_000 })).rules['tiktok.video']).toEqual([
      'post.thumb_offset:info',
    ])
    const { rules } = await judge([photo], ['facebook.stories'], { caption: 'hi', altText: 'a photo' })
    expect(rules['facebook.stories']).toEqual(['post.alt_text_length:info', 'post.caption_length:info'])
  })
})
