// What each selected Instagram surface shows of a picture: frames in image pixels, computed from the target rules of /v1/targets.
// Pure geometry, no DOM: the view (crop-view.ts) draws the frames, the tests check their numbers.

export interface Ratio {
  w: number
  h: number
}

/** The part of a target's rules the page reads, as GET /v1/targets serves it. */
export interface TargetInfo {
  site: string
  /** The network's friendly name ("Instagram", "TikTok"): the page groups targets under it. */
  network?: string
  rules: Record<string, { value?: unknown } | undefined>
}

export interface Frame {
  /** Contract names of the targets this frame is for (several when they show the same), or the profile grid's own name. */
  targets: string[]
  /** Friendly names, as the frame's label reads. */
  label: string
  /** `crop`: the frame lies inside the picture and the rest is cut; `fill`: the frame is larger and a background fills the gap. */
  kind: 'crop' | 'fill'
  /** In picture pixels from its top-left corner; a `fill` frame starts above or left of it (negative x or y). */
  x: number
  y: number
  w: number
  h: number
  /** Parts of the frame kept clear of the app's buttons and captions, as fractions of its height. */
  safe: { top: number; bottom: number } | null
  /** The same, in words for everyone (the drawing is decorative). */
  sentence: string
}

// Not in PLATFORM-RULES.md and uncertain: the profile grid has shown posts as a centre 3:4 crop (1080x1440)
// since Instagram's January 2025 change (Mosseri's announcement, widely reported); Meta's API docs do not say.
const PROFILE_GRID: Ratio = { w: 3, h: 4 }
export const PROFILE_GRID_NAME = 'instagram.grid'
// Not in PLATFORM-RULES.md and uncertain: the UI-free zones of Meta's creative guidance for 9:16 placements as
// third-party guides quote it (Reels: top 14 % and bottom 35 % carry the app's controls and caption; Stories: top
// and bottom 14 %, about 250 px of 1920). Meta changes its UI; treat these as a rough guide, not a limit.
const SAFE_ZONES: Record<string, { top: number; bottom: number }> = {
  'instagram.reels': { top: 0.14, bottom: 0.35 },
  'instagram.stories': { top: 0.14, bottom: 0.14 },
}
// The targets whose posts appear on the profile grid.
const ON_GRID = ['instagram.feed', 'instagram.carousel', 'instagram.reels']

const isRatio = (v: unknown): v is Ratio =>
  typeof v === 'object' &&
  v !== null &&
  typeof (v as Ratio).w === 'number' &&
  typeof (v as Ratio).h === 'number' &&
  (v as Ratio).w > 0 &&
  (v as Ratio).h > 0

function ratioRule(info: TargetInfo, kind: 'image' | 'video'): { min?: Ratio; max?: Ratio; recommended?: Ratio } {
  const value = info.rules[`${kind}.aspect_ratio`]?.value
  if (typeof value !== 'object' || value === null) return {}
  const { min, max, recommended } = value as Record<string, unknown>
  return {
    ...(isRatio(min) ? { min } : {}),
    ...(isRatio(max) ? { max } : {}),
    ...(isRatio(recommended) ? { recommended } : {}),
  }
}

function takes(info: TargetInfo, kind: 'image' | 'video'): boolean {
  const allowed = (info.rules['media.kind']?.value as { allowed?: unknown } | undefined)?.allowed
  return Array.isArray(allowed) && allowed.includes(kind)
}

/** The centre of a W×H picture at the ratio nearest its own inside [min, max], rounded down as the fixes crop. */
export function centreCrop(
  width: number,
  height: number,
  min: Ratio,
  max: Ratio,
): { x: number; y: number; w: number; h: number } {
  // Exact integer comparisons, as the checks make them (PLATFORM-RULES.md: ratios are never rounded).
  if (width * min.h < height * min.w) {
    const h = Math.floor((width * min.h) / min.w)
    return { x: 0, y: Math.floor((height - h) / 2), w: width, h }
  }
  if (width * max.h > height * max.w) {
    const w = Math.floor((height * max.w) / max.h)
    return { x: Math.floor((width - w) / 2), y: 0, w, h: height }
  }
  return { x: 0, y: 0, w: width, h: height }
}

/** The smallest frame at `ratio` that holds the whole W×H picture, centred on it. */
function fillFrame(width: number, height: number, ratio: Ratio): { x: number; y: number; w: number; h: number } {
  if (width * ratio.h > height * ratio.w) {
    const h = Math.round((width * ratio.h) / ratio.w)
    return { x: 0, y: -Math.round((h - height) / 2), w: width, h }
  }
  const w = Math.round((height * ratio.w) / ratio.h)
  return { x: -Math.round((w - width) / 2), y: 0, w, h: height }
}

const ratioText = (r: Ratio) => (r.w === 191 && r.h === 100 ? '1.91:1' : `${r.w}:${r.h}`)
const percent = (f: number) => `${Math.round(f * 100)}\u00a0%` // no line break inside "14 %"

function safeText(safe: Frame['safe']): string {
  if (!safe) return ''
  return safe.top === safe.bottom
    ? `; keep text out of the top and bottom ${percent(safe.top)}`
    : `; keep text out of the top ${percent(safe.top)} and the bottom ${percent(safe.bottom)}`
}

function cropSentence(
  label: string,
  box: { w: number; h: number },
  ratio: string,
  width: number,
  height: number,
  noun: string,
): string {
  return box.w === width && box.h === height
    ? `${label} shows all of this ${width}x${height} ${noun}`
    : `${label} shows the centre ${ratio} (${box.w}x${box.h}) of this ${width}x${height} ${noun}`
}

/**
 * The frames of the selected targets for a picture of `width`×`height` (its displayed size) of `kind`. Targets that
 * do not take the kind, or show the whole picture whatever its shape (Threads, Mastodon), get no frame.
 */
export function cropFrames(
  kind: 'image' | 'video',
  width: number,
  height: number,
  selected: readonly string[],
  targets: ReadonlyMap<string, TargetInfo>,
): Frame[] {
  if (!(width > 0 && height > 0)) return []
  const frames: Frame[] = []
  const add = (frame: Omit<Frame, 'targets' | 'label'>, name: string, site: string) => {
    const same = frames.find(
      (f) =>
        f.kind === frame.kind &&
        f.x === frame.x &&
        f.y === frame.y &&
        f.w === frame.w &&
        f.h === frame.h &&
        !f.safe &&
        !frame.safe,
    )
    if (same) {
      same.targets.push(name)
      same.label = `${same.label} and ${site}`
      same.sentence = frame.sentence.replace(`${site} shows`, `${same.label} show`)
    } else frames.push({ targets: [name], label: site, ...frame })
  }
  for (const name of selected) {
    const info = targets.get(name)
    if (!info || !takes(info, kind)) continue
    const rule = ratioRule(info, kind)
    const safe = SAFE_ZONES[name] ?? null
    if (name === 'instagram.stories' && rule.recommended) {
      // A Story fills the screen: a picture of another shape is shown whole on a background fill (PLATFORM-RULES.md §4).
      const box = fillFrame(width, height, rule.recommended)
      const whole = box.w === width && box.h === height
      const sentence = whole
        ? `${info.site} shows all of this ${width}x${height} ${kind}${safeText(safe)}.`
        : `${info.site} shows all of this ${width}x${height} ${kind} in a ${ratioText(rule.recommended)} frame (${box.w}x${box.h}) with a background fill ${box.y < 0 ? 'above and below' : 'on both sides'}${safeText(safe)}.`
      add({ kind: 'fill', ...box, safe, sentence }, name, info.site)
    } else if (name === 'instagram.reels' && rule.recommended) {
      // The Reels tab shows the centre 9:16 (PLATFORM-RULES.md §3, video.aspect_ratio info row).
      const box = centreCrop(width, height, rule.recommended, rule.recommended)
      add(
        {
          kind: 'crop',
          ...box,
          safe,
          sentence: `${cropSentence(info.site, box, ratioText(rule.recommended), width, height, kind)}${safeText(safe)}.`,
        },
        name,
        info.site,
      )
    } else if (rule.min && rule.max && name.startsWith('instagram.')) {
      const box = centreCrop(width, height, rule.min, rule.max)
      const bound = box.w === width ? (box.h === height ? null : rule.min) : rule.max
      const sentence = bound
        ? `${cropSentence(info.site, box, ratioText(bound), width, height, kind)}.`
        : `${info.site} shows all of this ${width}x${height} ${kind} (it is between ${ratioText(rule.min)} and ${ratioText(rule.max)}).`
      add({ kind: 'crop', ...box, safe: null, sentence }, name, info.site)
    }
  }
  if (selected.some((name) => ON_GRID.includes(name) && targets.get(name) && takes(targets.get(name)!, kind))) {
    const box = centreCrop(width, height, PROFILE_GRID, PROFILE_GRID)
    const label = 'Instagram profile grid'
    frames.push({
      targets: [PROFILE_GRID_NAME],
      label,
      kind: 'crop',
      ...box,
      safe: null,
      sentence: `The ${cropSentence(label, box, ratioText(PROFILE_GRID), width, height, kind)}.`,
    })
  }
  return frames
}
