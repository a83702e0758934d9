// image.pixels: width × height against the target's pixel limits (Mastodon's matrix limits, X's GIF limits).
import type { Check } from '../../src/rule-types.js'

export const pixels: Check<'image.pixels'> = ({ media }, { value }) => {
  if (media?.kind !== 'image' || !media.width || !media.height || !media.image) return []
  const { width, height } = media
  const count = width * height
  if (value.max !== undefined && count > value.max)
    return [{ rule: 'image.pixels', args: { width, height, bound: 'max' } }]
  const gif = media.image.format === 'gif'
  if (value.gifMax !== undefined && gif && count > value.gifMax) {
    return [{ rule: 'image.pixels', args: { width, height, bound: 'gif' } }]
  }
  const box = value.gifBox
  const frames = media.image.frames
  if (box && gif && media.image.animated) {
    const over = width > box.width || height > box.height || frames > box.frames || count * frames > box.total
    if (over) return [{ rule: 'image.pixels', args: { width, height, bound: 'gif_box', frames } }]
  }
  if (value.downscaleAbove !== undefined && count > value.downscaleAbove) {
    return [{ rule: 'image.pixels', args: { width, height, bound: 'downscale' }, tier: 'downscaled' }]
  }
  return []
}
