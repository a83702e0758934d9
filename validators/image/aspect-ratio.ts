// image.aspect_ratio: the displayed width:height against the target's range, recommended ratio and item 0's.
import type { Check } from '../../src/rule-types.js'
import { differsFrom, displayShape, farFrom, narrowerThan, widerThan } from '../ratio.js'

export const aspectRatio: Check<'image.aspect_ratio'> = ({ index, media, items }, { value }) => {
  if (media?.kind !== 'image' || !media.width || !media.height) return []
  const { width, height } = media
  if (value.min && narrowerThan(width, height, value.min)) {
    return [{ rule: 'image.aspect_ratio', args: { width, height, bound: 'min' } }]
  }
  if (value.max && widerThan(width, height, value.max)) {
    return [{ rule: 'image.aspect_ratio', args: { width, height, bound: 'max' } }]
  }
  // A carousel is cropped to its first item's ratio, whatever kind that item is.
  const first = index > 0 && value.matchFirstPercent !== undefined ? displayShape(items[0]) : null
  if (
    first &&
    value.matchFirstPercent !== undefined &&
    differsFrom({ w: width, h: height }, first, value.matchFirstPercent)
  ) {
    return [
      {
        rule: 'image.aspect_ratio',
        args: { width, height, bound: 'first', first: { width: first.w, height: first.h } },
        tier: 'mismatch',
      },
    ]
  }
  if (value.recommended && farFrom(width, height, value.recommended, value.tolerance ?? 0)) {
    return [{ rule: 'image.aspect_ratio', args: { width, height, bound: 'recommended' }, tier: 'not_recommended' }]
  }
  return []
}
