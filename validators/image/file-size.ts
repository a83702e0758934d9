// image.file_size: the image file's bytes against the target's maximum (and its warning band).
import type { Check } from '../../src/rule-types.js'
import { overMax } from '../size-limit.js'

export const fileSize: Check<'image.file_size'> = ({ media }, { value }) => {
  if (media?.kind !== 'image') return []
  const bytes = media.sizeBytes
  if (overMax(bytes, value)) return [{ rule: 'image.file_size', args: { bytes } }]
  if (value.warnAbove !== undefined && bytes > value.warnAbove) {
    return [{ rule: 'image.file_size', args: { bytes }, tier: 'near' }]
  }
  const format = media.image?.format
  if (value.pngWarnAbove !== undefined && format === 'png' && bytes > value.pngWarnAbove)
    return [{ rule: 'image.file_size', args: { bytes, format }, tier: 'png' }]
  return []
}
