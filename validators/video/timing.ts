// video.interlaced, video.frame_rate, video.duration_min, video.duration_max: how the picture moves in time.
import type { Check } from '../../src/rule-types.js'
import { reencodeReasons } from './passthrough.js'
import { videoItem } from './stream.js'

export const interlaced: Check<'video.interlaced'> = ({ media }) => {
  const item = videoItem(media)
  if (!item?.video.interlaced) return []
  return [{ rule: 'video.interlaced', args: { fieldOrder: item.video.fieldOrder ?? 'interlaced' } }]
}

export const frameRate: Check<'video.frame_rate'> = ({ media }, { value }) => {
  const fps = videoItem(media)?.video.fps
  if (fps === undefined || fps === null) return []
  const judged = value.floor ? Math.floor(fps) : fps
  if ((value.min === undefined || judged >= value.min) && judged <= value.max) return []
  return [{ rule: 'video.frame_rate', args: { fps, variable: media?.video?.variableFrameRate ?? false } }]
}

export const durationMin: Check<'video.duration_min'> = ({ media }, { value }) => {
  const durationS = videoItem(media)?.durationS
  if (!durationS || durationS >= value.min) return []
  return [{ rule: 'video.duration_min', args: { durationS } }]
}

export const durationMax: Check<'video.duration_max'> = ({ media, post }, { value }) => {
  const item = videoItem(media)
  const durationS = item?.durationS
  if (!item || !durationS) return []
  // An X Premium account (the request's xPremium) has its own maximum and none of the older, lower ones.
  const premium = value.premiumMax !== undefined && post.xPremium === true
  const max = premium ? value.premiumMax : value.max
  if (max !== undefined && durationS > max)
    return [{ rule: 'video.duration_max', args: premium ? { durationS, premium } : { durationS } }]
  if (!premium && value.warnAbove !== undefined && durationS > value.warnAbove)
    return [{ rule: 'video.duration_max', args: { durationS }, tier: 'near' }]
  // Mastodon cuts only what it re-encodes: a passthrough file keeps every frame.
  const fps = item.video.fps
  if (
    value.maxFrames === undefined ||
    !fps ||
    (value.passthrough && reencodeReasons(item, value.passthrough).length === 0)
  )
    return []
  const frames = Math.round(fps * durationS)
  return frames > value.maxFrames ? [{ rule: 'video.duration_max', args: { durationS, frames } }] : []
}
