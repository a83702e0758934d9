// Real sharp and ffprobe on committed files: each sample, each target, the findings it must produce.
import { describe, expect, it } from 'vitest'
import type { TargetName } from '../../platforms/targets.js'
import { preflight } from '../../src/pipeline/preflight.js'
import { testOptions } from '../helpers/options.js'
import { samplePath } from '../helpers/samples.js'

const options = testOptions()

/** `rule:severity` of every finding, sorted: what a target says about one sample. */
async function findings(name: string, target: TargetName): Promise<string[]> {
  const report = await preflight({ media: [{ path: samplePath(name) }], targets: [target] }, options)
  return report.results[0]!.findings.map((f) => `${f.rule}:${f.severity}`).sort()
}

const cases: [string, TargetName, string[]][] = [
  // format
  ['feed-ok-1080x1350.jpg', 'instagram.feed', []],
  ['square-1080.png', 'instagram.feed', ['image.format:warning']],
  ['square-1080.png', 'threads', []],
  ['still-800x1000.webp', 'instagram.feed', ['image.format:error']],
  ['still-800x1000.webp', 'mastodon', []],
  ['photo-400x500.heic', 'instagram.feed', ['image.format:error']],
  ['photo-400x500.heic', 'mastodon', ['image.format:warning']],
  ['photo-800x1000.avif', 'threads', ['image.format:error']],
  ['photo-800x1000.avif', 'mastodon', ['image.format:warning']],
  ['photo-800x1000.tiff', 'instagram.feed', ['image.format:error']],
  ['photo-800x1000.tiff', 'mastodon', ['media.unknown_type:error']],
  ['stereo-mpo-1080x1350.jpg', 'instagram.feed', ['image.format:error']],
  ['stereo-mpo-1080x1350.jpg', 'threads', ['image.format:warning']],
  ['gain-map-mpf-1080x1350.jpg', 'instagram.feed', ['image.format:warning']],
  ['gain-map-mpf-1080x1350.jpg', 'threads', []],
  // the sniffed type wins over the name
  ['png-named.jpg', 'instagram.feed', ['image.format:warning']],
  ['not-an-image.jpg', 'instagram.feed', ['media.unknown_type:error']],
  ['not-an-image.jpg', 'mastodon', ['media.unknown_type:error']],
  ['truncated-1080x1350.jpg', 'instagram.feed', ['media.corrupt:error']],
  // aspect ratio and width, on the displayed size
  ['tall-1080x1920.jpg', 'instagram.feed', ['image.aspect_ratio:error']],
  ['tall-1080x1920.jpg', 'threads', []],
  ['tall-1080x1920.jpg', 'instagram.stories', []],
  ['feed-ok-1080x1350.jpg', 'instagram.stories', ['image.aspect_ratio:info']],
  ['wide-2000x1000.jpg', 'instagram.feed', ['image.aspect_ratio:error', 'image.max_width:warning']],
  ['phone-portrait-exif6.jpg', 'instagram.feed', ['image.aspect_ratio:error']],
  ['phone-landscape-stored-exif6.jpg', 'instagram.feed', []],
  ['small-200x250.jpg', 'instagram.feed', ['image.min_width:warning']],
  ['small-200x250.jpg', 'instagram.stories', ['image.aspect_ratio:info']],
  ['large-2048x1536.jpg', 'threads', ['image.max_width:warning']],
  // pixels (Mastodon)
  ['big-4000x3000.png', 'mastodon', ['image.pixels:warning']],
  ['huge-8000x4500.png', 'mastodon', ['image.pixels:error']],
  ['gif-1400x800.gif', 'mastodon', ['image.pixels:error']],
  // colour
  ['cmyk-800x1000.jpg', 'instagram.feed', ['image.color_space:warning']],
  ['display-p3-800x1000.jpg', 'threads', ['image.color_space:warning']],
  ['srgb-profile-800x1000.jpg', 'instagram.feed', []],
  ['cmyk-800x1000.jpg', 'mastodon', []],
  // animation
  ['animated-320x400.gif', 'instagram.feed', ['image.format:error']],
  ['animated-320x400.gif', 'mastodon', ['image.animated:info']],
  ['animated-320x400.webp', 'mastodon', ['image.animated:warning']],
  ['animated-320x400.png', 'instagram.feed', ['image.animated:warning', 'image.format:warning']],
  ['animated-320x400.png', 'threads', ['image.animated:warning']],
  ['animated-320x400.png', 'mastodon', ['image.animated:warning']],
  // kind
  ['clip-360x640.mp4', 'instagram.feed', ['media.kind:error']],
  ['tone.mp3', 'instagram.stories', ['media.kind:error']],
  ['tone.mp3', 'mastodon', ['audio.codec:info']],
]

describe('samples', () => {
  it.each(cases)('%s on %s', async (name, target, expected) => {
    expect(await findings(name, target)).toEqual(expected)
  })
})

describe('media facts', () => {
  it('reports the displayed and the stored size of an EXIF-rotated JPEG', async () => {
    const { items } = await preflight(
      { media: [{ path: samplePath('phone-portrait-exif6.jpg') }], targets: ['threads'] },
      options,
    )
    expect(items[0]!.media).toMatchObject({
      kind: 'image',
      mime: 'image/jpeg',
      width: 900,
      height: 1600,
      codedWidth: 1600,
      codedHeight: 900,
      rotation: 90,
      image: { format: 'jpeg', orientation: 6 },
    })
    expect(items[0]!.source).toBeNull()
  })

  it('reads codecs, duration, size and frame rate of a video with ffprobe', async () => {
    const { items } = await preflight(
      { media: [{ path: samplePath('clip-360x640.mp4') }], targets: ['threads'] },
      options,
    )
    const media = items[0]!.media!
    expect(media).toMatchObject({ kind: 'video', mime: 'video/mp4', container: 'mp4', width: 360, height: 640 })
    expect(media.durationS).toBeCloseTo(3.2, 1)
    expect(media.video).toMatchObject({ codec: 'h264', profile: 'High', pixFmt: 'yuv420p', fps: 30, interlaced: false })
    expect(media.audio).toMatchObject({ codec: 'aac', sampleRate: 48000, channels: 2 })
  })

  it('names the ICC profile it found', async () => {
    const { items } = await preflight(
      { media: [{ path: samplePath('display-p3-800x1000.jpg') }], targets: ['threads'] },
      options,
    )
    expect(items[0]!.media!.image!.iccProfile).toMatch(/P3/)
  })
})
