// facebook.reels, facebook.stories and tiktok.video on videos made by ffmpeg: each rule row at and just past its limit.
import { mkdtemp, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { PostFacts } from '../../src/facts.js'
import { ffmpeg, judge, paddedMp4 } from '../helpers/made-media.js'
import { samplePath } from '../helpers/samples.js'

let dir: string
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'preflight-fb-tt-video-'))
})
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

const TARGETS = ['facebook.reels', 'facebook.stories', 'tiktok.video'] as const
const picture = (size = '540x960', rate = '30', d = '3', source = 'color') => [
  '-f',
  'lavfi',
  '-i',
  `${source}=s=${size}:r=${rate}:d=${d}`,
]
const sound = (rate = 48_000) => ['-f', 'lavfi', '-i', `sine=f=440:r=${rate}:d=3`]
const x264 = (pixFmt = 'yuv420p') => ['-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', pixFmt]
const aac = (bitrate = '192k', channels = '2') => ['-c:a', 'aac', '-b:a', bitrate, '-ac', channels, '-shortest']

interface Case {
  file: string
  args: string[]
  /** Findings on Facebook Reels and Stories (the same rows), and on TikTok. */
  facebook: string[]
  tiktok: string[]
}

const c = (file: string, args: string[], facebook: string[], tiktok: string[] = []): Case => ({
  file,
  args,
  facebook,
  tiktok,
})

const cases: Case[] = [
  c('base.mp4', [...picture(), ...sound(), ...x264(), ...aac()], []),
  // container and codec
  c('base.mov', [...picture(), ...x264()], ['video.container:warning']),
  c('h264.mkv', [...picture(), ...x264()], ['video.container:error'], ['video.container:error']),
  c(
    'vp9.webm', // small: libvpx is slow, and only the container and codec matter here
    [...picture('360x640', '30', '3', 'color'), '-c:v', 'libvpx-vp9', '-deadline', 'realtime', '-cpu-used', '8'],
    ['video.container:error', 'video.min_dimensions:error'],
  ),
  c(
    'vp8.webm',
    [
      ...picture('360x640', '30', '3', 'color'),
      '-c:v',
      'libvpx',
      '-b:v',
      '300k',
      '-deadline',
      'realtime',
      '-cpu-used',
      '16',
      '-lag-in-frames',
      '0',
      '-threads',
      '1',
    ],
    ['video.codec:error', 'video.container:error', 'video.min_dimensions:error'],
  ),
  c('mpeg4.mp4', [...picture(), '-c:v', 'mpeg4'], ['video.codec:error'], ['video.codec:error']),
  c(
    'hevc.mp4',
    [...picture(), '-c:v', 'libx265', '-preset', 'ultrafast', '-x265-params', 'log-level=error', '-tag:v', 'hvc1'],
    [],
  ),
  // picture
  c('yuv444p.mp4', [...picture(), ...x264('yuv444p')], ['video.chroma_subsampling:error']),
  c('10bit.mp4', [...picture(), ...x264('yuv420p10le')], ['video.profile:warning']),
  c('full-range.mp4', [...picture(), ...x264(), '-color_range', 'pc'], ['video.color:warning']),
  c('interlaced.mp4', [...picture(), ...x264(), '-flags', '+ilme+ildct', '-top', '1'], ['video.interlaced:error']),
  // frame rate: Facebook 24-60 (23.97 up to 24 a warning), TikTok 23-60
  c('fps-24.mp4', [...picture('540x960', '24'), ...x264()], []),
  c('fps-23.976.mp4', [...picture('540x960', '24000/1001'), ...x264()], ['video.frame_rate:warning']),
  c('fps-23.96.mp4', [...picture('540x960', '2396/100'), ...x264()], ['video.frame_rate:error']),
  c('fps-23.mp4', [...picture('540x960', '23'), ...x264()], ['video.frame_rate:error']),
  c(
    'fps-22.98.mp4',
    [...picture('540x960', '2298/100'), ...x264()],
    ['video.frame_rate:error'],
    ['video.frame_rate:error'],
  ),
  c('fps-60.mp4', [...picture('540x960', '60'), ...x264()], []),
  c('fps-61.mp4', [...picture('540x960', '61'), ...x264()], ['video.frame_rate:error'], ['video.frame_rate:error']),
  c(
    'vfr.mp4',
    [...picture('540x960', '30', '3.5'), '-vf', "select='mod(n\\,10)'", '-fps_mode', 'vfr', ...x264()],
    ['video.frame_rate_mode:warning'],
  ),
  // dimensions: Facebook at least 540x960; TikTok 360-4096 per side; ratio 9:16 (Facebook ±0.01, TikTok 9:16-16:9)
  c('538x960.mp4', [...picture('538x960'), ...x264()], ['video.min_dimensions:error'], ['video.aspect_ratio:warning']),
  c('540x958.mp4', [...picture('540x958'), ...x264()], ['video.min_dimensions:error']),
  c('360x640.mp4', [...picture('360x640'), ...x264()], ['video.min_dimensions:error']),
  c(
    '358x640.mp4',
    [...picture('358x640'), ...x264()],
    ['video.min_dimensions:error'],
    ['video.aspect_ratio:warning', 'video.min_dimensions:error'],
  ),
  c('548x960.mp4', [...picture('548x960'), ...x264()], []),
  c('550x960.mp4', [...picture('550x960'), ...x264()], ['video.aspect_ratio:warning']),
  // The long side at 4,096 px and just past it, in a thin strip (cheap to encode): wider than 16:9 for TikTok.
  c(
    '4096x360.mp4',
    [...picture('4096x360', '24', '3', 'color'), ...x264()],
    ['video.aspect_ratio:warning', 'video.min_dimensions:error'],
    ['video.aspect_ratio:warning'],
  ),
  c(
    '4098x360.mp4',
    [...picture('4098x360', '24', '3', 'color'), ...x264()],
    ['video.aspect_ratio:warning', 'video.min_dimensions:error'],
    ['video.aspect_ratio:warning', 'video.min_dimensions:error'],
  ),
  // duration: at least 3 s (TikTok: a third-party warning)
  c('3s.mp4', [...picture('540x960', '30', '3', 'color'), ...x264()], []),
  c(
    '2.9s.mp4',
    [...picture('540x960', '30', '2.9', 'color'), ...x264()],
    ['video.duration_min:error'],
    ['video.duration_min:warning'],
  ),
  // audio: AAC LC, 48 kHz, stereo, 128 kbps or more
  c(
    'mp3-audio.mp4',
    [...picture(), ...sound(), ...x264(), '-c:a', 'libmp3lame', '-b:a', '192k', '-shortest'],
    ['audio.codec:warning'],
  ),
  c('44.1khz.mp4', [...picture(), ...sound(44_100), ...x264(), ...aac()], ['audio.sample_rate:info']),
  c('5.1.mp4', [...picture(), ...sound(), ...x264(), ...aac('384k', '6')], ['audio.channels:warning']),
  c('mono.mp4', [...picture(), ...sound(), ...x264(), ...aac('192k', '1')], []),
  c('64kbps.mp4', [...picture(), ...sound(), ...x264(), ...aac('64k')], ['audio.bitrate:info']),
]

describe('video rows of facebook.reels, facebook.stories and tiktok.video', () => {
  it.each(cases)('$file', async ({ file, args, facebook, tiktok }) => {
    const path = await ffmpeg(dir, file, args)
    const { rules } = await judge([path], TARGETS)
    expect(rules).toEqual({ 'facebook.reels': facebook, 'facebook.stories': facebook, 'tiktok.video': tiktok })
  })

  it('labels with each platform vocabulary: Facebook null or Graph codes, TikTok fail_reason', async () => {
    const path = await ffmpeg(dir, 'labels.mp4', [...picture('358x640', '2298/100'), '-c:v', 'mpeg4'])
    const { report } = await judge([path], ['facebook.reels', 'tiktok.video'])
    const codes = (target: number) =>
      Object.fromEntries(report.results[target]!.findings.map((f) => [f.rule, f.platformError]))
    expect(codes(0)).toMatchObject({
      'video.codec': null,
      'video.frame_rate': null,
      'video.min_dimensions': null,
    })
    expect(codes(1)).toEqual({
      'video.codec': 'file_format_check_failed',
      'video.frame_rate': 'frame_rate_check_failed',
      'video.min_dimensions': 'picture_size_check_failed',
      'video.aspect_ratio': 'picture_size_check_failed',
    })
    // Facebook's own fix (VF) where the composed command cannot cure the finding.
    const small = report.results[0]!.findings.find((f) => f.rule === 'video.min_dimensions')!
    expect(small.fix).toMatch(/scale=1080:1920.*-flags \+cgop/)
  })

  it('corrupt and unknown bytes: Facebook 6000, TikTok file_format_check_failed', async () => {
    const { report } = await judge([samplePath('not-an-image.jpg')], ['facebook.reels', 'tiktok.video'])
    expect(report.results.map((r) => r.findings.map((f) => [f.rule, f.platformError]))).toEqual([
      [['media.unknown_type', '6000']],
      [['media.unknown_type', 'file_format_check_failed']],
    ])
    const image = await judge([samplePath('feed-ok-1080x1350.jpg')], ['facebook.reels', 'tiktok.video'])
    expect(image.rules).toEqual({ 'facebook.reels': ['media.kind:error'], 'tiktok.video': ['media.kind:error'] })
  })
})

describe('duration limits', () => {
  // Tiny and at 1 fps: only the duration rows are read here.
  const long = (seconds: number) =>
    ffmpeg(dir, `long-${seconds}.mp4`, [...picture('64x64', '1', String(seconds), 'color'), ...x264()])
  const durationRules = async (seconds: number, post: PostFacts = {}) => {
    const { rules } = await judge([await long(seconds)], TARGETS, post)
    return Object.fromEntries(
      Object.entries(rules).map(([t, found]) => [t, found.filter((r) => r.startsWith('video.duration_max'))]),
    )
  }

  it.each([
    [60, [], [], []],
    [61, [], ['video.duration_max:error'], []],
    [90, [], ['video.duration_max:error'], []],
    [91, ['video.duration_max:error'], ['video.duration_max:error'], []],
    [180, ['video.duration_max:error'], ['video.duration_max:error'], []],
    [181, ['video.duration_max:error'], ['video.duration_max:error'], ['video.duration_max:warning']],
    [600, ['video.duration_max:error'], ['video.duration_max:error'], ['video.duration_max:warning']],
    [601, ['video.duration_max:error'], ['video.duration_max:error'], ['video.duration_max:error']],
  ] as const)('%i s: Reels %j, Stories %j, TikTok %j', async (seconds, reels, stories, tiktok) => {
    expect(await durationRules(seconds)).toEqual({
      'facebook.reels': reels,
      'facebook.stories': stories,
      'tiktok.video': tiktok,
    })
  })

  it.each([
    [180, 180, []],
    [181, 180, ['video.duration_max:error']],
    [600, 600, []],
    [601, 600, ['video.duration_max:error']],
  ] as const)("%i s with the creator's maximum %i s: %j", async (seconds, tiktokMaxDurationS, expected) => {
    const { report, rules } = await judge([await long(seconds)], ['tiktok.video'], { tiktokMaxDurationS })
    expect(rules['tiktok.video']!.filter((r) => r.startsWith('video.duration_max'))).toEqual(expected)
    const finding = report.results[0]!.findings.find((f) => f.rule === 'video.duration_max')
    if (finding) expect(finding.platformError).toBe('duration_check_failed')
  })
})

describe('the composed fix trims to the limit the video broke', () => {
  it.each([
    [{}, '-t 179'], // the 180 s every creator has
    [{ tiktokMaxDurationS: 300 }, '-t 299'], // the creator's own maximum
  ] as const)('301 s with %j: %s', async (post, trim) => {
    const { report } = await judge([samplePath('video-long-301s.mp4')], ['tiktok.video'], post)
    const finding = report.results[0]!.findings.find((f) => f.rule === 'video.duration_max')!
    expect(finding.fix).toContain(` ${trim} `)
  })
})

describe('file size limits (sparse padding after a real clip)', () => {
  let clip: string
  beforeAll(async () => {
    clip = await ffmpeg(dir, 'size-base.mp4', [
      ...picture('540x960', '30', '3', 'color'),
      ...x264(),
      '-movflags',
      '+faststart',
    ])
  })
  const sizeRules = async (size: number) => {
    const path = await paddedMp4(clip, join(dir, `size-${size}.mp4`), size)
    expect((await stat(path)).size).toBe(size)
    try {
      const { report, rules } = await judge([path], TARGETS)
      return { report, rules }
    } finally {
      await rm(path)
    }
  }

  it.each([
    [1_000_000_000, [], []],
    [1_000_000_001, ['video.file_size:warning'], []],
    [2_147_483_648, ['video.file_size:warning'], []],
    [2_147_483_649, ['video.file_size:error'], []],
    [4_000_000_000, ['video.file_size:error'], []],
    [4_000_000_001, ['video.file_size:error'], ['video.file_size:warning']],
    [4_294_967_296, ['video.file_size:error'], ['video.file_size:warning']],
    [4_294_967_297, ['video.file_size:error'], ['video.file_size:error']],
  ] as const)('%i B: Facebook %j, TikTok %j', async (size, facebook, tiktok) => {
    const { report, rules } = await sizeRules(size)
    expect(rules).toEqual({ 'facebook.reels': facebook, 'facebook.stories': facebook, 'tiktok.video': tiktok })
    const codes = report.results.map((r) => r.findings.find((f) => f.rule === 'video.file_size')?.platformError)
    expect(codes).toEqual([
      facebook.length ? '1363023' : undefined,
      facebook.length ? '1363023' : undefined,
      tiktok.length ? 'invalid_param' : undefined,
    ])
  })
})
