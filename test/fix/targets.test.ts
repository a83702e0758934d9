// Fixing for the newer targets' limit shapes: the width judged on the long or short side, exact byte limits,
// X's orientation-free box, and the account's own duration maxima (xPremium, tiktokMaxDurationS). Each file is
// made by the test, fails before, and the output passes a fresh preflight.
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { TargetName } from '../../platforms/targets.js'
import type { PostFacts } from '../../src/facts.js'
import { preflight } from '../../src/pipeline/preflight.js'
import { fixJob, fixOptions, problems } from '../helpers/fix.js'
import { ffmpeg } from '../helpers/made-media.js'
import { samplePath } from '../helpers/samples.js'
import { canvasGif } from '../helpers/sized-media.js'

const options = fixOptions()
let dir = ''

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'preflight-fix-targets-'))
})
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

/** A noisy JPEG (hard to compress) of `width`×`height` at `quality`. */
async function noisyJpeg(name: string, width: number, height: number, quality: number): Promise<string> {
  const path = join(dir, name)
  await sharp({
    create: { width, height, channels: 3, background: '#808080', noise: { type: 'gaussian', mean: 128, sigma: 60 } },
  })
    .jpeg({ quality })
    .toFile(path)
  return path
}

/** A plain H.264 clip with no sound. */
const clip = (name: string, size: string, fps: number, seconds: number) =>
  ffmpeg(dir, name, [
    '-f',
    'lavfi',
    '-i',
    `testsrc2=size=${size}:rate=${fps}:duration=${seconds}`,
    '-c:v',
    'libx264',
    '-preset',
    'ultrafast',
    '-pix_fmt',
    'yuv420p',
  ])

/** Fixes `path` for `targets`; checks `fails` before, nothing after, and a fresh preflight of each output. */
async function cured(
  path: string,
  targets: TargetName[],
  fails: string,
  how: { allowTrim?: boolean; post?: PostFacts } = {},
) {
  const request = how.post ? { post: how.post } : {}
  await using run = await fixJob([{ path }], targets, { options, allowTrim: how.allowTrim ?? false, request })
  const { before, after, outputs, remaining } = run.result
  expect(targets.flatMap((t) => problems(before, t))).toContain(fails)
  for (const t of targets) expect(problems(after, t)).toEqual([])
  expect(remaining).toEqual([])
  const facts = []
  for (const output of outputs) {
    const file = join(run.workDir, output.file)
    const fresh = await preflight({ media: [{ path: file }], targets: output.targets, ...request }, options)
    for (const t of output.targets) expect(problems(fresh, t)).toEqual([])
    facts.push({ ...fresh.items[0]!.media!, bytes: (await stat(file)).size })
  }
  return facts
}

describe('fixing by the newer limit shapes', () => {
  it('brings a JPEG too large on the long and short side inside TikTok photo and Facebook Stories', async () => {
    const path = await noisyJpeg('wide.jpg', 2400, 1350, 60)
    const [one] = await cured(path, ['tiktok.photo'], 'image.max_width:error')
    expect(Math.max(one!.width!, one!.height!)).toBeLessThanOrEqual(1920)
    expect(Math.min(one!.width!, one!.height!)).toBeLessThanOrEqual(1080)
    const [two] = await cured(path, ['facebook.stories'], 'image.max_width:warning')
    expect(Math.max(two!.width!, two!.height!)).toBeLessThanOrEqual(2048)
  })

  it('brings an image over Bluesky’s 2,000,000 B under its limits', async () => {
    const path = await noisyJpeg('heavy.jpg', 1400, 1400, 100)
    expect((await stat(path)).size).toBeGreaterThan(2_000_000)
    const [one] = await cured(path, ['bluesky'], 'image.file_size:error')
    expect(one!.bytes).toBeLessThanOrEqual(1_000_000)
  })

  it('fits a landscape 1920×1080 video into X’s 1280×1024 box either way round', async () => {
    const path = await clip('wide.mp4', '1920x1080', 10, 1)
    const [one] = await cured(path, ['x'], 'video.pixels:warning')
    expect([one!.width, one!.height]).toEqual([1280, 720])
  })

  it('trims a long video for X to 140 s, or to Premium’s 125 min with xPremium', async () => {
    const path = await clip('long.mp4', '64x64', 1, 7_510)
    const [plain] = await cured(path, ['x'], 'video.duration_max:error', { allowTrim: true })
    expect(plain!.durationS).toBeLessThanOrEqual(140)
    expect(plain!.durationS).toBeGreaterThan(130)
    const [premium] = await cured(path, ['x'], 'video.duration_max:error', {
      allowTrim: true,
      post: { xPremium: true },
    })
    expect(premium!.durationS).toBeLessThanOrEqual(7_500)
    expect(premium!.durationS).toBeGreaterThan(7_400)
  })

  it('trims a video for TikTok to the creator’s own maximum', async () => {
    const path = await clip('tiktok.mp4', '360x360', 24, 70)
    const [one] = await cured(path, ['tiktok.video'], 'video.duration_max:error', {
      allowTrim: true,
      post: { tiktokMaxDurationS: 60 },
    })
    expect(one!.durationS).toBeLessThanOrEqual(60)
    expect(one!.durationS).toBeGreaterThan(50)
  })

  it('makes a variable frame rate constant for Facebook Reels', async () => {
    // One second at 30 fps, then 25 fps: the base rate (30) and the average apart by more than 1 %.
    const path = await ffmpeg(dir, 'vfr.mp4', [
      '-f',
      'lavfi',
      '-i',
      'testsrc2=size=540x960:rate=30:duration=4',
      '-vf',
      "setpts='if(lt(N,30),N/30,1+(N-30)/25)/TB'",
      '-fps_mode',
      'vfr',
      '-c:v',
      'libx264',
      '-preset',
      'ultrafast',
      '-pix_fmt',
      'yuv420p',
    ])
    await cured(path, ['facebook.reels'], 'video.frame_rate_mode:warning')
  })

  it('trims a video over YouTube’s 15 minutes for accounts not verified', async () => {
    const path = await clip('youtube.mp4', '64x64', 1, 910)
    const [one] = await cured(path, ['youtube.video'], 'video.duration_max:warning', { allowTrim: true })
    expect(one!.durationS).toBeLessThanOrEqual(900)
  })

  it('brings a short side under Pinterest’s 100 px up, within its ratio', async () => {
    const path = join(dir, 'narrow.jpg')
    await sharp({ create: { width: 80, height: 110, channels: 3, background: '#369' } })
      .jpeg()
      .toFile(path)
    const [one] = await cured(path, ['pinterest'], 'image.min_width:warning')
    expect(Math.min(one!.width!, one!.height!)).toBeGreaterThanOrEqual(100)
  })

  it.each([
    { sample: 'video-wide-320x160.mp4', targets: ['youtube.shorts'], fails: 'video.aspect_ratio:warning' },
    { sample: 'video-wide-320x160.mp4', targets: ['pinterest'], fails: 'video.duration_min:error' },
    { sample: 'video-wide-320x160.mp4', targets: ['facebook.reels'], fails: 'video.min_dimensions:error' },
    { sample: 'video-long-301s.mp4', targets: ['youtube.shorts', 'bluesky'], fails: 'video.duration_max:warning' },
  ] as { sample: string; targets: TargetName[]; fails: string }[])(
    '$sample on $targets: $fails is cured',
    async ({ sample, targets, fails }) => {
      await cured(samplePath(sample), targets, fails, { allowTrim: true })
    },
  )

  it('says in `remaining` what the fixed copy still fails rather than claiming a pass', async () => {
    // An animated GIF is kept as it is for X (it takes GIFs); X warns about one wider than its GIF box.
    const path = join(dir, 'wide.gif')
    await writeFile(path, canvasGif(1400, 800, 3))
    await using run = await fixJob([{ path }], ['x'], { options })
    const { before, after, remaining } = run.result
    expect(problems(before, 'x')).toContain('image.pixels:warning')
    expect(problems(after, 'x')).toContain('image.pixels:warning')
    expect(remaining).toMatchObject([{ item: 0, target: 'x', reason: 'not_cured' }])
    expect(remaining?.[0]?.message).toContain('image.pixels (warning)')
  })

  it('says why a long video stays long without allowTrim, by the account’s own maximum', async () => {
    const path = await clip('tiktok-kept.mp4', '360x360', 24, 70)
    await using run = await fixJob([{ path }], ['tiktok.video'], {
      options,
      request: { post: { tiktokMaxDurationS: 60 } },
    })
    expect(run.result.remaining).toMatchObject([{ target: 'tiktok.video', reason: 'trim_not_allowed' }])
    expect(problems(run.result.after, 'tiktok.video')).toContain('video.duration_max:error')
  })
})
