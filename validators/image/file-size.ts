// image.file_size: the image file's bytes against the target's maximum (and its warning band), per format where it has one.
import type { Check } from '../../src/rule-types.js'
import { overMax } from '../size-limit.js'

export const fileSize: Check<'image.file_size'> = ({ media }, { value }) => {
  if (media?.kind !== 'image') return []
  const bytes = media.sizeBytes
  const format = media.image?.format
  const own = format === undefined ? undefined : value.byFormat?.[format]
  const band = own ?? value
  const args = own ? { bytes, format } : { bytes }
  if (overMax(bytes, { ...band, lessThan: value.lessThan })) return [{ rule: 'image.file_size', args }]
  if (band.warnAbove !== undefined && bytes > band.warnAbove) return [{ rule: 'image.file_size', args, tier: 'near' }]
  // Facebook shows a large PNG pixelated: a lower band for PNGs that have no band of their own.
  if (!own && format === 'png' && value.pngWarnAbove !== undefined && bytes > value.pngWarnAbove)
    return [{ rule: 'image.file_size', args: { bytes, format }, tier: 'png' }]
  return []
}
