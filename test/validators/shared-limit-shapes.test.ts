// The limit shapes several targets share (issue 18's two halves merged into one design): a width judged by
// side, a duration maximum the request gives for the account, a file size banded per format; checks and wording.
import { describe, expect, it } from 'vitest'
import { targets } from '../../platforms/targets.js'
import type { Limit } from '../../src/rule-types.js'
import { messages } from '../../src/messages/index.js'
import { fileSize } from '../../validators/image/file-size.js'
import { maxWidth, minWidth } from '../../validators/image/width.js'
import { durationMax } from '../../validators/video/timing.js'
import { imageMedia, item, videoMedia } from '../helpers/facts.js'

const labels = { unit: 'px', severity: 'error', platformError: null, action: 'fix_input', source: [] } as const
const limit = <V>(value: V) => ({ ...labels, value })
const image = (width: number, height: number, format = 'jpeg', sizeBytes = 100_000) =>
  item(imageMedia({ width, height, sizeBytes }, { format }))

describe('image.min_width and image.max_width: the width, or the short or long side', () => {
  it.each([
    [{ min: 100 }, 99, 500, [{ width: 99 }]],
    [{ min: 100 }, 500, 99, []], // the width only: a short height passes
    [{ min: 100, side: 'short' as const }, 500, 99, [{ width: 500, height: 99 }]],
    [{ min: 100, side: 'short' as const }, 100, 100, []],
  ])('min %j on %ix%i', (value, width, height, args) => {
    expect(minWidth(image(width, height), limit(value)).map((f) => f.args)).toEqual(args)
  })

  it.each([
    [{ max: 1920 }, 1080, 1921, []], // the width only: a tall picture passes
    [{ max: 1920, side: 'long' as const }, 1080, 1921, [{ width: 1080, height: 1921 }]],
    [{ max: 1920, side: 'long' as const }, 1920, 1920, []],
    [{ max: 1920, side: 'long' as const, shortMax: 1080 }, 1920, 1080, []],
    [{ max: 1920, side: 'long' as const, shortMax: 1080 }, 1081, 1920, [{ width: 1081, height: 1920 }]],
  ])('max %j on %ix%i', (value, width, height, args) => {
    expect(maxWidth(image(width, height), limit(value)).map((f) => f.args)).toEqual(args)
  })

  it('words a side-judged finding with both sides and a fit-inside resize', () => {
    const value = { max: 1920, side: 'long' as const, shortMax: 1080 }
    const [finding] = maxWidth(image(1081, 1920), limit(value))
    const rendered = messages['image.max_width'](finding!.args, limit(value) as Limit<'image.max_width'>, 'TikTok')
    expect(rendered.expected).toBe('<= 1920x1080')
    expect(rendered.fix).toContain("-resize '1080x1920>'")
  })
})

describe('video.duration_max: a maximum the request gives for the account replaces the warning band', () => {
  const value = { max: 600, warnAbove: 180, premiumMax: 900, creatorMax: true }
  const judge = (durationS: number, post: { xPremium?: boolean; tiktokMaxDurationS?: number }) =>
    durationMax(item(videoMedia({ durationS }), post), limit(value)).map(({ args, tier }) => ({ args, tier }))

  it.each([
    [181, {}, [{ args: { durationS: 181 }, tier: 'near' }]],
    [601, {}, [{ args: { durationS: 601 }, tier: undefined }]],
    [601, { xPremium: true }, []], // Premium's own maximum, and no band
    [901, { xPremium: true }, [{ args: { durationS: 901, premium: true }, tier: undefined }]],
    [300, { tiktokMaxDurationS: 300 }, []], // the creator's maximum, and no band
    [301, { tiktokMaxDurationS: 300 }, [{ args: { durationS: 301, creatorMaxS: 300 }, tier: undefined }]],
    [601, { tiktokMaxDurationS: 900 }, [{ args: { durationS: 601 }, tier: undefined }]], // still the platform's max
  ])('%i s with %j', (durationS, post, found) => {
    expect(judge(durationS, post)).toEqual(found)
  })

  it('keeps TikTok and X each on its own: X ignores tiktokMaxDurationS, TikTok ignores xPremium', () => {
    const x = targets.x.rules['video.duration_max']
    const tiktok = targets['tiktok.video'].rules['video.duration_max']
    const clip = (durationS: number, post: object) => item(videoMedia({ durationS }), post)
    expect(durationMax(clip(141, { tiktokMaxDurationS: 1_000 }), x)).toMatchObject([{ tier: 'near' }])
    expect(durationMax(clip(181, { xPremium: true }), tiktok)).toMatchObject([{ tier: 'near' }])
  })
})

describe('image.file_size: a format band of its own, else the PNG warning', () => {
  const value = { max: 10_000_000, warnAbove: 4_000_000, pngWarnAbove: 1_000_000 }
  it.each([
    ['png', 1_000_000, []],
    ['png', 1_000_001, [{ args: { bytes: 1_000_001, format: 'png' }, tier: 'png' }]],
    ['png', 4_000_001, [{ args: { bytes: 4_000_001 }, tier: 'near' }]],
    ['jpeg', 1_000_001, []],
  ])('%s of %i B', (format, bytes, found) => {
    const facts = image(100, 100, format, bytes)
    expect(fileSize(facts, limit(value)).map(({ args, tier }) => ({ args, tier }))).toEqual(found)
  })

  it('judges a format with its own band by that band, not by the PNG warning', () => {
    const banded = { ...value, byFormat: { png: { max: 5_000_000 } } }
    expect(fileSize(image(100, 100, 'png', 2_000_000), limit(banded))).toEqual([])
    expect(fileSize(image(100, 100, 'png', 5_000_001), limit(banded))).toEqual([
      { rule: 'image.file_size', args: { bytes: 5_000_001, format: 'png' } },
    ])
  })
})
