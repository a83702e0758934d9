// Real files at and just past every byte-level limit of x, bluesky, youtube.video, youtube.shorts and pinterest
// (PLATFORM-RULES-MORE.md §5, §9-§11): made here by ffmpeg and sharp, or committed samples, probed by preflight().
import { copyFile, mkdtemp, rm, truncate, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { TargetName } from '../../platforms/targets.js'
import type { PostFacts } from '../../src/facts.js'
import { preflight } from '../../src/pipeline/preflight.js'
import { paddedJpeg } from '../helpers/big-jpeg.js'
import { testOptions } from '../helpers/options.js'
import { samplePath } from '../helpers/samples.js'
import { canvasGif, colour, ffmpegMany, growMp4, H264, padGif, type Clip } from '../helpers/sized-media.js'

const options = testOptions()
let dir: string

/** Files made by sharp or by writing bytes; each is made once, however many rows use it. */
type Make = (path: string) => Promise<unknown>
const still =
  (w: number, h: number, format: 'jpeg' | 'png' = 'jpeg'): Make =>
  (path) =>
    sharp({ create: { width: w, height: h, channels: 3, background: '#2a7' } })
      .toFormat(format)
      .toFile(path)
const jpegOf =
  (bytes: number): Make =>
  (path) =>
    writeFile(path, paddedJpeg(bytes))
const gifOf =
  (bytes: number): Make =>
  (path) =>
    padGif(samplePath('animated-320x400.gif'), path, bytes)
const animatedGif =
  (width: number, height: number, frames: number): Make =>
  (path) =>
    writeFile(path, canvasGif(width, height, frames))

/** Clips made by ffmpeg, all in one run (starting ffmpeg costs more than encoding a tiny clip). */
const clip = (size: string, rate: string, seconds: number, args: string[] = [], format = 'mp4'): Clip => ({
  inputs: [colour(size, rate, seconds)],
  args: [...H264, ...args, '-f', format],
})
/** One frame shown for `seconds`: a clip of an exact length in a few hundred bytes. */
const long = (seconds: number): Clip => clip('32x32', `1/${seconds}`, seconds)
const withAudio = (layout: string): Clip => ({
  inputs: [colour('32x32', '30', 1), ['-f', 'lavfi', '-i', `sine=d=1,aformat=channel_layouts=${layout}`]],
  args: [...H264, '-c:a', 'aac', '-f', 'mp4'],
})
const coded = (codec: string[], format: string): Clip => ({
  inputs: [colour('32x32', '30', 1)],
  args: [...codec, '-pix_fmt', 'yuv420p', '-f', format],
})

const clips: Record<string, Clip> = {
  'ok.mp4': clip('32x32', '30', 1),
  'ok.mov': clip('32x32', '30', 1, [], 'mov'),
  'h264.mkv': clip('32x32', '30', 1, [], 'matroska'),
  'vp9.mp4': coded(['-c:v', 'libvpx-vp9', '-b:v', '100k'], 'mp4'),
  'vp8.webm': coded(['-c:v', 'libvpx', '-b:v', '100k'], 'webm'),
  'mpeg2.mpg': coded(['-c:v', 'mpeg2video'], 'mpeg'),
  'theora.ogv': coded(['-c:v', 'libtheora'], 'ogg'),
  '60fps.mp4': clip('32x32', '60', 0.5),
  '61fps.mp4': clip('32x32', '61', 0.5),
  '1920x1200.mp4': clip('1920x1200', '1', 1),
  '1922x1200.mp4': clip('1922x1200', '1', 1),
  '1200x1920.mp4': clip('1200x1920', '1', 1),
  '1200x1922.mp4': clip('1200x1922', '1', 1),
  '1280x1024.mp4': clip('1280x1024', '1', 1),
  '1282x1024.mp4': clip('1282x1024', '1', 1),
  '1024x1280.mp4': clip('1024x1280', '1', 1),
  '30x32.mp4': clip('30x32', '30', 1),
  '32x96.mp4': clip('32x96', '30', 1),
  '32x98.mp4': clip('32x98', '30', 1),
  '96x32.mp4': clip('96x32', '30', 1),
  '98x32.mp4': clip('98x32', '30', 1),
  '34x32.mp4': clip('34x32', '30', 1),
  '32x64.mp4': clip('32x64', '30', 1),
  '32x66.mp4': clip('32x66', '30', 1),
  '382x200.mp4': clip('382x200', '30', 1),
  '384x200.mp4': clip('384x200', '30', 1),
  'sar-2.mp4': clip('32x32', '30', 1, ['-vf', 'setsar=2/1']),
  'stereo.mp4': withAudio('stereo'),
  '3ch.mp4': withAudio('3.0'),
  '15-frames.mp4': clip('32x32', '30', 0.5), // 0.5 s
  '14-frames.mp4': clip('32x32', '30', 14 / 30),
  '29-frames.mp4': clip('32x32', '30', 29 / 30),
  '120-frames.mp4': clip('32x32', '30', 4),
  '119-frames.mp4': clip('32x32', '30', 119 / 30),
  ...Object.fromEntries(
    [140, 141, 180, 181, 600, 601, 900, 901, 1200, 1201, 7500, 7501, 43_200, 43_201].map((s) => [`${s}s.mp4`, long(s)]),
  ),
}

// Sized videos: copies of ok.mp4 grown sparsely to their size; cut.mp4: its first 600 bytes, the index cut off.
const SIZES = [
  536_870_912, 536_870_913, 8_589_934_592, 8_589_934_593, 17_179_869_184, 17_179_869_185, 100_000_000, 100_000_001,
  300_000_000, 300_000_001, 2_000_000_000, 2_000_000_001, 2_147_483_648, 2_147_483_649, 256_000_000_000,
  256_000_000_001, 274_877_906_944, 274_877_906_945,
]
const fromClip: Record<string, Make> = {
  ...Object.fromEntries(
    SIZES.map((n) => [`${n}B.mp4`, async (path: string) => growMp4(await copied(path), n)] as const),
  ),
  'cut.mp4': async (path) => truncate(await copied(path), 600),
}
const copied = async (path: string) => (await copyFile(join(dir, 'ok.mp4'), path), path)

const made: Record<string, Make> = {
  'gray.jpg': still(1080, 1350),
  'ok.png': still(320, 400, 'png'),
  'x-5000000.jpg': jpegOf(5_000_000),
  'x-5000001.jpg': jpegOf(5_000_001),
  'x-5242880.jpg': jpegOf(5_242_880),
  'x-5242881.jpg': jpegOf(5_242_881),
  'x-15000000.gif': gifOf(15_000_000),
  'x-15000001.gif': gifOf(15_000_001),
  'x-15728640.gif': gifOf(15_728_640),
  'x-15728641.gif': gifOf(15_728_641),
  'gif-1280x1080.gif': animatedGif(1280, 1080, 2),
  'gif-1282x1080.gif': animatedGif(1282, 1080, 2),
  'gif-1280x1082.gif': animatedGif(1280, 1082, 2),
  'gif-350f.gif': animatedGif(16, 16, 350),
  'gif-351f.gif': animatedGif(16, 16, 351),
  'gif-1280x1080x217f.gif': animatedGif(1280, 1080, 217), // 299,980,800 px in all
  'gif-1280x1080x218f.gif': animatedGif(1280, 1080, 218), // 301,363,200 px in all
  'bs-1000000.jpg': jpegOf(1_000_000),
  'bs-1000001.jpg': jpegOf(1_000_001),
  'bs-2000000.jpg': jpegOf(2_000_000),
  'bs-2000001.jpg': jpegOf(2_000_001),
  '4001x10.png': still(4001, 10, 'png'),
  '10x4001.png': still(10, 4001, 'png'),
  'pn-20000000.jpg': jpegOf(20_000_000),
  'pn-20000001.jpg': jpegOf(20_000_001),
  'pn-33554432.jpg': jpegOf(33_554_432),
  'pn-33554433.jpg': jpegOf(33_554_433),
  '200x300.jpg': still(200, 300),
  '200x301.jpg': still(200, 301),
  '300x300.jpg': still(300, 300),
  '100x100.jpg': still(100, 100),
  '99x100.jpg': still(99, 100),
  '100x99.jpg': still(100, 99),
}

const ours = new Set([...Object.keys(clips), ...Object.keys(fromClip), ...Object.keys(made)])

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'preflight-more-targets-'))
  const encoded = ffmpegMany(Object.entries(clips).map(([name, job]) => ({ ...job, out: join(dir, name) })))
  for (const [name, make] of Object.entries(made)) await make(join(dir, name)) // one at a time: a few are 15-34 MB
  await encoded
  await Promise.all(Object.entries(fromClip).map(([name, make]) => make(join(dir, name))))
}, 120_000)

afterAll(() => rm(dir, { recursive: true, force: true }))

const path = (name: string) => (ours.has(name) ? join(dir, name) : samplePath(name))

/** The `severity:platformError` of one rule's findings for a post of these files on one target. */
async function verdict(files: string[], target: TargetName, rule: string, post: PostFacts = {}): Promise<string[]> {
  const report = await preflight(
    // Quick depth reads what the size and shape rules need; a corrupt file is found by decoding it.
    {
      media: files.map((f) => ({ path: path(f) })),
      targets: [target],
      post,
      depth: rule === 'media.corrupt' ? 'full' : 'quick',
    },
    options,
  )
  return report.results[0]!.findings.filter((f) => f.rule === rule).map((f) => `${f.severity}:${f.platformError}`)
}

type Row = [file: string | string[], rule: string, expected: string[], post?: PostFacts]

const ERROR_400 = ['error:400']
const IDS = '400 Your media IDs are invalid.'

function rows(target: TargetName, table: Row[]) {
  describe(target, () => {
    it.each(table)('%s: %s → %j', async (file, rule, expected, post) => {
      expect(await verdict(Array.isArray(file) ? file : [file], target, rule, post)).toEqual(expected)
    })
  })
}

rows('x', [
  ['not-an-image.jpg', 'media.unknown_type', ['error:InvalidMedia']],
  ['truncated-1080x1350.jpg', 'media.corrupt', ['error:InvalidMedia']],
  ['tone.mp3', 'media.kind', ['error:InvalidMedia']],
  ['gray.jpg', 'image.format', []],
  ['ok.png', 'image.format', []],
  ['still-800x1000.webp', 'image.format', []],
  ['animated-320x400.gif', 'image.format', []],
  ['photo-800x1000.avif', 'image.format', ERROR_400],
  ['photo-800x1000.tiff', 'image.format', ERROR_400],
  ['photo-400x500.heic', 'image.format', ERROR_400],
  ['x-5000000.jpg', 'image.file_size', []],
  ['x-5000001.jpg', 'image.file_size', ['warning:400']],
  ['x-5242880.jpg', 'image.file_size', ['warning:400']],
  ['x-5242881.jpg', 'image.file_size', ERROR_400],
  ['x-15000000.gif', 'image.file_size', []],
  ['x-15000001.gif', 'image.file_size', ['warning:400']],
  ['x-15728640.gif', 'image.file_size', ['warning:400']],
  ['x-15728641.gif', 'image.file_size', ERROR_400],
  ['gif-1280x1080.gif', 'image.pixels', []],
  ['gif-1282x1080.gif', 'image.pixels', ['warning:InvalidMedia']],
  ['gif-1280x1082.gif', 'image.pixels', ['warning:InvalidMedia']],
  ['gif-350f.gif', 'image.pixels', []],
  ['gif-351f.gif', 'image.pixels', ['warning:InvalidMedia']],
  ['gif-1280x1080x217f.gif', 'image.pixels', []],
  ['gif-1280x1080x218f.gif', 'image.pixels', ['warning:InvalidMedia']],
  ['ok.mp4', 'video.container', []],
  ['ok.mov', 'video.container', []],
  ['h264.mkv', 'video.container', ['error:InvalidMedia']],
  ['ok.mp4', 'video.codec', []],
  ['video-hevc.mp4', 'video.codec', ['warning:InvalidMedia']],
  ['vp9.mp4', 'video.codec', ['error:InvalidMedia']],
  ['audio-only.mp4', 'video.no_video_stream', ['error:InvalidMedia']],
  ['60fps.mp4', 'video.frame_rate', []],
  ['61fps.mp4', 'video.frame_rate', [`error:${IDS}`]],
  ['1920x1200.mp4', 'video.pixels', [`warning:${IDS}`]],
  ['1922x1200.mp4', 'video.pixels', [`error:${IDS}`]],
  ['1200x1920.mp4', 'video.pixels', [`warning:${IDS}`]],
  ['1200x1922.mp4', 'video.pixels', [`error:${IDS}`]],
  ['1280x1024.mp4', 'video.pixels', []],
  ['1024x1280.mp4', 'video.pixels', []],
  ['1282x1024.mp4', 'video.pixels', [`warning:${IDS}`]],
  ['ok.mp4', 'video.pixels', []], // 32x32
  ['30x32.mp4', 'video.pixels', [`error:${IDS}`]],
  ['32x96.mp4', 'video.aspect_ratio', []],
  ['32x98.mp4', 'video.aspect_ratio', ['error:InvalidMedia']],
  ['96x32.mp4', 'video.aspect_ratio', []],
  ['98x32.mp4', 'video.aspect_ratio', ['error:InvalidMedia']],
  ['ok.mp4', 'video.sample_aspect_ratio', []],
  ['sar-2.mp4', 'video.sample_aspect_ratio', ['error:InvalidMedia']],
  ['ok.mp4', 'video.chroma_subsampling', []],
  ['video-yuv444p.mp4', 'video.chroma_subsampling', ['error:InvalidMedia']],
  ['ok.mp4', 'video.profile', []],
  ['video-10bit.mp4', 'video.profile', ['warning:InvalidMedia']],
  ['ok.mp4', 'video.interlaced', []],
  ['video-interlaced.mp4', 'video.interlaced', ['error:InvalidMedia']],
  ['stereo.mp4', 'audio.codec', []],
  ['video-mp3-audio.mp4', 'audio.codec', ['error:InvalidMedia']],
  ['stereo.mp4', 'audio.channels', []],
  ['3ch.mp4', 'audio.channels', ['error:InvalidMedia']],
  ['15-frames.mp4', 'video.duration_min', []],
  ['14-frames.mp4', 'video.duration_min', ['error:InvalidMedia']],
  ['140s.mp4', 'video.duration_max', []],
  ['141s.mp4', 'video.duration_max', ['warning:403 This user is not allowed to post a video longer than N minutes']],
  ['1200s.mp4', 'video.duration_max', ['warning:403 This user is not allowed to post a video longer than N minutes']],
  ['1201s.mp4', 'video.duration_max', ['error:403 This user is not allowed to post a video longer than N minutes']],
  ['1201s.mp4', 'video.duration_max', [], { xPremium: true }],
  ['7500s.mp4', 'video.duration_max', [], { xPremium: true }],
  [
    '7501s.mp4',
    'video.duration_max',
    ['error:403 This user is not allowed to post a video longer than N minutes'],
    { xPremium: true },
  ],
  ['536870912B.mp4', 'video.file_size', []],
  ['536870913B.mp4', 'video.file_size', ['warning:400']],
  ['8589934592B.mp4', 'video.file_size', ['warning:400']],
  ['8589934593B.mp4', 'video.file_size', ERROR_400],
  ['8589934593B.mp4', 'video.file_size', ['warning:400'], { xPremium: true }],
  ['17179869184B.mp4', 'video.file_size', ['warning:400'], { xPremium: true }],
  ['17179869185B.mp4', 'video.file_size', ERROR_400, { xPremium: true }],
  // Several media in one post: up to 4 images, or 1 GIF, or 1 video.
  [['gray.jpg', 'gray.jpg', 'gray.jpg', 'gray.jpg'], 'post.carousel_size', []],
  [['gray.jpg', 'gray.jpg', 'gray.jpg', 'gray.jpg', 'gray.jpg'], 'post.carousel_size', ERROR_400],
  [['animated-320x400.gif'], 'post.media_mix', []],
  [['gray.jpg', 'animated-320x400.gif'], 'post.media_mix', ERROR_400],
  [['gray.jpg', 'ok.mp4'], 'post.media_mix', ERROR_400],
  [['ok.mp4', 'ok.mp4'], 'post.media_mix', ERROR_400],
])

rows('bluesky', [
  ['tone.mp3', 'media.kind', ['error:InvalidRecord']],
  ['not-an-image.jpg', 'media.unknown_type', ['error:InvalidRecord']],
  ['bs-1000000.jpg', 'image.file_size', []],
  ['bs-1000001.jpg', 'image.file_size', ['warning:BlobTooLarge']],
  ['bs-2000000.jpg', 'image.file_size', ['warning:BlobTooLarge']],
  ['bs-2000001.jpg', 'image.file_size', ['error:InvalidRecord']],
  ['gray.jpg', 'image.format', []],
  ['photo-800x1000.avif', 'image.format', ['warning:null']],
  ['gray.jpg', 'image.animated', []],
  ['animated-320x400.gif', 'image.animated', ['warning:null']],
  ['big-4000x3000.png', 'image.max_width', []],
  ['4001x10.png', 'image.max_width', ['info:null']],
  ['10x4001.png', 'image.max_width', ['info:null']],
  ['100000000B.mp4', 'video.file_size', []],
  ['100000001B.mp4', 'video.file_size', ['warning:pds_upload_unsupported_blob_size']],
  ['300000000B.mp4', 'video.file_size', ['warning:pds_upload_unsupported_blob_size']],
  ['300000001B.mp4', 'video.file_size', ['error:InvalidRecord']],
  ['ok.mp4', 'video.container', []],
  ['ok.mov', 'video.container', []],
  ['vp8.webm', 'video.container', []],
  ['mpeg2.mpg', 'video.container', []],
  ['h264.mkv', 'video.container', ['error:validation_failure']],
  ['180s.mp4', 'video.duration_max', []],
  ['181s.mp4', 'video.duration_max', ['warning:validation_failure']],
  ['600s.mp4', 'video.duration_max', ['warning:validation_failure']],
  ['601s.mp4', 'video.duration_max', ['error:validation_failure']],
  ['ok.mp4', 'video.duration_min', []], // 30 frames, 1 s,
  ['29-frames.mp4', 'video.duration_min', ['warning:validation_failure']],
  ['32x96.mp4', 'video.aspect_ratio', []],
  ['32x98.mp4', 'video.aspect_ratio', ['warning:validation_failure']],
  // One embed per post: up to 4 images, or 1 video.
  [['gray.jpg', 'gray.jpg', 'gray.jpg', 'gray.jpg'], 'post.carousel_size', []],
  [['gray.jpg', 'gray.jpg', 'gray.jpg', 'gray.jpg', 'gray.jpg'], 'post.carousel_size', ['error:InvalidRecord']],
  [['ok.mp4'], 'post.media_mix', []],
  [['gray.jpg', 'ok.mp4'], 'post.media_mix', ['error:InvalidRecord']],
  [['ok.mp4', 'ok.mp4'], 'post.media_mix', ['error:InvalidRecord']],
])

for (const target of ['youtube.video', 'youtube.shorts'] as const) {
  rows(target, [
    ['gray.jpg', 'media.kind', ['error:failureReason:invalidFile']],
    ['cut.mp4', 'media.corrupt', ['error:failureReason:conversion']],
    ['h264.mkv', 'video.container', []],
    ['theora.ogv', 'video.container', ['warning:failureReason:invalidFile']],
    ['ok.mp4', 'video.codec', []],
    ['vp8.webm', 'video.codec', ['warning:failureReason:codec']],
    ['256000000000B.mp4', 'video.file_size', []],
    ['256000000001B.mp4', 'video.file_size', ['warning:null']],
    ['274877906944B.mp4', 'video.file_size', ['warning:null']],
    ['274877906945B.mp4', 'video.file_size', ['error:null']],
    [
      '43200s.mp4',
      'video.duration_max',
      target === 'youtube.video' ? ['warning:rejectionReason:length'] : ['warning:null'],
    ],
    ['43201s.mp4', 'video.duration_max', ['error:rejectionReason:length']],
  ])
}

rows('youtube.video', [
  ['900s.mp4', 'video.duration_max', []],
  ['901s.mp4', 'video.duration_max', ['warning:rejectionReason:length']],
  ['34x32.mp4', 'video.aspect_ratio', []], // any shape is a regular video
])

rows('youtube.shorts', [
  ['180s.mp4', 'video.duration_max', []],
  ['181s.mp4', 'video.duration_max', ['warning:null']], // square, so only its length decides,
  ['ok.mp4', 'video.aspect_ratio', []], // square
  ['32x64.mp4', 'video.aspect_ratio', []], // vertical
  ['34x32.mp4', 'video.aspect_ratio', ['warning:null']],
])

rows('pinterest', [
  ['tone.mp3', 'media.kind', ERROR_400],
  ['gray.jpg', 'image.format', []],
  ['ok.png', 'image.format', []],
  ['still-800x1000.webp', 'image.format', ['warning:null']],
  ['animated-320x400.gif', 'image.format', ['warning:null']],
  ['photo-800x1000.tiff', 'image.format', ['warning:null']],
  ['photo-800x1000.avif', 'image.format', ERROR_400],
  ['photo-400x500.heic', 'image.format', ERROR_400],
  ['pn-20000000.jpg', 'image.file_size', []],
  ['pn-20000001.jpg', 'image.file_size', ['warning:400']],
  ['pn-33554432.jpg', 'image.file_size', ['warning:400']],
  ['pn-33554433.jpg', 'image.file_size', ERROR_400],
  ['200x300.jpg', 'image.aspect_ratio', []],
  ['200x301.jpg', 'image.aspect_ratio', ['info:null']],
  [['200x300.jpg', '200x300.jpg'], 'image.aspect_ratio', []],
  [['200x300.jpg', '300x300.jpg'], 'image.aspect_ratio', ['warning:null']],
  ['100x100.jpg', 'image.min_width', []],
  ['99x100.jpg', 'image.min_width', ['warning:400']],
  ['100x99.jpg', 'image.min_width', ['warning:400']],
  ['ok.mp4', 'video.container', []],
  ['ok.mov', 'video.container', []],
  ['vp8.webm', 'video.container', ['error:failed']],
  ['video-hevc.mp4', 'video.codec', []],
  ['vp9.mp4', 'video.codec', ['error:failed']],
  ['2000000000B.mp4', 'video.file_size', []],
  ['2000000001B.mp4', 'video.file_size', ['warning:failed']],
  ['2147483648B.mp4', 'video.file_size', ['warning:failed']],
  ['2147483649B.mp4', 'video.file_size', ['error:failed']],
  ['120-frames.mp4', 'video.duration_min', []],
  ['119-frames.mp4', 'video.duration_min', ['error:failed']],
  ['900s.mp4', 'video.duration_max', []],
  ['901s.mp4', 'video.duration_max', ['error:failed']],
  ['32x64.mp4', 'video.aspect_ratio', []],
  ['32x66.mp4', 'video.aspect_ratio', ['error:failed']],
  ['382x200.mp4', 'video.aspect_ratio', []],
  ['384x200.mp4', 'video.aspect_ratio', ['error:failed']],
  // A Pin: 1 image, 1 video, or 2-5 images.
  [['gray.jpg'], 'post.carousel_size', []],
  [['gray.jpg', 'gray.jpg', 'gray.jpg', 'gray.jpg', 'gray.jpg'], 'post.carousel_size', []],
  [['gray.jpg', 'gray.jpg', 'gray.jpg', 'gray.jpg', 'gray.jpg', 'gray.jpg'], 'post.carousel_size', ERROR_400],
  [['ok.mp4'], 'post.media_mix', []],
  [['gray.jpg', 'ok.mp4'], 'post.media_mix', ERROR_400],
])
