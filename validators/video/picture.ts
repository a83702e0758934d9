// video.chroma_subsampling, video.profile, video.color: how the pixels are stored and what colours they mean.
import type { Check } from '../../src/rule-types.js'
import type { Rules } from '../../src/rules/index.js'
import { videoItem } from './stream.js'

export const chromaSubsampling: Check<'video.chroma_subsampling'> = ({ media }, { value }) => {
  const item = videoItem(media)
  const chroma = item?.video.chroma
  if (!item || !chroma || value.accept.includes(chroma)) return []
  return [{ rule: 'video.chroma_subsampling', args: { chroma, pixFmt: item.video.pixFmt } }]
}

/** More than 8 bits per sample where the chroma itself is accepted (4:2:0 10-bit: High 10, Main 10). */
export const profile: Check<'video.profile'> = ({ media }, { value }) => {
  const item = videoItem(media)
  const bitDepth = item?.video.bitDepth
  if (!item || !bitDepth || bitDepth <= value.maxBitDepth || item.video.chroma !== '4:2:0') return []
  return [{ rule: 'video.profile', args: { profile: item.video.profile, bitDepth } }]
}

type ColorIssue = Rules['video.color']['args']['issues'][number]

export const color: Check<'video.color'> = ({ media }, { value }) => {
  const item = videoItem(media)
  if (!item) return []
  const { colorTransfer: transfer, colorPrimaries: primaries, colorRange: range } = item.video
  const issues: ColorIssue[] = []
  if (transfer && value.transfers.includes(transfer)) issues.push('hdr')
  if (primaries && value.primaries.includes(primaries)) issues.push('wide_gamut')
  if (value.fullRange && range === 'pc') issues.push('full_range')
  return issues.length ? [{ rule: 'video.color', args: { transfer, primaries, range, issues } }] : []
}
