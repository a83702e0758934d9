// What the moov reader checks before it vouches for a track: every table it or ffmpeg relies on read whole and consistent.
//
// ffmpeg's mov demuxer refuses some broken tables (an impossible count, a dref without entries) and
// quietly repairs others (a timescale it cannot use becomes 1, a sample past its limit ends the index):
// either way its answer is not the tables' face value, so the reader answers only when every count fits
// its box and agrees with the others, and leaves everything else to ffprobe.
import { headerTiming, type TrackBoxes } from './mp4-tracks.js'

const MAX_INT32 = 0x7fff_ffff
// mov_build_index stops at a sample larger than this (libavformat/mov.c).
const MAX_SAMPLE_BYTES = 0x3fff_ffff
// Track kinds the reader knows; ffmpeg gives others a stream of their own (or guesses one from the codec).
const HANDLERS = new Set(['vide', 'soun'])
const DREF_ENTRY = 12
// A sample entry's size and format, then its 6 reserved bytes and data reference index.
const SAMPLE_ENTRY = 16

/** The movie header's doubt: ffmpeg replaces a timescale it cannot use. */
export function movieDoubt(mvhd: Buffer | null): string | null {
  return headerTiming(mvhd) ? null : 'no usable movie header (mvhd)'
}

/** The first reason the reader must not vouch for this track; null when every table it relies on agrees. */
export function trackDoubt(t: TrackBoxes, media: readonly [number, number][]): string | null {
  if (t.doubts.length > 0) return t.doubts[0]!
  if (!t.handler || !HANDLERS.has(t.handler)) return `track ${t.index} has the handler ${JSON.stringify(t.handler)}`
  const timing = headerTiming(t.mdhd)
  if (!timing) return `track ${t.index} has no usable media header (mdhd)`
  return drefDoubt(t.dref) ?? stsdDoubt(t.stsd) ?? editsDoubt(t.elst) ?? tablesDoubt(t, timing.duration, media)
}

/** elst: read whole, its count filling the box (a count that does not is no edit list ffmpeg and the reader agree on). */
function editsDoubt(elst: Buffer | null): string | null {
  if (!elst) return null
  const count = elst.length >= 8 ? counted(elst, elst[0] === 1 ? 20 : 12) : null
  return count ? null : 'an edit list (elst) whose count does not fit its box'
}

/** dref: ffmpeg refuses a count of 0 or entries past the box. */
function drefDoubt(dref: Buffer | null): string | null {
  if (!dref) return null
  const count = dref.length >= 8 ? dref.readUInt32BE(4) : 0
  let at = 8
  for (let i = 0; i < count; i++) {
    const size = at + 4 <= dref.length ? dref.readUInt32BE(at) : 0
    if (size < DREF_ENTRY || at + size > dref.length) return 'a data reference (dref) entry past its box'
    at += size
  }
  return count >= 1 ? null : 'a data reference box (dref) without entries'
}

/** stsd: one sample entry that fills the box (the reader reads that one; the child boxes are checked where they are read). */
function stsdDoubt(stsd: Buffer | null): string | null {
  if (!stsd || stsd.length < 8 + SAMPLE_ENTRY) return 'no sample description (stsd)'
  if (stsd.readUInt32BE(4) !== 1) return `a sample description with ${stsd.readUInt32BE(4)} entries`
  return 8 + stsd.readUInt32BE(8) === stsd.length ? null : 'a sample entry that does not fill its box'
}

/** A full box of `count` entries of `width` bytes after `head` bytes: its count read, or null when it does not fill the box exactly. */
function counted(box: Buffer, width: number, head = 8): number | null {
  if (box.length < head) return null
  const count = box.readUInt32BE(4)
  return head + count * width === box.length ? count : null
}

/** stts, stsz, ctts, stsc, stco/co64 and stss agree with their boxes and with each other, and every chunk lies in an mdat. */
function tablesDoubt(t: TrackBoxes, mediaTicks: number, media: readonly [number, number][]): string | null {
  const runs = t.stts ? counted(t.stts, 8) : null
  if (!t.stts || !runs) return 'a time-to-sample table (stts) whose count does not fit its box'
  let samples = 0
  let ticks = 0
  for (let i = 0; i < runs; i++) {
    const count = t.stts.readUInt32BE(8 + i * 8)
    const delta = t.stts.readUInt32BE(12 + i * 8)
    if (count === 0 || delta === 0 || delta > MAX_INT32) return `an stts entry of ${count} samples of ${delta} ticks`
    samples += count
    ticks += count * delta
  }
  // ffmpeg takes the shorter of mdhd's duration and the samples' (and computes the bitrate from it).
  if (ticks !== mediaTicks) return `a media duration of ${mediaTicks} ticks for samples lasting ${ticks}`
  const sizes = sampleSizes(t.stsz, samples)
  if (typeof sizes === 'string') return sizes
  return compositionDoubt(t.ctts, samples) ?? syncDoubt(t.stss, samples) ?? chunksDoubt(t, sizes, media)
}

/** stsz: one size for all, or one per sample, each within ffmpeg's limit; as many samples as stts times. */
function sampleSizes(stsz: Buffer | null, samples: number): ((i: number) => number) | string {
  if (!stsz || stsz.length < 12) return 'no sample size table (stsz)'
  const fixed = stsz.readUInt32BE(4)
  const count = stsz.readUInt32BE(8)
  if (count !== samples) return `${count} sample sizes for ${samples} timed samples`
  if (fixed !== 0) return stsz.length === 12 && fixed <= MAX_SAMPLE_BYTES ? () => fixed : `a sample size of ${fixed}`
  if (stsz.length !== 12 + count * 4) return 'a sample size table (stsz) whose count does not fit its box'
  for (let i = 0; i < count; i++)
    if (stsz.readUInt32BE(12 + i * 4) > MAX_SAMPLE_BYTES) return `a sample of ${stsz.readUInt32BE(12 + i * 4)} bytes`
  return (i) => stsz.readUInt32BE(12 + i * 4)
}

/** ctts: runs covering every sample once; a negative offset makes ffmpeg shift the track's timestamps. */
function compositionDoubt(ctts: Buffer | null, samples: number): string | null {
  if (!ctts) return null
  const runs = counted(ctts, 8)
  if (runs === null) return 'a composition offset table (ctts) whose count does not fit its box'
  let covered = 0
  for (let i = 0; i < runs; i++) {
    const count = ctts.readUInt32BE(8 + i * 8)
    if (count === 0 || ctts.readInt32BE(12 + i * 8) < 0) return 'a ctts entry of no samples or a negative offset'
    covered += count
  }
  return covered === samples ? null : `composition offsets for ${covered} of ${samples} samples`
}

/** stss: sample numbers within the track, in order. */
function syncDoubt(stss: Buffer | null, samples: number): string | null {
  if (!stss) return null
  const count = counted(stss, 4)
  if (count === null) return 'a sync sample table (stss) whose count does not fit its box'
  let last = 0
  for (let i = 0; i < count; i++) {
    const sample = stss.readUInt32BE(8 + i * 4)
    if (sample <= last || sample > samples) return `sync sample ${sample} out of order or past the track`
    last = sample
  }
  return null
}

/** stsc maps every sample to a chunk of stco/co64, and each chunk's bytes lie inside one mdat. */
function chunksDoubt(t: TrackBoxes, size: (i: number) => number, media: readonly [number, number][]): string | null {
  if (!!t.stco === !!t.co64) return 'not exactly one chunk offset table (stco or co64)'
  const wide = !t.stco
  const offsets = (t.stco ?? t.co64)!
  const chunks = counted(offsets, wide ? 8 : 4)
  const runs = t.stsc ? counted(t.stsc, 12) : null
  if (!chunks || !runs || !t.stsc) return 'a chunk table (stsc, stco) whose count does not fit its box'
  const samples = t.stsz!.readUInt32BE(8)
  let sample = 0
  for (let run = 0; run < runs; run++) {
    const first = t.stsc.readUInt32BE(8 + run * 12)
    const perChunk = t.stsc.readUInt32BE(12 + run * 12)
    const next = run + 1 < runs ? t.stsc.readUInt32BE(20 + run * 12) : chunks + 1
    if ((run === 0 ? first !== 1 : false) || next <= first || next > chunks + 1 || perChunk === 0)
      return 'a sample-to-chunk table (stsc) out of order'
    if (t.stsc.readUInt32BE(16 + run * 12) !== 1) return 'a chunk that names another sample description'
    for (let chunk = first; chunk < next; chunk++) {
      const at = 8 + (chunk - 1) * (wide ? 8 : 4)
      const start = wide ? Number(offsets.readBigUInt64BE(at)) : offsets.readUInt32BE(at)
      if (sample + perChunk > samples) return `chunks holding more than the ${samples} samples`
      let end = start
      for (let i = 0; i < perChunk; i++) end += size(sample++)
      if (!media.some(([from, to]) => start >= from && end <= to))
        return `chunk ${chunk} lies outside the media data (mdat)`
    }
  }
  return sample === samples ? null : `chunks holding ${sample} of ${samples} samples`
}
