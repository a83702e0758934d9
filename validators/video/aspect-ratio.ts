// video.aspect_ratio: the displayed ratio (rotation and sample aspect ratio applied) against range, 9:16 and item 0.
import type { Check } from '../../src/rule-types.js'
import { differsFrom, displayShape as shape, farFrom, narrowerThan, widerThan } from '../ratio.js'
import { videoItem } from './stream.js'

export const aspectRatio: Check<'video.aspect_ratio'> = ({ media, index, items }, { value }) => {
  const item = videoItem(media)
  const own = shape(item)
  if (!item || !own) return []
  const args = { width: item.width!, height: item.height!, ratio: own.w / own.h }
  if (value.min && narrowerThan(own.w, own.h, value.min))
    return [{ rule: 'video.aspect_ratio', args: { ...args, bound: 'min' } }]
  if (value.max && widerThan(own.w, own.h, value.max))
    return [{ rule: 'video.aspect_ratio', args: { ...args, bound: 'max' } }]
  const first = index > 0 && value.matchFirstPercent !== undefined ? shape(items[0] ?? null) : null
  if (first && value.matchFirstPercent !== undefined && differsFrom(own, first, value.matchFirstPercent)) {
    return [
      { rule: 'video.aspect_ratio', args: { ...args, bound: 'first', first: first.w / first.h }, tier: 'mismatch' },
    ]
  }
  if (value.recommended && farFrom(own.w, own.h, value.recommended, value.tolerance ?? 0)) {
    return [{ rule: 'video.aspect_ratio', args: { ...args, bound: 'recommended' }, tier: 'not_recommended' }]
  }
  return []
}
