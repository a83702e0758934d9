// video.interlaced, video.frame_rate(_mode), video.duration_min, video.duration_max: how the picture moves in time.
import type { PostFacts } from '../../src/facts.js'
import type { Check, Rules } from '../../src/rule-types.js'
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
  const args = { fps, variable: media?.video?.variableFrameRate ?? false }
  if (value.nearMin !== undefined && judged >= value.nearMin && judged <= value.max)
    return [{ rule: 'video.frame_rate', args, tier: 'near' }]
  return [{ rule: 'video.frame_rate', args }]
}

/** A variable frame rate: the base rate and the average apart by more than the allowed percentage. */
export const frameRateMode: Check<'video.frame_rate_mode'> = ({ media }, { value }) => {
  const video = videoItem(media)?.video
  const fps = video?.fps
  const realFps = video?.realFps
  if (!fps || !realFps) return []
  // Percent of the base rate; the epsilon keeps 2-decimal rates exactly at the edge (30 vs 29.7) from passing it by float noise.
  if (Math.abs(realFps - fps) * 100 <= value.maxDiffPercent * realFps + 1e-9) return []
  return [{ rule: 'video.frame_rate_mode', args: { fps, realFps } }]
}

export const durationMin: Check<'video.duration_min'> = ({ media }, { value }) => {
  const durationS = videoItem(media)?.durationS
  if (!durationS || durationS >= value.min) return []
  return [{ rule: 'video.duration_min', args: { durationS } }]
}

/**
 * The longest video (seconds) that passes `video.duration_max` with no finding for this account, as the check below
 * judges it: Premium's maximum, else the creator's own (within `max`), else the warning band. Frame counts are not
 * in it. The fix planner trims to it.
 */
export function longestPassing(value: Rules['video.duration_max']['limit'], post: PostFacts): number | undefined {
  if (value.premiumMax !== undefined && post.xPremium === true) return value.premiumMax
  const creatorMaxS = value.creatorMax ? post.tiktokMaxDurationS : undefined
  const max = value.max ?? Infinity
  const limit = creatorMaxS !== undefined ? Math.min(max, creatorMaxS) : Math.min(max, value.warnAbove ?? Infinity)
  return Number.isFinite(limit) ? limit : undefined
}

export const durationMax: Check<'video.duration_max'> = ({ media, post }, { value }) => {
  const item = videoItem(media)
  const durationS = item?.durationS
  if (!item || !durationS) return []
  // A maximum the request gives for the account replaces the warning band: an X Premium account's own
  // (xPremium: none of the older, lower limits), or the TikTok creator's (tiktokMaxDurationS, creator_info).
  const premium = value.premiumMax !== undefined && post.xPremium === true
  const max = premium ? value.premiumMax : value.max
  if (max !== undefined && durationS > max)
    return [{ rule: 'video.duration_max', args: premium ? { durationS, premium } : { durationS } }]
  const creatorMaxS = value.creatorMax ? post.tiktokMaxDurationS : undefined
  if (creatorMaxS !== undefined)
    return durationS > creatorMaxS ? [{ rule: 'video.duration_max', args: { durationS, creatorMaxS } }] : []
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
