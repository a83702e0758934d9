// video.width_max, video.min_dimensions, video.pixels, video.sample_aspect_ratio, video.bitrate, video.file_size: how big the picture and the file are.
import type { PostFacts } from '../../src/facts.js'
import type { Check, Rules } from '../../src/rule-types.js'
import type { Box } from '../../src/rules/index.js'
import { overMax } from '../size-limit.js'
import { videoItem } from './stream.js'

export const widthMax: Check<'video.width_max'> = ({ media }, { value }) => {
  const item = videoItem(media)
  if (!item?.width || !item.height || item.width <= value.max) return []
  return [{ rule: 'video.width_max', args: { width: item.width, height: item.height } }]
}

export const minDimensions: Check<'video.min_dimensions'> = ({ media }, { value }) => {
  const item = videoItem(media)
  if (!item?.width || !item.height) return []
  const { width, height } = item
  if (width < value.minWidth || height < value.minHeight)
    return [{ rule: 'video.min_dimensions', args: { width, height, bound: 'min' } }]
  if (value.maxSide !== undefined && Math.max(width, height) > value.maxSide)
    return [{ rule: 'video.min_dimensions', args: { width, height, bound: 'max' } }]
  return []
}

const outside = (long: number, short: number, box: Box) => long > box.long || short > box.short

export const pixels: Check<'video.pixels'> = ({ media }, { value }) => {
  const item = videoItem(media)
  if (!item?.width || !item.height) return []
  const { width, height } = item
  if (value.max !== undefined && width * height > value.max) return [{ rule: 'video.pixels', args: { width, height } }]
  if (value.minSide !== undefined && Math.min(width, height) < value.minSide)
    return [{ rule: 'video.pixels', args: { width, height, bound: 'min_side' } }]
  // X's box holds either way round (PLATFORM-RULES-MORE.md §0.2): long side against long, short against short.
  const [long, short] = [Math.max(width, height), Math.min(width, height)]
  if (value.box && outside(long, short, value.box))
    return [{ rule: 'video.pixels', args: { width, height, bound: 'box' } }]
  if (value.warnBox && outside(long, short, value.warnBox))
    return [{ rule: 'video.pixels', args: { width, height, bound: 'box' }, tier: 'near' }]
  return []
}

export const sampleAspectRatio: Check<'video.sample_aspect_ratio'> = ({ media }) => {
  const sar = videoItem(media)?.video.sampleAspect
  if (!sar || sar.num === sar.den) return []
  return [{ rule: 'video.sample_aspect_ratio', args: { num: sar.num, den: sar.den } }]
}

export const bitrate: Check<'video.bitrate'> = ({ media }, { value }) => {
  const video = videoItem(media)?.video
  if (!video?.bitrate || video.bitrate <= value.max) return []
  return [{ rule: 'video.bitrate', args: { bitrate: video.bitrate, computed: video.bitrateComputed } }]
}

/** Video and audio files alike: Mastodon's video limit covers audio attachments too. */
/** The largest video file (bytes) this account may send: Premium's maximum with `xPremium`, else `max` (below it with `lessThan`), within the warning band. */
export function largestPassingVideo(value: Rules['video.file_size']['limit'], post: PostFacts): number {
  const premium = value.premiumMax !== undefined && post.xPremium === true
  const max = premium ? (value.premiumMax as number) : value.max
  return Math.min(value.lessThan ? max - 1 : max, value.warnAbove ?? Infinity)
}

export const fileSize: Check<'video.file_size'> = ({ media, post }, { value }) => {
  if (media?.kind !== 'video' && media?.kind !== 'audio') return []
  const bytes = media.sizeBytes
  const premium = value.premiumMax !== undefined && post.xPremium === true
  const max = premium ? (value.premiumMax as number) : value.max
  const args = premium ? { bytes, premium } : { bytes }
  if (overMax(bytes, { max, lessThan: value.lessThan })) return [{ rule: 'video.file_size', args }]
  if (value.warnAbove !== undefined && bytes > value.warnAbove) return [{ rule: 'video.file_size', args, tier: 'near' }]
  return []
}
