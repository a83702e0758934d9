// image.pixels: width × height against the target's pixel limits (Mastodon's matrix limits).
import type { Check } from '../../src/rule-types.js'

export const pixels: Check<'image.pixels'> = ({ media }, { value }) => {
  if (media?.kind !== 'image' || !media.width || !media.height || !media.image) return []
  const { width, height } = media
  const count = width * height
  if (count > value.max) return [{ rule: 'image.pixels', args: { width, height, bound: 'max' } }]
  if (value.gifMax !== undefined && media.image.format === 'gif' && count > value.gifMax) {
    return [{ rule: 'image.pixels', args: { width, height, bound: 'gif' } }]
  }
  if (value.downscaleAbove !== undefined && count > value.downscaleAbove) {
    return [{ rule: 'image.pixels', args: { width, height, bound: 'downscale' }, tier: 'downscaled' }]
  }
  return []
}
