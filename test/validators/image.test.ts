// Pure image checks at their edges: one line per case, against the real platform data.
import { describe, expect, it } from 'vitest'
import { targets } from '../../platforms/targets.js'
import { animated } from '../../validators/image/animated.js'
import { aspectRatio } from '../../validators/image/aspect-ratio.js'
import { colorSpace } from '../../validators/image/color-space.js'
import { fileSize } from '../../validators/image/file-size.js'
import { format } from '../../validators/image/format.js'
import { pixels } from '../../validators/image/pixels.js'
import { maxWidth, minWidth } from '../../validators/image/width.js'
import { imageMedia, item } from '../helpers/facts.js'

const feed = targets['instagram.feed'].rules
const threads = targets.threads.rules
const mastodon = targets.mastodon.rules
const tiers = (findings: { tier?: string }[]) => findings.map((f) => f.tier ?? 'base')

describe('image.aspect_ratio on instagram.feed (4:5 to 1.91:1, exact)', () => {
  it.each([
    [1080, 1350, []],
    [1080, 1351, ['base']],
    [326, 408, ['base']], // 0.799: refused by Instagram, no tolerance (D3)
    [1910, 1000, []],
    [1911, 1000, ['base']],
    [1200, 628, ['base']], // 1.9108
    [1080, 1080, []],
  ])('%ix%i → %j', (width, height, expected) => {
    expect(tiers(aspectRatio(item(imageMedia({ width, height })), feed['image.aspect_ratio']))).toEqual(expected)
  })
})

describe('image.aspect_ratio on threads (1:10 to 10:1)', () => {
  it.each([
    [100, 1000, []],
    [99, 1000, ['base']],
    [1000, 100, []],
    [1001, 100, ['base']],
  ])('%ix%i → %j', (width, height, expected) => {
    expect(tiers(aspectRatio(item(imageMedia({ width, height })), threads['image.aspect_ratio']))).toEqual(expected)
  })
})

describe('image.file_size on instagram.feed (warn over 8,000,000 B, error over 8 MiB)', () => {
  it.each([
    [8_000_000, []],
    [8_000_001, ['near']],
    [8_388_608, ['near']],
    [8_388_609, ['base']],
  ])('%i B → %j', (sizeBytes, expected) => {
    expect(tiers(fileSize(item(imageMedia({ sizeBytes })), feed['image.file_size']))).toEqual(expected)
  })
})

describe('image widths on instagram.feed (320 to 1440 unscaled)', () => {
  it.each([
    [319, ['min']],
    [320, []],
    [1440, []],
    [1441, ['max']],
  ])('%i px → %j', (width, expected) => {
    const media = imageMedia({ width, height: width })
    const found = [
      ...minWidth(item(media), feed['image.min_width']).map(() => 'min'),
      ...maxWidth(item(media), feed['image.max_width']).map(() => 'max'),
    ]
    expect(found).toEqual(expected)
  })
})

describe('image.pixels on mastodon', () => {
  it.each([
    [3840, 2160, 'jpeg', []],
    [3841, 2160, 'jpeg', ['downscaled']],
    [7680, 4320, 'jpeg', ['downscaled']],
    [7681, 4320, 'jpeg', ['base']],
    [1280, 720, 'gif', []],
    [1281, 720, 'gif', ['base']],
  ])('%ix%i %s → %j', (width, height, fmt, expected) => {
    const media = imageMedia({ width, height }, { format: fmt })
    expect(tiers(pixels(item(media), mastodon['image.pixels']))).toEqual(expected)
  })
})

describe('image.format', () => {
  it.each([
    ['jpeg', 'none', feed, []],
    ['png', 'none', feed, ['warn']],
    ['webp', 'none', feed, ['base']],
    ['jpeg', 'stereo', feed, ['base']],
    ['jpeg', 'other', feed, ['warn']],
    ['png', 'none', threads, []],
    ['jpeg', 'stereo', threads, ['warn']],
    ['gif', 'none', threads, ['base']],
    ['heif', 'none', mastodon, ['warn']],
    ['webp', 'none', mastodon, []],
  ] as const)('%s (%s) → %j', (fmt, multiPicture, rules, expected) => {
    const media = imageMedia({}, { format: fmt, multiPicture })
    expect(tiers(format(item(media), rules['image.format']))).toEqual(expected)
  })
})

describe('image.color_space', () => {
  it.each([
    ['srgb', null, 0],
    ['srgb', 'sRGB IEC61966-2.1', 0],
    ['srgb', 'Display P3', 1],
    ['srgb', 'Adobe RGB (1998)', 1],
    ['cmyk', 'U.S. Web Coated (SWOP) v2', 1],
    ['b-w', 'Generic Gray Gamma 2.2 Profile', 0],
  ])('%s with %s → %i finding', (space, icc, count) => {
    const media = imageMedia({}, { colorSpace: space, iccProfile: icc })
    expect(colorSpace(item(media), feed['image.color_space'])).toHaveLength(count)
  })
})

describe('image.animated', () => {
  it.each([
    ['png', 3, feed, ['base']],
    ['png', 1, feed, []],
    ['gif', 3, mastodon, ['info']],
    ['webp', 3, mastodon, ['warn']],
    ['gif', 3, feed, []], // GIF is already refused by image.format on Instagram
  ] as const)('%s of %i frames → %j', (fmt, frames, rules, expected) => {
    const media = imageMedia({}, { format: fmt, frames, animated: frames > 1 })
    expect(tiers(animated(item(media), rules['image.animated']))).toEqual(expected)
  })
})

it('checks nothing when there is no media', () => {
  expect(aspectRatio(item(null), feed['image.aspect_ratio'])).toEqual([])
  expect(format(item(null), feed['image.format'])).toEqual([])
})
