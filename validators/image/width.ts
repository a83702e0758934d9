// image.min_width and image.max_width: the displayed width (or the short or long side) against what the target keeps unscaled.
import type { Check } from '../../src/rule-types.js'

export const minWidth: Check<'image.min_width'> = ({ media }, { value }) => {
  if (media?.kind !== 'image' || !media.width || !media.height) return []
  const { width, height } = media
  const side = value.side === 'short' ? Math.min(width, height) : width
  if (side >= value.min) return []
  return [{ rule: 'image.min_width', args: value.side === 'short' ? { width, height } : { width } }]
}

export const maxWidth: Check<'image.max_width'> = ({ media }, { value }) => {
  if (media?.kind !== 'image' || !media.width || !media.height) return []
  const { width, height } = media
  const side = value.side === 'long' ? Math.max(width, height) : width
  if (side <= value.max) return []
  return [{ rule: 'image.max_width', args: value.side === 'long' ? { width, height } : { width } }]
}
