// MP4/QuickTime track leaves → numbers: timescales and durations, display matrix, sample counts and sizes, the first sample entry.
import type { EditListFacts } from '../facts.js'
import { HOMES, UUID_BOX } from './mp4-walk.js'

/** One track's leaves, as stored (payload after the box header); null when absent. Sample tables past their bound are null (and a doubt), the others cut at it. */
export interface TrackBoxes {
  /** The track's position in `moov`, from 1. */
  index: number
  handler: string | null
  tkhd: Buffer | null
  mdhd: Buffer | null
  elst: Buffer | null
  stsd: Buffer | null
  stts: Buffer | null
  stsz: Buffer | null
  ctts: Buffer | null
  stsc: Buffer | null
  stco: Buffer | null
  co64: Buffer | null
  stss: Buffer | null
  dref: Buffer | null
  /** Why the moov reader must not vouch for this track: a leaf it relies on missing, doubled or past its bound. */
  doubts: string[]
}

export interface Timing {
  timescale: number
  duration: number
}

/** The sample tables, summed: what a frame rate and a bitrate are computed from. */
export interface Samples {
  /** stts: samples counted and their total duration in media ticks. */
  timed: number
  ticks: number
  /** stts entries; the first entry's delta and count, the last entry's count (a CFR track has one delta). */
  runs: number
  firstDelta: number
  lastRunCount: number
  firstRunCount: number
  /** stsz: how many samples, and their bytes. */
  sized: number
  bytes: number
}

export interface Edit {
  /** In movie ticks. */
  segment: number
  /** In media ticks; −1 for an empty edit. */
  mediaTime: number
  rate: number
}

export interface SampleEntry {
  /** The entry's four-character code: `avc1`, `hvc1`, `mp4a`, ... */
  format: string
  /** Width and height (visual) or channels and sample rate (audio) as the entry states them. */
  width: number
  height: number
  channels: number
  sampleRate: number
  /** The entry's child boxes by type (avcC, pasp, colr, fiel, esds, wave, ...): payloads after the header. */
  boxes: Map<string, Buffer>
}

export interface TrackInfo {
  index: number
  handler: string | null
  media: Timing | null
  /** tkhd's a, b, c, d in 16.16 fixed point, as numbers; null when unread. */
  matrix: [number, number, number, number] | null
  /** null without an edit list; a track with one that could not be read whole is not vouched for (mp4-checks). */
  edits: Edit[] | null
  /** The first sample's composition offset in media ticks: where the track starts without an edit list; null when another sample shows earlier. */
  start: number | null
  /** Whether the track has composition offsets (ctts): its samples show in another order than stored. */
  hasOffsets: boolean
  /** Whether a time in media ticks falls where one sample ends and the next begins (or at either end). */
  boundary: (ticks: number) => boolean
  samples: Samples | null
  entry: SampleEntry | null
}

export function movieTiming(mvhd: Buffer | null): Timing | null {
  return headerTiming(mvhd)
}

const MAX_TIMESCALE = 0x7fff_ffff

/**
 * mvhd or mdhd as ffmpeg uses them unchanged: version 0 or 1, a timescale that is a positive 32-bit
 * int (ffmpeg turns any other into 1) and a duration that is a safe integer; else null.
 */
export function headerTiming(box: Buffer | null): Timing | null {
  const read = box && box[0]! <= 1 ? timing(box) : null
  return read && read.timescale <= MAX_TIMESCALE && Number.isSafeInteger(read.duration) ? read : null
}

export function trackInfo(t: TrackBoxes): TrackInfo {
  return {
    index: t.index,
    handler: t.handler,
    media: headerTiming(t.mdhd),
    matrix: matrix(t.tkhd),
    edits: wholeEdits(readEdits(t.elst)),
    start: presentationStart(t.stts, t.ctts),
    hasOffsets: t.ctts !== null,
    boundary: (ticks) => sampleBoundary(t.stts, ticks),
    samples: samples(t.stts, t.stsz),
    entry: sampleEntry(t.stsd, t.handler),
  }
}

/** Every entry, or null when the box was cut at its bound: not all edits are known. */
const wholeEdits = (read: { declared: number; edits: Edit[] } | null): Edit[] | null =>
  read && read.edits.length === read.declared ? read.edits : null

/** mvhd and mdhd share the layout: version, times, timescale, duration (32- or 64-bit). */
function timing(box: Buffer | null): Timing | null {
  if (!box || box.length < 4) return null
  const wide = box[0] === 1
  const at = wide ? 20 : 12
  if (box.length < at + (wide ? 12 : 8)) return null
  const timescale = box.readUInt32BE(at)
  const duration = wide ? Number(box.readBigUInt64BE(at + 4)) : box.readUInt32BE(at + 4)
  return timescale > 0 ? { timescale, duration } : null
}

function matrix(tkhd: Buffer | null): TrackInfo['matrix'] {
  if (!tkhd || tkhd.length < 4) return null
  const at = tkhd[0] === 1 ? 52 : 40
  if (tkhd.length < at + 20) return null
  const fixed = (offset: number) => tkhd.readInt32BE(at + offset) / 65536
  return [fixed(0), fixed(4), fixed(12), fixed(16)]
}

/** elst: the entries that could be read (all, unless the box was cut at its bound) and how many it declares. */
function readEdits(elst: Buffer | null): { declared: number; edits: Edit[] } | null {
  if (!elst || elst.length < 8) return null
  const wide = elst[0] === 1
  const width = wide ? 20 : 12
  const declared = elst.readUInt32BE(4)
  const readable = Math.min(declared, Math.floor((elst.length - 8) / width))
  const edits = Array.from({ length: readable }, (_, i) => {
    const at = 8 + i * width
    const segment = wide ? Number(elst.readBigUInt64BE(at)) : elst.readUInt32BE(at)
    const mediaTime = wide ? Number(elst.readBigInt64BE(at + 8)) : elst.readInt32BE(at + 4)
    return { segment, mediaTime, rate: elst.readInt32BE(at + (wide ? 16 : 8)) / 65536 }
  })
  return { declared, edits }
}

/** A track's edit list as the report states it; null for a track without one. */
export function editListFacts(t: TrackBoxes): EditListFacts | null {
  if (!t.elst) return null
  const read = readEdits(t.elst)
  const edits = read?.edits ?? []
  return {
    track: t.index,
    handler: t.handler,
    timescale: timing(t.mdhd)?.timescale ?? null,
    entries: read?.declared ?? 0,
    emptyEdits: edits.filter((e) => e.mediaTime === -1).length,
    firstMediaTime: edits.find((e) => e.mediaTime !== -1)?.mediaTime ?? null,
  }
}

/** Both tables read whole, else null: a cut table gives no totals. */
function samples(stts: Buffer | null, stsz: Buffer | null): Samples | null {
  if (!stts || !stsz || stts.length < 8 || stsz.length < 12) return null
  const runs = stts.readUInt32BE(4)
  if (8 + runs * 8 > stts.length || runs === 0) return null
  let timed = 0
  let ticks = 0
  for (let i = 0; i < runs; i++) {
    const count = stts.readUInt32BE(8 + i * 8)
    timed += count
    ticks += count * stts.readUInt32BE(12 + i * 8)
  }
  const fixedSize = stsz.readUInt32BE(4)
  const sized = stsz.readUInt32BE(8)
  let bytes = fixedSize * sized
  if (fixedSize === 0) {
    if (12 + sized * 4 > stsz.length) return null
    for (let i = 0; i < sized; i++) bytes += stsz.readUInt32BE(12 + i * 4)
  }
  const last = 8 + (runs - 1) * 8
  return {
    timed,
    ticks,
    runs,
    firstDelta: stts.readUInt32BE(12),
    lastRunCount: stts.readUInt32BE(last),
    firstRunCount: stts.readUInt32BE(8),
    sized,
    bytes,
  }
}

// Bytes from a sample entry's header to its child boxes (ISO 14496-12 §12.1.3, §12.2.3; QuickTime sound v1/v2).
const VISUAL_FIELDS = 78
const AUDIO_FIELDS = 28
const QUICKTIME_SOUND_EXTRA: Record<number, number> = { 1: 16, 2: 36 }

/** stsd's first entry (the one every sample of a normal track uses). */
function sampleEntry(stsd: Buffer | null, handler: string | null): SampleEntry | null {
  if (!stsd || stsd.length < 16 || stsd.readUInt32BE(4) < 1) return null
  const size = stsd.readUInt32BE(8)
  const entry = stsd.subarray(16, 8 + size)
  if (size < 16 || 8 + size > stsd.length) return null
  const format = stsd.toString('latin1', 12, 16)
  const base = { format, width: 0, height: 0, channels: 0, sampleRate: 0 }
  if (handler === 'vide' && entry.length >= VISUAL_FIELDS) {
    const boxes = childBoxes(entry.subarray(VISUAL_FIELDS))
    return boxes && { ...base, width: entry.readUInt16BE(24), height: entry.readUInt16BE(26), boxes }
  }
  if (handler === 'soun' && entry.length >= AUDIO_FIELDS) {
    const version = entry.readUInt16BE(8)
    const skip = AUDIO_FIELDS + (QUICKTIME_SOUND_EXTRA[version] ?? 0)
    const boxes = childBoxes(entry.subarray(skip))
    const wave = boxes?.get('wave') // QuickTime keeps esds inside a wave box
    const inWave = wave ? childBoxes(wave) : null
    if (!boxes || (wave && !inWave)) return null
    if (inWave && !boxes.has('esds')) for (const [type, body] of inWave) if (!boxes.has(type)) boxes.set(type, body)
    return { ...base, channels: entry.readUInt16BE(16), sampleRate: entry.readUInt32BE(24) / 65536, boxes }
  }
  return { ...base, boxes: new Map() }
}

/**
 * Boxes laid end to end in `bytes`, each once; null when one does not fit, is too short for its kind,
 * comes twice or belongs elsewhere (ffmpeg reads it as that box), or bytes are left over.
 */
function childBoxes(bytes: Buffer): Map<string, Buffer> | null {
  const found = new Map<string, Buffer>()
  let at = 0
  while (at + 8 <= bytes.length) {
    const size = bytes.readUInt32BE(at)
    const type = bytes.toString('latin1', at + 4, at + 8)
    if (size < (type === 'uuid' ? UUID_BOX : 8) || at + size > bytes.length || found.has(type) || HOMES.has(type))
      return null
    found.set(type, bytes.subarray(at + 8, at + size))
    at += size
  }
  return at === bytes.length || bytes.subarray(at).every((b) => b === 0) ? found : null
}

/** Whether `ticks` falls between two samples of the stts runs (or at either end of the track). */
function sampleBoundary(stts: Buffer | null, ticks: number): boolean {
  if (!stts || stts.length < 8) return false
  let from = 0
  for (let at = 8; at + 8 <= stts.length; at += 8) {
    const delta = stts.readUInt32BE(at + 4)
    const to = from + stts.readUInt32BE(at) * delta
    if (ticks <= to) return delta > 0 && (ticks - from) % delta === 0
    from = to
  }
  return false
}

/**
 * Where a track without an edit list starts, in media ticks: the first sample's composition offset, which
 * is ffmpeg's first timestamp; null when a later sample would be shown before it.
 */
function presentationStart(stts: Buffer | null, ctts: Buffer | null): number | null {
  if (!ctts || ctts.length < 16) return 0
  const first = ctts.readUInt32BE(12)
  if (!stts || stts.length < 8) return null
  // Every sample's time: decode time plus offset, walked run by run over both tables.
  let dts = 0
  let sttsRun = 0
  let sttsLeft = stts.length >= 16 ? stts.readUInt32BE(8) : 0
  const runs = Math.floor((ctts.length - 8) / 8)
  for (let run = 0; run < runs; run++) {
    const offset = ctts.readUInt32BE(12 + run * 8)
    for (let n = ctts.readUInt32BE(8 + run * 8); n > 0; n--) {
      if (dts + offset < first) return null
      while (sttsLeft === 0 && 16 + (sttsRun + 1) * 8 <= stts.length) sttsLeft = stts.readUInt32BE(8 + ++sttsRun * 8)
      if (sttsLeft === 0) return first
      dts += stts.readUInt32BE(12 + sttsRun * 8)
      sttsLeft--
    }
  }
  return first
}
