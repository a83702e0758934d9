// The video fix: one ffmpeg command per item and target that cures every failing video and audio rule at once. Pure.
import type { MediaFacts } from '../facts.js'
import { quote } from './commands.js'
import type { LabelledFinding, Limit, RuleId, TargetRules } from '../rule-types.js'

type VideoRuleId = Extract<RuleId, `video.${string}` | `audio.${string}`>

/**
 * What the composed command does for each video and audio rule: re-encode the picture, remux (moov,
 * edit list), trim, fix the audio alone, or nothing (a missing picture track it cannot cure). Every
 * such rule needs an entry: a new one without it does not compile.
 */
type Cure = 'encode' | 'remux' | 'trim' | 'audio' | null
const CURE: { [R in VideoRuleId]: Cure } = {
  'video.container': 'encode',
  'video.codec': 'encode',
  'video.profile': 'encode',
  'video.chroma_subsampling': 'encode',
  'video.color': 'encode',
  'video.interlaced': 'encode',
  'video.frame_rate': 'encode',
  'video.frame_rate_mode': 'encode',
  'video.min_dimensions': null,
  'video.width_max': 'encode',
  'video.aspect_ratio': 'encode',
  'video.bitrate': 'encode',
  'video.duration_min': 'encode',
  'video.file_size': 'encode',
  'video.pixels': 'encode',
  'video.sample_aspect_ratio': 'encode',
  'video.duration_max': 'trim',
  'video.moov_position': 'remux',
  'video.edit_list': 'remux',
  'video.no_video_stream': null,
  'audio.codec': 'audio',
  'audio.sample_rate': 'audio',
  'audio.channels': 'audio',
  'audio.bitrate': 'audio',
}
const rulesWhere = (wanted: (cure: Cure) => boolean) =>
  new Set<RuleId>(
    (Object.entries(CURE) as [VideoRuleId, Cure][]).filter(([, cure]) => wanted(cure)).map(([rule]) => rule),
  )
// Rules the composed command cures; a carousel ratio mismatch and a missing picture track it cannot.
const CURED = rulesWhere((cure) => cure !== null)
// Rules that need the picture re-encoded; the rest are cured by remuxing (moov, edit list), trimming or by the audio alone.
const NEEDS_VIDEO_ENCODE = rulesWhere((cure) => cure === 'encode')
const AUDIO_RULES = rulesWhere((cure) => cure === 'audio')

// HDR → SDR BT.709 limited range (zscale + tonemap, as ffmpeg's documentation shows).
export const TONEMAP =
  'zscale=t=linear:npl=100,format=gbrpf32le,zscale=p=bt709,tonemap=tonemap=hable:desat=0,zscale=t=bt709:m=bt709:r=tv,format=yuv420p'

/** Whether the item's composed command cures this finding (and so replaces its fix). */
export function curedByCommand(finding: LabelledFinding): boolean {
  if (finding.severity === 'info' || !CURED.has(finding.rule)) return false
  if (finding.rule === 'video.aspect_ratio') return finding.args.bound === 'min' || finding.args.bound === 'max'
  if (finding.rule === 'audio.codec') return !finding.args.audioOnly
  return true
}

/** The command for one item on one target, given that item's findings; null when none is cured by a command. */
export function videoFixCommand(
  media: MediaFacts | null,
  findings: readonly LabelledFinding[],
  rules: TargetRules,
): string | null {
  const cured = findings.filter(curedByCommand)
  if (!media || cured.length === 0) return null
  const failing = new Set(cured.map((f) => f.rule))
  const find = <R extends RuleId>(rule: R) => cured.find((f): f is LabelledFinding<R> => f.rule === rule)
  const encodeVideo = cured.some((f) => NEEDS_VIDEO_ENCODE.has(f.rule))
  const args = ['ffmpeg', '-i', `in.${media.container ?? 'mp4'}`]
  if (encodeVideo) {
    const filters = videoFilters(media, find, rules)
    const small = failing.has('video.file_size')
    args.push('-c:v', 'libx264', '-profile:v', 'high', '-pix_fmt', 'yuv420p')
    if (filters.length) args.push('-vf', filters.join(','))
    args.push('-crf', small ? '23' : '20', '-maxrate', small ? '8M' : '25M', '-bufsize', small ? '16M' : '50M')
    if (failing.has('video.color'))
      args.push('-color_primaries', 'bt709', '-color_trc', 'bt709', '-colorspace', 'bt709', '-color_range', 'tv')
  } else {
    args.push('-c:v', 'copy')
  }
  if (media.audio) args.push(...audioArgs(media, cured))
  const keepS = trimmedTo(cured, rules)
  if (keepS !== null) args.push('-t', String(keepS))
  args.push('-use_editlist', '0', '-movflags', '+faststart', 'out.mp4')
  return args.map(quote).join(' ')
}

/** The length the composed command trims the item to (a second under the limit), null when it does not trim. */
function trimmedTo(cured: readonly LabelledFinding[], rules: TargetRules): number | null {
  const trim = cured.find((f): f is LabelledFinding<'video.duration_max'> => f.rule === 'video.duration_max')
  const limit = rules['video.duration_max']?.value
  // The limit the finding broke: the creator's own maximum, the warning band's, X Premium's own, or the target's.
  const maxS =
    trim?.args.creatorMaxS ??
    (trim?.tier === 'near' ? limit?.warnAbove : trim?.args.premium ? limit?.premiumMax : limit?.max)
  return trim && trim.args.frames === undefined && maxS !== undefined ? maxS - 1 : null
}

/** How many seconds of the item the composed command cuts off its end; null when it cuts nothing. */
export function videoFixCutS(
  media: MediaFacts | null,
  findings: readonly LabelledFinding[],
  rules: TargetRules,
): number | null {
  const keepS = trimmedTo(findings.filter(curedByCommand), rules)
  return keepS === null || !media?.durationS ? null : Math.round((media.durationS - keepS) * 10) / 10
}

type Find = <R extends RuleId>(rule: R) => LabelledFinding<R> | undefined

function videoFilters(media: MediaFacts, find: Find, rules: TargetRules): string[] {
  const filters: string[] = []
  if (find('video.interlaced')) filters.push('yadif')
  const sar = find('video.sample_aspect_ratio')
  if (sar) filters.push('scale=iw*sar:ih', 'setsar=1')
  const color = find('video.color')
  if (color?.args.issues.includes('hdr') || color?.args.issues.includes('wide_gamut')) filters.push(TONEMAP)
  // ffmpeg turns rotated input upright before filtering: sizes here are the displayed ones, stretched to square pixels when they were not.
  const size = targetSize(
    sar && media.width ? { ...media, width: Math.round((media.width * sar.args.num) / sar.args.den) } : media,
    find('video.width_max') ? rules['video.width_max'] : undefined,
    find('video.pixels') ? rules['video.pixels'] : undefined,
  )
  const range = color?.args.issues.includes('full_range') && !color.args.issues.includes('hdr') ? ':out_range=tv' : ''
  if (size) filters.push(`scale=${size.width}:${size.height}${range}`)
  else if (range) filters.push('scale=out_range=tv')
  const rate = rules['video.frame_rate']
  if ((find('video.frame_rate') || find('video.frame_rate_mode')) && rate)
    filters.push(`fps=${rate.value.min !== undefined ? 30 : Math.min(60, rate.value.max)}`)
  const short = find('video.duration_min')
  if (short)
    filters.push(
      `tpad=stop_mode=clone:stop_duration=${(short.limit.value.min - short.args.durationS + 0.5).toFixed(2)}`,
    )
  const ratio = find('video.aspect_ratio')
  if (ratio) filters.push(padFor(ratio, size ?? { width: ratio.args.width, height: ratio.args.height }))
  return filters
}

/** Displayed size scaled down to the width and pixel limits, even in both dimensions; null when no limit is broken. */
function targetSize(
  media: MediaFacts,
  width?: Limit<'video.width_max'>,
  pixels?: Limit<'video.pixels'>,
): { width: number; height: number } | null {
  if (!media.width || !media.height || (!width && !pixels)) return null
  const [long, short] = [Math.max(media.width, media.height), Math.min(media.width, media.height)]
  // The box the picture must fit (X: the warning box, which also fits inside the error box).
  const box = pixels?.value.warnBox ?? pixels?.value.box
  const factor = Math.min(
    1,
    width ? width.value.max / media.width : 1,
    pixels?.value.max !== undefined ? Math.sqrt(pixels.value.max / (media.width * media.height)) : 1,
    box ? Math.min(box.long / long, box.short / short) : 1,
  )
  const even = (n: number) => Math.max(2, Math.floor(n / 2) * 2)
  return { width: even(media.width * factor), height: even(media.height * factor) }
}

/** Pads a too-tall picture to the minimum ratio or a too-wide one to the maximum, centred. */
function padFor(finding: LabelledFinding<'video.aspect_ratio'>, size: { width: number; height: number }): string {
  const { min, max } = finding.limit.value
  const even = (n: number) => Math.ceil(n / 2) * 2
  const padded =
    finding.args.bound === 'min' && min
      ? { width: even((size.height * min.w) / min.h), height: size.height }
      : max
        ? { width: size.width, height: even((size.width * max.h) / max.w) }
        : size
  return `pad=${padded.width}:${padded.height}:(ow-iw)/2:(oh-ih)/2`
}

function audioArgs(media: MediaFacts, cured: readonly LabelledFinding[]): string[] {
  const audio = media.audio!
  const failing = new Set(cured.filter((f) => AUDIO_RULES.has(f.rule)).map((f) => f.rule))
  // Only AAC is taken everywhere: anything else is re-encoded even when no audio rule names it.
  if (failing.size === 0 && audio.codec === 'aac') return ['-c:a', 'copy']
  const args = ['-c:a', 'aac', '-b:a', '128k']
  if (failing.has('audio.sample_rate') || (audio.sampleRate ?? 0) > 48_000) args.push('-ar', '48000')
  if (failing.has('audio.channels') || (audio.channels ?? 0) > 2) args.push('-ac', '2')
  return args
}
