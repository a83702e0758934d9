// image.aspect_ratio on a carousel: a later image more than 1 % off item 0's ratio is cropped (tier `mismatch`).
import { describe, expect, it } from 'vitest'
import { targets } from '../../platforms/targets.js'
import type { MediaFacts } from '../../src/facts.js'
import { aspectRatio } from '../../validators/image/aspect-ratio.js'
import { imageMedia, videoMedia } from '../helpers/facts.js'

const carousel = targets['instagram.carousel'].rules['image.aspect_ratio']
const sized = (width: number, height: number) => imageMedia({ width, height })
const tiers = (items: MediaFacts[], index: number) =>
  aspectRatio({ index, media: items[index]!, items, post: {} }, carousel).map((f) => f.tier ?? 'base')

describe('image.aspect_ratio mismatch on instagram.carousel', () => {
  it.each([
    [1080, 1080, 1080, 1080, []],
    [1000, 1000, 1010, 1000, []], // exactly 1 % wider: inside
    [1000, 1000, 1011, 1000, ['mismatch']],
    [1000, 1000, 1000, 1011, ['mismatch']], // 1000/1011 is 1.09 % narrower
    [1000, 1000, 1000, 1010, []], // 0.99 % narrower
    [1080, 1350, 1080, 1080, ['mismatch']], // 4:5 first, then a square
    [1080, 1080, 1080, 1351, ['base']], // out of range wins: an error, not a crop note
  ])('item 0 %ix%i, item 1 %ix%i → %j', (w0, h0, w1, h1, expected) => {
    expect(tiers([sized(w0, h0), sized(w1, h1)], 1)).toEqual(expected)
  })

  it('compares with a video item 0 by its displayed shape (sample aspect ratio applied)', () => {
    const anamorphic = videoMedia({ width: 1440, height: 1080 }, { sampleAspect: { num: 4, den: 3 } }) // shown 16:9
    expect(tiers([anamorphic, sized(1920, 1080)], 1)).toEqual([])
    expect(tiers([anamorphic, sized(1440, 1080)], 1)).toEqual(['mismatch'])
  })
  it('never compares item 0 with itself', () => expect(tiers([sized(1080, 1350), sized(1080, 1080)], 0)).toEqual([]))
  it('is only a warning that alters the post', () => {
    expect(carousel.tiers.mismatch).toEqual({ severity: 'warning', platformError: null })
  })
  it('does not apply to the feed', () => {
    const feed = targets['instagram.feed'].rules['image.aspect_ratio']
    const items = [sized(1080, 1350), sized(1080, 1080)]
    expect(aspectRatio({ index: 1, media: items[1]!, items, post: {} }, feed)).toEqual([])
  })
})
