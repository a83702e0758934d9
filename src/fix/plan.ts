// The fix plan: per media item, which outputs to make for which targets, from the `before` report's facts and
// findings and the targets' rules. One output serves every target it can; targets are split into groups only
// where no single file can pass them all. Pure.
import { longestPassing } from '../../validators/video/timing.js'
import type { MediaFacts, PostFacts } from '../facts.js'
import type { FixRemaining } from '../jobs/types.js'
import type { Finding, Report } from '../pipeline/report.js'
import type { RuleId, TargetRules } from '../rule-types.js'
import type { TargetName } from '../../platforms/targets.js'
import { fitFrame, type Frame, type Size, type Strategy } from './frame.js'
import {
  imageFeasible,
  imageNeeds,
  keepsAnimation,
  kindsTaken,
  videoFeasible,
  videoNeeds,
  type ImageNeeds,
  type VideoNeeds,
} from './needs.js'
import { videoRate, type AudioPlan, type RatePlan } from './rate.js'

export interface PlanTarget {
  name: TargetName
  rules: TargetRules
}

export interface ImageMake {
  kind: 'image'
  format: 'jpeg' | 'png' | 'webp'
  source: Size
  frame: Frame
  strategy: Strategy
  maxBytes?: number
  /** Only the first frame of an animated source is kept. */
  firstFrame: boolean
}

export interface VideoMake {
  kind: 'video'
  /** `animation`: an animated image turned into a video. */
  from: 'video' | 'animation'
  /** Re-encode the picture; false: copy it (remux, trim, audio only). */
  encode: boolean
  source: Size
  frame: Frame
  strategy: Strategy
  fps?: number
  deinterlace: boolean
  tonemap: boolean
  tvRange: boolean
  rate: RatePlan
  audio: AudioPlan
  trimS?: number
  /** Seconds the last frame is held to reach a minimum duration. */
  holdS?: number
  /** An animation played through `times` times (to reach a minimum duration): its `frames` are held in memory. */
  loop?: { times: number; frames: number }
  /** The output's expected length: progress is measured against it. */
  durationS: number
  /** The largest file every target of the group takes. */
  maxBytes?: number
}

export type Make = ImageMake | VideoMake | { kind: 'copy' }

export interface OutputPlan {
  item: number
  targets: TargetName[]
  make: Make
}

export type Remaining = FixRemaining
type RemainingReason = FixRemaining['reason']

export interface FixPlan {
  outputs: OutputPlan[]
  remaining: Remaining[]
}

export interface PlanOptions {
  strategy: Strategy
  allowTrim: boolean
  /** The request's post facts: xPremium and tiktokMaxDurationS change the duration and size maxima. */
  post?: PostFacts
}

// Findings an output is made for: the media's own problems (fetch and post findings are not the file's).
export const isMediaRule = (rule: RuleId) =>
  /^(image|video|audio)\./.test(rule) || rule === 'media.kind' || rule === 'media.unknown_type'
const needsWork = (f: Finding) => f.severity !== 'info' && isMediaRule(f.rule)

// Video findings cured without re-encoding the picture: moov and edit list by remuxing, container likewise
// (the output is MP4), the length by cutting, the audio alone.
const COPYABLE: ReadonlySet<RuleId> = new Set([
  'video.moov_position',
  'video.edit_list',
  'video.container',
  'video.duration_max',
  'audio.codec',
  'audio.sample_rate',
  'audio.channels',
  'audio.bitrate',
])

// The most an animation's decoded frames may take to be looped (the rest are held on their last frame).
const LOOP_MEMORY = 256 * 1024 * 1024

export function planFix(before: Report, targets: readonly PlanTarget[], options: PlanOptions): FixPlan {
  const outputs: OutputPlan[] = []
  const remaining: Remaining[] = []
  let first: Size | null = null
  for (const item of before.items) {
    const findingsOf = (target: TargetName) =>
      before.results.find((r) => r.target === target)?.findings.filter((f) => f.item === item.index) ?? []
    const planned = planItem(item.index, item.media, targets, findingsOf, options, first)
    outputs.push(...planned.outputs)
    remaining.push(...planned.remaining)
    if (item.index === 0) first = planned.outputs.map(frameOf).find((f) => f !== null) ?? displayed(item.media)
  }
  return { outputs, remaining }
}

const frameOf = (output: OutputPlan): Size | null => ('frame' in output.make ? output.make.frame : null)

function displayed(media: MediaFacts | null): Size | null {
  if (!media?.width || !media.height) return null
  const sar = media.video?.sampleAspect ?? { num: 1, den: 1 }
  return { width: Math.round((media.width * sar.num) / sar.den), height: media.height }
}

type Kind = 'still' | 'animation' | 'video'

function planItem(
  item: number,
  media: MediaFacts | null,
  targets: readonly PlanTarget[],
  findingsOf: (target: TargetName) => Finding[],
  options: PlanOptions,
  first: Size | null,
): FixPlan {
  const remaining: Remaining[] = []
  const leave = (reason: RemainingReason, message: string, names: readonly TargetName[]) =>
    remaining.push(...names.map((target) => ({ item, target, reason, message })))
  const all = targets.map((t) => t.name)
  const source = displayed(media)
  if (!media || media.kind === 'unknown') {
    const fetched = targets.some((t) => findingsOf(t.name).some((f) => f.rule.startsWith('fetch.')))
    if (fetched) leave('fetch', 'The URL cannot be fetched as the platform fetches it: nothing to fix.', all)
    else leave('no_media', 'The file is not media preflight can read: nothing to fix.', all)
    return { outputs: [], remaining }
  }
  if (media.corrupt || !source) {
    leave('corrupt', `The file is corrupt (${media.corrupt ?? 'no picture size'}): it cannot be re-encoded.`, all)
    return { outputs: [], remaining }
  }
  const animated = media.kind === 'image' && media.image?.animated === true
  // The output kind each target gets: a still, the animation kept, or a video.
  const kindFor = (t: PlanTarget): Kind | null => {
    const takes = kindsTaken(t.rules)
    if (media.kind === 'video') return takes.includes('video') ? 'video' : null
    if (media.kind !== 'image') return null
    if (animated && takes.includes('image') && keepsAnimation(t.rules, media.image?.format ?? '')) return 'animation'
    if (animated && takes.includes('video')) return 'video'
    return takes.includes('image') ? 'still' : null
  }
  const outputs: OutputPlan[] = []
  const byKind = new Map<Kind, PlanTarget[]>()
  for (const t of targets) {
    const kind = kindFor(t)
    if (!kind) {
      leave(
        'kind',
        `${t.name} does not take ${media.kind === 'video' ? 'a video' : 'an image'}: no file of this kind can pass it.`,
        [t.name],
      )
      continue
    }
    byKind.set(kind, [...(byKind.get(kind) ?? []), t])
  }
  for (const [kind, kindTargets] of byKind) {
    const groups =
      kind === 'video'
        ? groupBy(kindTargets, (g) => videoFeasible(videoNeeds(g, options.post)))
        : groupBy(kindTargets, (g) => imageFeasible(imageNeeds(g)))
    for (const group of groups) {
      const names = group.map((t) => t.name)
      const findings = names.flatMap(findingsOf).filter(needsWork)
      const ratioFirst = item > 0 ? first : null
      if (findings.length === 0 || kind === 'animation') {
        outputs.push({ item, targets: names, make: { kind: 'copy' } })
        continue
      }
      const rules = group.map((t) => t.rules)
      if (kind === 'still') {
        outputs.push({ item, targets: names, make: imageMake(media, source, imageNeeds(rules), options, ratioFirst) })
        continue
      }
      const needs = videoNeeds(rules, options.post)
      const make = videoMake(media, source, needs, findings, options, ratioFirst)
      if (make.trimS === undefined && needs.maxDurationS !== undefined && (media.durationS ?? 0) > needs.maxDurationS) {
        const over = group.filter((t) => {
          const value = t.rules['video.duration_max']?.value
          return (media.durationS ?? 0) > ((value && longestPassing(value, options.post ?? {})) ?? Infinity)
        })
        leave(
          'trim_not_allowed',
          `The video is ${media.durationS} s long; making it pass would cut content (allowTrim is off).`,
          over.map((t) => t.name),
        )
      }
      outputs.push({ item, targets: names, make })
    }
  }
  return { outputs, remaining }
}

/** Greedy grouping: each target joins the first group it keeps feasible, else starts one. */
function groupBy(targets: readonly PlanTarget[], feasible: (rules: TargetRules[]) => boolean): PlanTarget[][] {
  const groups: PlanTarget[][] = []
  for (const t of targets) {
    const home = groups.find((g) => feasible([...g, t].map((x) => x.rules)))
    if (home) home.push(t)
    else groups.push([t])
  }
  return groups
}

/** A carousel item after the first takes item 0's ratio, when a target asks for it. */
const matched = <N extends ImageNeeds | VideoNeeds>(needs: N, first: Size | null): N =>
  needs.matchFirst && first
    ? { ...needs, ratio: { min: { w: first.width, h: first.height }, max: { w: first.width, h: first.height } } }
    : needs

function imageMake(
  media: MediaFacts,
  source: Size,
  needs: ImageNeeds,
  options: PlanOptions,
  first: Size | null,
): ImageMake {
  const withFirst = matched(needs, first)
  const alpha = media.image?.hasAlpha === true
  // JPEG unless the image has transparency and a format that keeps it is taken everywhere.
  const keepsAlpha = needs.formats.find((f) => f !== 'jpeg')
  const format = (alpha && keepsAlpha ? keepsAlpha : (needs.formats[0] ?? 'jpeg')) as ImageMake['format']
  const frame = fitFrame(source, withFirst, options.strategy)
  // The size band of the format written (X's differ by format).
  const maxBytes = needs.maxBytes[format]
  return {
    kind: 'image',
    format,
    source,
    frame,
    strategy: options.strategy,
    ...(maxBytes !== undefined ? { maxBytes } : {}),
    firstFrame: media.image?.animated === true,
  }
}

function videoMake(
  media: MediaFacts,
  source: Size,
  needs: VideoNeeds,
  findings: readonly Finding[],
  options: PlanOptions,
  first: Size | null,
): VideoMake {
  const fromAnimation = media.kind === 'image'
  const encode = fromAnimation || findings.some((f) => !COPYABLE.has(f.rule)) || media.video === null
  const frame = fitFrame(source, { ...matched(needs, first), even: true }, options.strategy)
  // An animation whose frame delays are unknown (APNG: sharp reads only its default image) counts as 0 s long: held for the whole minimum.
  const lengthS = media.durationS ?? 0
  const trimS =
    options.allowTrim && needs.maxDurationS !== undefined && lengthS > needs.maxDurationS
      ? Math.max(1, needs.maxDurationS - 1)
      : undefined
  const minS = needs.minDurationS
  const frames = media.image?.frames ?? 1
  const loops = fromAnimation && minS && lengthS > 0 && lengthS < minS ? Math.ceil(minS / lengthS) : undefined
  // Looping keeps every frame in memory: a large animation is held on its last frame instead.
  const loop = loops && frames * source.width * source.height * 4 <= LOOP_MEMORY ? { times: loops, frames } : undefined
  const played = (trimS ?? lengthS) * (loop?.times ?? 1)
  const holdS = encode && minS !== undefined && played < minS ? Math.ceil((minS - played + 0.5) * 10) / 10 : undefined
  const durationS = played + (holdS ?? 0)
  const video = media.video
  // A rate judged variable (by the probe, or by `video.frame_rate_mode`) is made constant.
  const variable = (video?.variableFrameRate ?? false) || findings.some((f) => f.rule === 'video.frame_rate_mode')
  const fps = encode ? frameRate(video?.fps ?? null, variable, needs.fps, fromAnimation) : undefined
  const transfer = video?.colorTransfer ?? ''
  const hdr = ['smpte2084', 'arib-std-b67'].includes(transfer) || video?.colorPrimaries === 'bt2020'
  const { rate, audio } = videoRate(media, needs, durationS, encode)
  return {
    kind: 'video',
    from: fromAnimation ? 'animation' : 'video',
    encode,
    source,
    frame,
    strategy: options.strategy,
    ...(fps !== undefined ? { fps } : {}),
    deinterlace: encode && (video?.interlaced ?? false),
    tonemap: encode && hdr,
    tvRange: encode && !hdr && video?.colorRange === 'pc',
    rate,
    audio,
    ...(trimS !== undefined ? { trimS } : {}),
    ...(holdS !== undefined ? { holdS } : {}),
    ...(loop ? { loop } : {}),
    durationS,
    ...(needs.maxBytes !== undefined ? { maxBytes: needs.maxBytes } : {}),
  }
}

/** The frame rate to encode at: kept when inside the range (and constant), else 30 when that fits, else the nearest bound. */
function frameRate(
  fps: number | null,
  variable: boolean,
  range: VideoNeeds['fps'],
  animation: boolean,
): number | undefined {
  const inside = (n: number) =>
    (range.min === undefined || n >= range.min) && (range.max === undefined || n <= range.max)
  if (fps !== null && inside(fps) && !variable && !animation) return undefined
  if (inside(30)) return 30
  if (fps !== null && range.max !== undefined && fps > range.max) return Math.floor(range.max)
  return Math.ceil(range.min ?? 30)
}
