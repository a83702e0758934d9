// image.min_width and image.max_width: the displayed width (or the short or long side) against what the target keeps unscaled.
import type { MediaFacts } from '../../src/facts.js'
import type { Check, Rules } from '../../src/rule-types.js'

const displayed = (media: MediaFacts | null) =>
  media?.kind === 'image' && media.width && media.height ? { width: media.width, height: media.height } : null

export const minWidth: Check<'image.min_width'> = ({ media }, { value }) => {
  const size = displayed(media)
  if (!size) return []
  const short = value.side === 'short'
  const side = short ? Math.min(size.width, size.height) : size.width
  if (side >= value.min) return []
  return [{ rule: 'image.min_width', args: short ? size : { width: size.width } }]
}

export const maxWidth: Check<'image.max_width'> = ({ media }, { value }) => {
  const size = displayed(media)
  if (!size) return []
  const long = value.side === 'long'
  const side = long ? Math.max(size.width, size.height) : size.width
  const shortOver = value.shortMax !== undefined && Math.min(size.width, size.height) > value.shortMax
  if (side <= value.max && !shortOver) return []
  return [{ rule: 'image.max_width', args: long || shortOver ? size : { width: size.width } }]
}

/** The sides `image.min_width`/`image.max_width` judge, as limits on the width, the short side and the long side (the fix planner's frame). */
export function widthSides(
  min: Rules['image.min_width']['limit'] | undefined,
  max: Rules['image.max_width']['limit'] | undefined,
): { minWidth?: number; minShort?: number; maxWidth?: number; maxLong?: number; maxShort?: number } {
  return {
    ...(min ? (min.side === 'short' ? { minShort: min.min } : { minWidth: min.min }) : {}),
    ...(max ? (max.side === 'long' ? { maxLong: max.max } : { maxWidth: max.max }) : {}),
    ...(max?.shortMax !== undefined ? { maxShort: max.shortMax } : {}),
  }
}
