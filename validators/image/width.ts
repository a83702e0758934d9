// image.min_width and image.max_width: the displayed width (or both sides) against what the target keeps unscaled.
import type { MediaFacts } from '../../src/facts.js'
import type { Check } from '../../src/rule-types.js'

const displayed = (media: MediaFacts | null) =>
  media?.kind === 'image' && media.width !== null && media.height !== null
    ? { width: media.width, height: media.height }
    : null

export const minWidth: Check<'image.min_width'> = ({ media }, { value }) => {
  const size = displayed(media)
  if (!size) return []
  if (value.bothSides)
    return Math.min(size.width, size.height) < value.min ? [{ rule: 'image.min_width', args: size }] : []
  return size.width < value.min ? [{ rule: 'image.min_width', args: { width: size.width } }] : []
}

export const maxWidth: Check<'image.max_width'> = ({ media }, { value }) => {
  const size = displayed(media)
  if (!size) return []
  if (value.longSide) {
    const long = Math.max(size.width, size.height)
    const short = Math.min(size.width, size.height)
    const over = long > value.max || (value.shortMax !== undefined && short > value.shortMax)
    return over ? [{ rule: 'image.max_width', args: size }] : []
  }
  return size.width > value.max ? [{ rule: 'image.max_width', args: { width: size.width } }] : []
}
