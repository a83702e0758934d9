// Pure video and audio checks at their edges: one line per case, against the real platform data.
import { describe, expect, it } from 'vitest'
import { targets } from '../../platforms/targets.js'
import type { MediaFacts } from '../../src/facts.js'
import { audioBitrate, audioCodec, channels, sampleRate } from '../../validators/audio/audio.js'
import { aspectRatio } from '../../validators/video/aspect-ratio.js'
import { codec } from '../../validators/video/codec.js'
import { container, moovPosition, noVideoStream } from '../../validators/video/container.js'
import { editList } from '../../validators/video/edit-list.js'
import { chromaSubsampling, color, profile } from '../../validators/video/picture.js'
import { bitrate, fileSize, pixels, widthMax } from '../../validators/video/size.js'
import { durationMax, durationMin, frameRate, interlaced } from '../../validators/video/timing.js'
import { imageMedia, item, videoMedia } from '../helpers/facts.js'

const reels = targets['instagram.reels'].rules
const stories = targets['instagram.stories'].rules
const carousel = targets['instagram.carousel'].rules
const threads = targets.threads.rules
const mastodon = targets.mastodon.rules
const tiers = (findings: { tier?: string }[]) => findings.map((f) => f.tier ?? 'base')
const on = { reels, stories, carousel, threads, mastodon } as const

describe('video.frame_rate', () => {
  it.each([
    [22.98, ['base']],
    [23, []],
    [23.98, []],
    [60, []],
    [60.01, ['base']],
  ])('Reels at %d fps → %j', (fps, expected) => {
    expect(tiers(frameRate(item(videoMedia({}, { fps })), reels['video.frame_rate']))).toEqual(expected)
  })
  it.each([
    [120.99, []], // ⌊fps⌋ = 120
    [121, ['base']],
    [10, []], // Mastodon has no minimum
  ])('Mastodon at %d fps → %j', (fps, expected) => {
    expect(tiers(frameRate(item(videoMedia({}, { fps })), mastodon['video.frame_rate']))).toEqual(expected)
  })
})

describe('video.width_max, video.pixels (displayed size)', () => {
  it.each([
    [1920, []],
    [1921, ['base']],
  ])('Reels %i px wide → %j', (width, expected) => {
    expect(tiers(widthMax(item(videoMedia({ width, height: 1080 })), reels['video.width_max']))).toEqual(expected)
  })
  it('judges a rotated video by its displayed width', () => {
    const rotated = videoMedia({ width: 1080, height: 2400, codedWidth: 2400, codedHeight: 1080, rotation: 90 })
    expect(widthMax(item(rotated), reels['video.width_max'])).toEqual([])
  })
  it.each([
    [3840, 2160, []],
    [3841, 2160, ['base']],
  ])('Mastodon %ix%i → %j', (width, height, expected) => {
    expect(tiers(pixels(item(videoMedia({ width, height })), mastodon['video.pixels']))).toEqual(expected)
  })
})

describe('video.aspect_ratio (exact, sample aspect ratio applied)', () => {
  const ratio = (width: number, height: number, sar = { num: 1, den: 1 }) =>
    videoMedia({ width, height }, { sampleAspect: sar })
  it.each([
    [10, 1000, ['not_recommended']], // 0.01:1
    [9, 1000, ['base']],
    [1000, 100, ['not_recommended']], // 10:1
    [1001, 100, ['base']],
    [1080, 1920, []],
    [1080, 1350, ['not_recommended']],
  ])('Reels %ix%i → %j', (w, h, expected) => {
    expect(tiers(aspectRatio(item(ratio(w, h)), reels['video.aspect_ratio']))).toEqual(expected)
  })
  it.each([
    [100, 1000, ['not_recommended']], // 0.1:1
    [99, 1000, ['base']],
  ])('Stories %ix%i → %j', (w, h, expected) => {
    expect(tiers(aspectRatio(item(ratio(w, h)), stories['video.aspect_ratio']))).toEqual(expected)
  })
  it.each([
    [1080, 1350, []], // 4:5
    [1080, 1351, ['base']],
    [1600, 900, []], // 16:9
    [1601, 900, ['base']],
  ])('carousel %ix%i → %j', (w, h, expected) => {
    expect(tiers(aspectRatio(item(ratio(w, h)), carousel['video.aspect_ratio']))).toEqual(expected)
  })
  it('stretches the width by the sample aspect ratio: 1440x1080 at 4:3 pixels is 16:9, at 2:1 too wide', () => {
    expect(aspectRatio(item(ratio(1440, 1080, { num: 4, den: 3 })), carousel['video.aspect_ratio'])).toEqual([])
    expect(tiers(aspectRatio(item(ratio(1440, 1080, { num: 2, den: 1 })), carousel['video.aspect_ratio']))).toEqual([
      'base',
    ])
  })
  it('warns when a carousel video differs from item 0 by more than 1 %', () => {
    const first = imageMedia({ width: 1080, height: 1080 })
    const facts = (w: number) => ({ index: 1, media: ratio(w, 1000), items: [first, ratio(w, 1000)], post: {} })
    expect(aspectRatio(facts(1010), carousel['video.aspect_ratio'])).toEqual([])
    expect(tiers(aspectRatio(facts(1011), carousel['video.aspect_ratio']))).toEqual(['mismatch'])
  })
})

describe('video.bitrate', () => {
  it.each([
    ['reels', 25_000_000, []],
    ['reels', 25_000_001, ['base']],
    ['threads', 40_000_000, []],
    ['threads', 100_000_001, ['base']],
  ] as const)('%s at %i bit/s → %j', (target, bits, expected) => {
    expect(tiers(bitrate(item(videoMedia({}, { bitrate: bits })), on[target]['video.bitrate']))).toEqual(expected)
  })
})

describe('video.duration_min and video.duration_max', () => {
  it.each([
    [2.99, ['base']],
    [3, []],
  ])('Reels minimum: %d s → %j', (durationS, expected) => {
    expect(tiers(durationMin(item(videoMedia({ durationS })), reels['video.duration_min']))).toEqual(expected)
  })
  it('Threads has no minimum', () => expect(threads).not.toHaveProperty(['video.duration_min']))
  it.each([
    ['reels', 900, []],
    ['reels', 900.01, ['base']],
    ['stories', 60, []],
    ['stories', 60.01, ['base']],
    ['carousel', 60.01, ['base']],
    ['threads', 300, []],
    ['threads', 300.01, ['base']],
  ] as const)('%s maximum: %d s → %j', (target, durationS, expected) => {
    expect(tiers(durationMax(item(videoMedia({ durationS })), on[target]['video.duration_max']))).toEqual(expected)
  })
  it('labels the limits as the platforms answer', () => {
    expect(threads['video.duration_max'].platformError).toBe('duration exceed')
    expect(carousel['video.duration_max'].severity).toBe('warning')
  })
  it.each([
    ['a passthrough MP4 of 36,001 frames', videoMedia({ durationS: 1200.04 }), []],
    ['a re-encoded WebM of 36,000 frames', videoMedia({ container: 'webm', durationS: 1200 }, { codec: 'vp9' }), []],
    [
      'a re-encoded WebM of 36,001 frames',
      videoMedia({ container: 'webm', durationS: 1200.04 }, { codec: 'vp9' }),
      ['base'],
    ],
  ])('Mastodon: %s', (_name, media, expected) => {
    expect(tiers(durationMax(item(media), mastodon['video.duration_max']))).toEqual(expected)
  })
})

describe('video.file_size (error above the binary figure, warning above the decimal one; Mastodon: less_than)', () => {
  it.each([
    ['reels', 300_000_000, []],
    ['reels', 300_000_001, ['near']],
    ['reels', 314_572_801, ['base']],
    ['stories', 104_857_601, ['base']],
    ['threads', 1_073_741_824, ['near']],
    ['threads', 1_073_741_825, ['base']],
    ['mastodon', 103_809_023, []],
    ['mastodon', 103_809_024, ['base']], // exactly the limit is refused
    ['mastodon', 103_809_025, ['base']],
  ] as const)('%s: %i B → %j', (target, sizeBytes, expected) => {
    expect(tiers(fileSize(item(videoMedia({ sizeBytes })), on[target]['video.file_size']))).toEqual(expected)
  })
  it("counts audio attachments against Mastodon's video limit", () => {
    const audio = { ...videoMedia({ kind: 'audio', sizeBytes: 103_809_025 }, {}, {}), video: null }
    expect(tiers(fileSize(item(audio), mastodon['video.file_size']))).toEqual(['base'])
  })
})

describe('container, codecs and pixels', () => {
  it.each([
    ['mp4', []],
    ['mov', []],
    ['webm', ['base']],
    ['mkv', ['base']],
  ])('container %s → %j', (name, expected) => {
    expect(tiers(container(item(videoMedia({ container: name })), reels['video.container']))).toEqual(expected)
  })
  it.each([
    ['h264', []],
    ['hevc', []],
    ['vp9', ['base']],
    ['av1', ['base']],
    ['prores', ['base']],
  ])('codec %s on Reels → %j', (name, expected) => {
    expect(tiers(codec(item(videoMedia({}, { codec: name })), reels['video.codec']))).toEqual(expected)
  })
  it.each([
    ['MP4 H.264 yuv420p AAC', videoMedia(), []],
    ['a silent MP4', videoMedia({}, {}, null), []],
    ['HEVC', videoMedia({}, { codec: 'hevc' }), ['codec hevc']],
    ['MOV', videoMedia({ container: 'mov' }), ['container mov']],
    ['MP3 audio', videoMedia({}, {}, { codec: 'mp3' }), ['audio mp3']],
    ['yuv420p10le', videoMedia({}, { pixFmt: 'yuv420p10le' }), ['pixel format yuv420p10le']],
  ])('Mastodon passthrough: %s → %j', (_name, media, expected) => {
    expect(codec(item(media), mastodon['video.codec']).flatMap((f) => f.args.reencoded)).toEqual(expected)
  })
  it.each([
    ['4:2:0', []],
    ['4:2:2', ['base']],
    ['4:4:4', ['base']],
    ['rgb', ['base']],
    ['mono', ['base']],
  ])('chroma %s → %j', (chroma, expected) => {
    expect(tiers(chromaSubsampling(item(videoMedia({}, { chroma })), reels['video.chroma_subsampling']))).toEqual(
      expected,
    )
  })
  it.each([
    [8, []],
    [10, ['base']],
  ])('4:2:0 at %i bit → %j', (bitDepth, expected) => {
    expect(tiers(profile(item(videoMedia({}, { bitDepth })), reels['video.profile']))).toEqual(expected)
  })
  it.each([
    [{}, []],
    [{ colorTransfer: 'smpte2084' }, ['hdr']],
    [{ colorTransfer: 'arib-std-b67', colorPrimaries: 'bt2020' }, ['hdr', 'wide_gamut']],
    [{ colorRange: 'pc' }, ['full_range']],
  ])('colour %j → %j', (video, expected) => {
    expect(color(item(videoMedia({}, video)), reels['video.color']).flatMap((f) => f.args.issues)).toEqual(expected)
  })
  it('flags interlaced video, not progressive', () => {
    expect(
      interlaced(item(videoMedia({}, { interlaced: true, fieldOrder: 'bb' })), reels['video.interlaced']),
    ).toHaveLength(1)
    expect(interlaced(item(videoMedia()), reels['video.interlaced'])).toEqual([])
  })
  it('flags a video type without a picture track', () => {
    expect(noVideoStream(item(videoMedia({ video: null })), reels['video.no_video_stream'])).toHaveLength(1)
    expect(noVideoStream(item(videoMedia()), reels['video.no_video_stream'])).toEqual([])
  })
})

describe('box layout', () => {
  const lists = (editLists: MediaFacts['editLists']) => item(videoMedia({ editLists }))
  const list = (entries: number, firstMediaTime: number, emptyEdits = 0) => ({
    track: 1,
    handler: 'soun',
    timescale: 48_000,
    entries,
    emptyEdits,
    firstMediaTime,
  })
  it.each([
    ['none', [], []],
    ['one identity entry (starts at 0)', [list(1, 0)], []],
    ['one priming entry', [list(1, 1024)], ['single']],
    ['one entry starting 0.5 s in', [list(1, 24_000)], ['single']],
    ['one entry starting 0.51 s in', [list(1, 24_480)], ['base']],
    ['two entries', [list(2, 0)], ['base']],
    ['an empty edit', [list(2, 0, 1)], ['base']],
  ])('edit list: %s → %j', (_name, editLists, expected) => {
    expect(tiers(editList(lists(editLists), reels['video.edit_list']))).toEqual(expected)
  })
  it('flags moov after mdat, not before or unknown', () => {
    expect(moovPosition(item(videoMedia({ moovAtFront: false })), reels['video.moov_position'])).toHaveLength(1)
    expect(moovPosition(item(videoMedia({ moovAtFront: true })), reels['video.moov_position'])).toEqual([])
    expect(moovPosition(item(videoMedia({ moovAtFront: null })), reels['video.moov_position'])).toEqual([])
  })
})

describe('audio', () => {
  const withAudio = (audio: Parameters<typeof videoMedia>[2]) => item(videoMedia({}, {}, audio))
  it.each([
    [{ codec: 'aac', profile: 'LC' }, []],
    [{ codec: 'aac', profile: 'HE-AACv2' }, []],
    [{ codec: 'aac', profile: 'LTP' }, ['base']],
    [{ codec: 'mp3', profile: null }, ['base']],
    [{ codec: 'opus', profile: null }, ['base']],
  ])('codec %j → %j', (audio, expected) => {
    expect(tiers(audioCodec(withAudio(audio), reels['audio.codec']))).toEqual(expected)
  })
  it('passes a silent video on every audio rule', () => {
    const silent = withAudio(null)
    expect([
      ...audioCodec(silent, reels['audio.codec']),
      ...sampleRate(silent, reels['audio.sample_rate']),
      ...channels(silent, reels['audio.channels']),
      ...audioBitrate(silent, reels['audio.bitrate']),
    ]).toEqual([])
  })
  it('notes audio-only attachments on Mastodon, not audio inside a video', () => {
    const audioOnly = { ...videoMedia({ kind: 'audio', mime: 'audio/mpeg' }, {}, { codec: 'mp3' }), video: null }
    expect(tiers(audioCodec(item(audioOnly), mastodon['audio.codec']))).toEqual(['base'])
    expect(audioCodec(withAudio({ codec: 'mp3' }), mastodon['audio.codec'])).toEqual([])
  })
  it.each([
    [48_000, []],
    [48_001, ['base']],
    [96_000, ['base']],
  ])('sample rate %i Hz → %j', (rate, expected) => {
    expect(tiers(sampleRate(withAudio({ sampleRate: rate }), reels['audio.sample_rate']))).toEqual(expected)
  })
  it.each([
    [1, []],
    [2, []],
    [3, ['base']],
    [6, ['base']],
  ])('%i channels → %j', (count, expected) => {
    expect(tiers(channels(withAudio({ channels: count }), reels['audio.channels']))).toEqual(expected)
  })
  it.each([
    [128_000, []],
    [128_001, ['base']],
  ])('audio at %i bit/s → %j', (bits, expected) => {
    expect(tiers(audioBitrate(withAudio({ bitrate: bits }), reels['audio.bitrate']))).toEqual(expected)
  })
})
