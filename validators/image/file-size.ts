// image.file_size: the image file's bytes against the target's maximum (and its warning band), per format where it has one.
import type { Check, Rules } from '../../src/rule-types.js'
import { overMax } from '../size-limit.js'

/** The size band a file of `format` is judged by: its format's own, else the target's (the fix planner reads it too). */
export function sizeBand(value: Rules['image.file_size']['limit'], format: string | undefined) {
  const own = format === undefined ? undefined : value.byFormat?.[format]
  return { own, band: own ?? value }
}

/** The largest byte count a file of `format` passes with no finding (below every band it falls under). */
export function largestPassingImage(value: Rules['image.file_size']['limit'], format: string): number {
  const { own, band } = sizeBand(value, format)
  const max = value.lessThan ? band.max - 1 : band.max
  const png = !own && format === 'png' ? (value.pngWarnAbove ?? Infinity) : Infinity
  return Math.min(max, band.warnAbove ?? Infinity, png)
}

export const fileSize: Check<'image.file_size'> = ({ media }, { value }) => {
  if (media?.kind !== 'image') return []
  const bytes = media.sizeBytes
  const format = media.image?.format
  const { own, band } = sizeBand(value, format)
  const args = own ? { bytes, format } : { bytes }
  if (overMax(bytes, { ...band, lessThan: value.lessThan })) return [{ rule: 'image.file_size', args }]
  if (band.warnAbove !== undefined && bytes > band.warnAbove) return [{ rule: 'image.file_size', args, tier: 'near' }]
  // Facebook shows a large PNG pixelated: a lower band for PNGs that have no band of their own.
  if (!own && format === 'png' && value.pngWarnAbove !== undefined && bytes > value.pngWarnAbove)
    return [{ rule: 'image.file_size', args: { bytes, format }, tier: 'png' }]
  return []
}
