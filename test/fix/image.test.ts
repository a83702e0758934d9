// Fixing images on real samples: each rule fixing claims to cure fails before, and the output passes a fresh preflight.
import { stat } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import sharp from 'sharp'
import type { TargetName } from '../../platforms/targets.js'
import { preflight } from '../../src/pipeline/preflight.js'
import { fixJob, fixOptions, problems } from '../helpers/fix.js'
import { samplePath } from '../helpers/samples.js'

const options = fixOptions()

const cases: { sample: string; targets: TargetName[]; fails: string; strategy?: 'pad' | 'crop' }[] = [
  { sample: 'phone-portrait-exif6.jpg', targets: ['instagram.feed'], fails: 'image.aspect_ratio:error' },
  { sample: 'wide-2000x1000.jpg', targets: ['instagram.feed'], fails: 'image.aspect_ratio:error', strategy: 'crop' },
  {
    sample: 'tall-1080x1920.jpg',
    targets: ['instagram.feed', 'threads'],
    fails: 'image.aspect_ratio:error',
    strategy: 'crop',
  },
  { sample: 'cmyk-800x1000.jpg', targets: ['instagram.feed'], fails: 'image.color_space:warning' },
  { sample: 'display-p3-800x1000.jpg', targets: ['threads'], fails: 'image.color_space:warning' },
  { sample: 'large-2048x1536.jpg', targets: ['instagram.feed'], fails: 'image.max_width:warning' },
  { sample: 'small-200x250.jpg', targets: ['instagram.feed'], fails: 'image.min_width:warning' },
  { sample: 'still-800x1000.webp', targets: ['instagram.feed'], fails: 'image.format:error' },
  { sample: 'square-1080.png', targets: ['instagram.feed', 'mastodon'], fails: 'image.format:warning' },
  { sample: 'photo-800x1000.tiff', targets: ['mastodon'], fails: 'media.unknown_type:error' },
  { sample: 'photo-800x1000.avif', targets: ['threads'], fails: 'image.format:error' },
  { sample: 'stereo-mpo-1080x1350.jpg', targets: ['instagram.feed'], fails: 'image.format:error' },
  { sample: 'gain-map-mpf-1080x1350.jpg', targets: ['instagram.feed'], fails: 'image.format:warning' },
  { sample: 'huge-8000x4500.png', targets: ['mastodon'], fails: 'image.pixels:error' },
  { sample: 'animated-320x400.gif', targets: ['instagram.feed'], fails: 'image.format:error' },
]

describe('fixing images', () => {
  it.each(cases)('$sample on $targets: $fails is cured', async ({ sample, targets, fails, strategy }) => {
    await using run = await fixJob([{ path: samplePath(sample) }], targets, { strategy: strategy ?? 'pad', options })
    const { before, after, outputs } = run.result
    expect(targets.flatMap((t) => problems(before, t))).toContain(fails)
    for (const t of targets) expect(problems(after, t)).toEqual([])
    expect(outputs).toHaveLength(1)
    const file = join(run.workDir, outputs[0]!.file)
    const fresh = await preflight({ media: [{ path: file }], targets }, options)
    for (const t of targets) expect(problems(fresh, t)).toEqual([])
    const meta = await sharp(file).metadata()
    expect(meta.orientation ?? 1).toBe(1)
    expect((await stat(file)).size).toBe(outputs[0]!.bytes)
  })
})
