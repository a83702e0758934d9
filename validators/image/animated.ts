// image.animated: an animated GIF, WebP or PNG, against what the target does with animation.
import type { Check } from '../../src/rule-types.js'

export const animated: Check<'image.animated'> = ({ media }, { value }) => {
  const image = media?.image
  if (!image?.animated) return []
  const outcome = value[image.format] ?? 'pass'
  if (outcome === 'pass') return []
  const args = { format: image.format, frames: image.frames }
  return [outcome === 'flag' ? { rule: 'image.animated', args } : { rule: 'image.animated', args, tier: outcome }]
}
