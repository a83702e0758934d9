// video.aspect_ratio: the displayed ratio (rotation and sample aspect ratio applied) against range, 9:16 and item 0.
import type { MediaFacts } from '../../src/facts.js'
import type { Check } from '../../src/rule-types.js'
import { farFrom, narrowerThan, widerThan } from '../ratio.js'
import { videoItem } from './stream.js'

/** Width and height in square pixels: a 4:3 sample aspect stretches the width (§0.1). */
function shape(media: MediaFacts | null): { w: number; h: number } | null {
  if (!media?.width || !media.height) return null
  const sar = media.video?.sampleAspect ?? { num: 1, den: 1 }
  return { w: media.width * sar.num, h: media.height * sar.den }
}

export const aspectRatio: Check<'video.aspect_ratio'> = ({ media, index, items }, { value }) => {
  const item = videoItem(media)
  const own = shape(item)
  if (!item || !own) return []
  const args = { width: item.width!, height: item.height!, ratio: own.w / own.h }
  if (value.min && narrowerThan(own.w, own.h, value.min)) return [{ rule: 'video.aspect_ratio', args: { ...args, bound: 'min' } }]
  if (value.max && widerThan(own.w, own.h, value.max)) return [{ rule: 'video.aspect_ratio', args: { ...args, bound: 'max' } }]
  const first = index > 0 && value.matchFirstPercent !== undefined ? shape(items[0] ?? null) : null
  // |r − r0| > p % of r0, multiplied out to integers: 100·|w·h0 − w0·h| > p·w0·h.
  if (first && value.matchFirstPercent !== undefined && 100 * Math.abs(own.w * first.h - first.w * own.h) > value.matchFirstPercent * first.w * own.h) {
    return [{ rule: 'video.aspect_ratio', args: { ...args, bound: 'first', first: first.w / first.h }, tier: 'mismatch' }]
  }
  if (value.recommended && farFrom(own.w, own.h, value.recommended, value.tolerance ?? 0)) {
    return [{ rule: 'video.aspect_ratio', args: { ...args, bound: 'recommended' }, tier: 'not_recommended' }]
  }
  return []
}
