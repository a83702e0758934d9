// image.min_width and image.max_width: the displayed width against what the target keeps unscaled.
import type { Check } from '../../src/rule-types.js'

export const minWidth: Check<'image.min_width'> = ({ media }, { value }) => {
  const width = media?.kind === 'image' ? media.width : null
  if (width === null || width === undefined || width >= value.min) return []
  return [{ rule: 'image.min_width', args: { width } }]
}

export const maxWidth: Check<'image.max_width'> = ({ media }, { value }) => {
  const width = media?.kind === 'image' ? media.width : null
  if (width === null || width === undefined || width <= value.max) return []
  return [{ rule: 'image.max_width', args: { width } }]
}
