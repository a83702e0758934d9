// video.width_max, video.min_dimensions, video.pixels, video.bitrate, video.file_size: how big the picture and the file are.
import type { Check } from '../../src/rule-types.js'
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

export const pixels: Check<'video.pixels'> = ({ media }, { value }) => {
  const item = videoItem(media)
  if (!item?.width || !item.height || item.width * item.height <= value.max) return []
  return [{ rule: 'video.pixels', args: { width: item.width, height: item.height } }]
}

export const bitrate: Check<'video.bitrate'> = ({ media }, { value }) => {
  const video = videoItem(media)?.video
  if (!video?.bitrate || video.bitrate <= value.max) return []
  return [{ rule: 'video.bitrate', args: { bitrate: video.bitrate, computed: video.bitrateComputed } }]
}

/** Video and audio files alike: Mastodon's video limit covers audio attachments too. */
export const fileSize: Check<'video.file_size'> = ({ media }, { value }) => {
  if (media?.kind !== 'video' && media?.kind !== 'audio') return []
  const bytes = media.sizeBytes
  if (overMax(bytes, value)) return [{ rule: 'video.file_size', args: { bytes } }]
  if (value.warnAbove !== undefined && bytes > value.warnAbove)
    return [{ rule: 'video.file_size', args: { bytes }, tier: 'near' }]
  return []
}
