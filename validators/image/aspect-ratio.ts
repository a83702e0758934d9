// image.aspect_ratio: the displayed width:height against the target's range and recommended ratio.
import type { Check } from '../../src/rule-types.js'
import { farFrom, narrowerThan, widerThan } from '../ratio.js'

export const aspectRatio: Check<'image.aspect_ratio'> = ({ media }, { value }) => {
  if (media?.kind !== 'image' || !media.width || !media.height) return []
  const { width, height } = media
  if (value.min && narrowerThan(width, height, value.min)) {
    return [{ rule: 'image.aspect_ratio', args: { width, height, bound: 'min' } }]
  }
  if (value.max && widerThan(width, height, value.max)) {
    return [{ rule: 'image.aspect_ratio', args: { width, height, bound: 'max' } }]
  }
  if (value.recommended && farFrom(width, height, value.recommended, value.tolerance ?? 0)) {
    return [{ rule: 'image.aspect_ratio', args: { width, height, bound: 'recommended' }, tier: 'not_recommended' }]
  }
  return []
}
