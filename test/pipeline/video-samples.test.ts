// Real ffprobe and the box reader on committed video samples: each rule both ways, labels, and the facts behind them.
import { describe, expect, it } from 'vitest'
import type { TargetName } from '../../platforms/targets.js'
import { preflight } from '../../src/pipeline/preflight.js'
import { testOptions } from '../helpers/options.js'
import { samplePath } from '../helpers/samples.js'

const options = testOptions()

async function check(name: string, target: TargetName) {
  const report = await preflight({ media: [{ path: samplePath(name) }], targets: [target] }, options)
  const result = report.results[0]!
  // One sample is judged as an item; a one-item carousel's size is test/pipeline/carousel.test.ts's concern.
  return {
    media: report.items[0]!.media!,
    result: { ...result, findings: result.findings.filter((f) => f.rule !== 'post.carousel_size') },
  }
}

/** `rule:severity` of every finding, sorted: what a target says about one sample. */
const findings = async (name: string, target: TargetName) =>
  (await check(name, target)).result.findings.map((f) => `${f.rule}:${f.severity}`).sort()

const cases: [string, TargetName, string[]][] = [
  // a conforming clip passes everywhere but a carousel (9:16 is narrower than 4:5)
  ['video-ok-144x256.mp4', 'instagram.reels', []],
  ['video-ok-144x256.mp4', 'instagram.stories', []],
  ['video-ok-144x256.mp4', 'threads', []],
  ['video-ok-144x256.mp4', 'mastodon', []],
  ['video-ok-144x256.mp4', 'instagram.carousel', ['video.aspect_ratio:warning']],
  ['video-no-audio.mp4', 'instagram.reels', []], // a silent video is allowed
  ['video-no-audio.mp4', 'mastodon', []],
  // displayed size: stored 2400x1350 would fail the width and miss 9:16
  ['video-rotated-2400x1350.mp4', 'instagram.reels', []],
  ['video-rotated-2400x1350.mp4', 'threads', []],
  // container and codecs
  ['video-vp9.webm', 'instagram.reels', ['audio.codec:error', 'video.codec:error', 'video.container:error']],
  ['video-vp9.webm', 'threads', ['audio.codec:error', 'video.codec:error', 'video.container:error']],
  ['video-vp9.webm', 'mastodon', ['video.codec:warning']],
  ['video-hevc.mp4', 'instagram.reels', []],
  ['video-hevc.mp4', 'mastodon', ['video.codec:warning']],
  ['video-hevc-hlg.mov', 'instagram.reels', ['video.color:warning', 'video.profile:warning']],
  ['video-hevc-hlg.mov', 'mastodon', ['video.codec:warning']],
  ['video-quicktime.mov', 'instagram.reels', []],
  ['video-quicktime.mov', 'mastodon', ['video.codec:warning']],
  ['audio-only.mp4', 'instagram.reels', ['video.no_video_stream:error']],
  ['audio-only.mp4', 'mastodon', ['video.no_video_stream:error']],
  // audio track
  ['video-mp3-audio.mp4', 'instagram.reels', ['audio.codec:error']],
  ['video-mp3-audio.mp4', 'mastodon', ['video.codec:warning']],
  ['video-audio-96khz.mp4', 'instagram.reels', ['audio.sample_rate:error']],
  ['video-audio-96khz.mp4', 'mastodon', []],
  ['video-audio-5.1.mp4', 'threads', ['audio.channels:error']],
  ['video-audio-5.1.mp4', 'mastodon', []],
  ['video-audio-160kbps.mp4', 'instagram.reels', ['audio.bitrate:warning']],
  // picture format and colour
  ['video-yuv444p.mp4', 'instagram.reels', ['video.chroma_subsampling:error']],
  ['video-yuv444p.mp4', 'mastodon', ['video.codec:warning']],
  ['video-10bit.mp4', 'instagram.reels', ['video.profile:warning']],
  ['video-full-range.mp4', 'instagram.reels', ['video.color:warning']],
  ['video-hdr-pq.mp4', 'threads', ['video.color:warning']],
  ['video-hdr-pq.mp4', 'mastodon', []],
  ['video-interlaced.mp4', 'instagram.reels', ['video.interlaced:error']],
  ['video-interlaced.mp4', 'mastodon', []],
  // frame rate
  ['video-10fps.mp4', 'instagram.reels', ['video.frame_rate:error']],
  ['video-10fps.mp4', 'mastodon', []],
  ['video-144fps.mp4', 'mastodon', ['video.frame_rate:error']],
  ['video-144fps.mp4', 'threads', ['video.frame_rate:error']],
  // size and shape
  ['video-4096x2160.mp4', 'instagram.reels', ['video.aspect_ratio:info', 'video.width_max:error']],
  ['video-4096x2160.mp4', 'mastodon', ['video.pixels:error']],
  ['video-wide-320x160.mp4', 'instagram.carousel', ['video.aspect_ratio:warning']],
  ['video-wide-320x160.mp4', 'threads', []],
  // bitrate: ~53 Mbps in one frame, over Instagram's 25 and under Threads' 100
  [
    'video-over-bitrate.mp4',
    'instagram.reels',
    ['video.aspect_ratio:info', 'video.bitrate:error', 'video.duration_min:error'],
  ],
  ['video-over-bitrate.mp4', 'threads', []],
  // duration
  ['video-short-1s.mp4', 'instagram.reels', ['video.duration_min:error']],
  ['video-short-1s.mp4', 'threads', []],
  ['video-long-61s.mp4', 'instagram.stories', ['video.aspect_ratio:info', 'video.duration_max:error']],
  ['video-long-61s.mp4', 'instagram.carousel', ['video.duration_max:warning']],
  ['video-long-61s.mp4', 'threads', []],
  ['video-long-301s.mp4', 'threads', ['video.duration_max:error']],
  ['video-long-301s.mp4', 'instagram.reels', ['video.aspect_ratio:info']],
  // box layout
  ['video-moov-at-end.mp4', 'instagram.reels', ['video.moov_position:error']],
  ['video-moov-at-end.mp4', 'mastodon', []],
  ['video-edit-list-gap.mp4', 'instagram.reels', ['video.edit_list:error']],
  ['video-edit-list-priming.mp4', 'threads', ['video.edit_list:warning']],
  ['video-edit-list-priming.mp4', 'mastodon', []],
]

describe('video samples', () => {
  it.each(cases)('%s on %s', async (name, target, expected) => {
    expect(await findings(name, target)).toEqual(expected)
  })
})

describe('labels', () => {
  it.each([
    [
      'video-vp9.webm',
      'threads',
      { 'video.container': 'video format', 'video.codec': 'video codec', 'audio.codec': 'video codec' },
    ],
    [
      'video-vp9.webm',
      'instagram.reels',
      { 'video.container': '2207026', 'video.codec': '2207026', 'audio.codec': '2207026' },
    ],
    ['video-long-301s.mp4', 'threads', { 'video.duration_max': 'duration exceed' }],
    ['video-4096x2160.mp4', 'mastodon', { 'video.pixels': '422' }],
    ['video-wide-320x160.mp4', 'instagram.carousel', { 'video.aspect_ratio': '2207009' }],
  ] as const)('%s on %s', async (name, target, expected) => {
    const { result } = await check(name, target)
    expect(Object.fromEntries(result.findings.map((f) => [f.rule, f.platformError]))).toEqual(expected)
  })
})

describe('video facts', () => {
  it('reports a rotated clip by its displayed size, and the stored size beside it', async () => {
    const { media } = await check('video-rotated-2400x1350.mp4', 'threads')
    expect(media).toMatchObject({ width: 1350, height: 2400, codedWidth: 2400, codedHeight: 1350, rotation: 270 })
  })

  it('computes the bitrate of a stream that carries none (WebM) from size, audio and duration', async () => {
    const { media } = await check('video-vp9.webm', 'threads')
    expect(media.video).toMatchObject({ codec: 'vp9', bitrateComputed: true })
    expect(media.audio!.bitrate).toBeNull() // Opus in WebM carries no bitrate either: the whole file counts
    expect(media.video!.bitrate).toBe(Math.round((media.sizeBytes * 8) / media.durationS!))
  })

  it('reads pixel format, depth, range, transfer and field order', async () => {
    expect((await check('video-10bit.mp4', 'threads')).media.video).toMatchObject({
      profile: 'High 10',
      chroma: '4:2:0',
      bitDepth: 10,
    })
    expect((await check('video-yuv444p.mp4', 'threads')).media.video).toMatchObject({ chroma: '4:4:4', bitDepth: 8 })
    expect((await check('video-full-range.mp4', 'threads')).media.video).toMatchObject({ colorRange: 'pc' })
    expect((await check('video-hdr-pq.mp4', 'threads')).media.video).toMatchObject({
      colorTransfer: 'smpte2084',
      colorPrimaries: 'bt2020',
    })
    expect((await check('video-interlaced.mp4', 'threads')).media.video).toMatchObject({
      interlaced: true,
      fieldOrder: 'tt',
    })
  })

  it('reads audio codec, profile, rate and channels', async () => {
    expect((await check('video-audio-5.1.mp4', 'threads')).media.audio).toMatchObject({
      codec: 'aac',
      profile: 'LC',
      sampleRate: 48_000,
      channels: 6,
    })
    expect((await check('video-audio-96khz.mp4', 'threads')).media.audio).toMatchObject({ sampleRate: 96_000 })
    expect((await check('video-no-audio.mp4', 'threads')).media.audio).toBeNull()
  })

  it('reads box order and edit lists with its own reader', async () => {
    expect((await check('video-moov-at-end.mp4', 'threads')).media.moovAtFront).toBe(false)
    expect((await check('video-ok-144x256.mp4', 'threads')).media).toMatchObject({ moovAtFront: true, editLists: [] })
    expect((await check('video-vp9.webm', 'threads')).media).toMatchObject({ moovAtFront: null, editLists: null })
  })
})
