// Where each track's samples lie in the file, from its sample tables: which bytes a decode of the first packets and
// of the last seconds reads, so that a download can pass over the rest without writing it. Pure.
import type { BoxFacts } from './mp4-boxes.js'
import { headerTiming, trackInfo, type TrackBoxes } from './mp4-tracks.js'

export interface ByteRange {
  /** First byte, inclusive. */
  from: number
  /** End, exclusive. */
  to: number
}

export interface ProofReads {
  /** Samples each track gives the first interval (a proof that reads N packets in all reads at most N of each). */
  headSamples: number
  /** The proof's last interval seeks here (seconds of the movie): the last sync sample at or before it, and on. */
  tailFromS: number
}

interface SampleAt {
  offset: number
  size: number
  /** Decode time in media ticks, from the track's first sample. */
  dts: number
  sync: boolean
}

// Too little to be worth a second file stream: the middle is written as before.
const MIN_SKIP_BYTES = 1024 * 1024

/**
 * The middle of a faststart MP4 that a decode proof reading `reads` does not touch, or null when there is none worth
 * skipping or the tables cannot say (only `ftyp … moov … mdat` with the one mdat running to the end of the file, every
 * sample inside it). Conservative by construction; the proof's own packet positions are checked against it after.
 */
export function unreadMiddle(boxes: BoxFacts, fileSize: number, reads: ProofReads): ByteRange | null {
  if (boxes.problems.length > 0 || boxes.moovAtFront !== true || boxes.media.length !== 1) return null
  const [mdatFrom, mdatTo] = boxes.media[0]!
  if (mdatTo !== fileSize || boxes.tracks.length === 0) return null
  const movie = headerTiming(boxes.mvhd)
  if (!movie) return null
  const clocks = boxes.tracks.map((t) => indexClock(t, movie.timescale))
  if (clocks.some((c) => c === null)) return null
  // The seek lands on the default (video) stream's sync sample at or before the target; the other streams are sought
  // to that sample's time, each to its last sample at or before it.
  let seekS = Infinity
  for (const [i, t] of boxes.tracks.entries()) {
    if (t.handler !== 'vide' || !t.stss) continue
    const clock = clocks[i]!
    let at = 0
    const ok = eachSample(t, fileSize, (s) => {
      const time = clock(s.dts)
      if (time > reads.tailFromS) return false
      if (s.sync) at = time
      return true
    })
    if (!ok) return null
    seekS = Math.min(seekS, at)
  }
  if (seekS === Infinity) seekS = reads.tailFromS
  const cutoff = seekS - OTHER_TRACKS_MARGIN_S
  let headEnd = mdatFrom
  let tailStart = fileSize
  for (const [i, t] of boxes.tracks.entries()) {
    const clock = clocks[i]!
    let count = 0
    let outside = false
    let before = -1 // where the last sample at or before the cutoff lies: the seek may land on it
    const ok = eachSample(t, fileSize, (s) => {
      outside = s.offset < mdatFrom || s.offset + s.size > mdatTo
      if (count++ < reads.headSamples) headEnd = Math.max(headEnd, s.offset + s.size)
      if (clock(s.dts) <= cutoff) before = s.offset
      else tailStart = Math.min(tailStart, s.offset)
      return !outside
    })
    if (!ok || outside) return null
    if (before >= 0) tailStart = Math.min(tailStart, before)
  }
  return tailStart - headEnd >= MIN_SKIP_BYTES ? { from: headEnd, to: tailStart } : null
}

// The other streams' seek, computed here, may differ from ffmpeg's by a rounding: a little more is kept before it.
const OTHER_TRACKS_MARGIN_S = 0.25

/**
 * A track's decode times as ffmpeg's index holds them, in seconds: shifted back by the edit list's first media time
 * (the frames a B-frame delay or an audio priming edit hides) and on by its empty edits (a delayed start).
 */
function indexClock(t: TrackBoxes, movieTimescale: number): ((dts: number) => number) | null {
  const timescale = headerTiming(t.mdhd)?.timescale
  if (!timescale) return null
  const edits = trackInfo(t).edits ?? []
  const delayS = edits.filter((e) => e.mediaTime === -1).reduce((sum, e) => sum + e.segment, 0) / movieTimescale
  const shift = edits.find((e) => e.mediaTime !== -1)?.mediaTime ?? 0
  return (dts) => (dts - shift) / timescale + delayS
}

/**
 * Visits a track's samples in order, with their place, size, decode time and sync flag, until `visit` says stop.
 * False when the tables disagree with each other or with the file (the caller then skips nothing).
 */
function eachSample(t: TrackBoxes, fileSize: number, visit: (s: SampleAt) => boolean): boolean {
  const { stsz, stsc, stts } = t
  const offsets = t.co64 ?? t.stco
  if (!stsz || !stsc || !stts || !offsets || stsz.length < 12 || stsc.length < 8 || stts.length < 8) return false
  if (offsets.length < 8) return false
  const fixed = stsz.readUInt32BE(4)
  const count = stsz.readUInt32BE(8)
  if (fixed === 0 && 12 + count * 4 > stsz.length) return false
  const wide = t.co64 !== null
  const chunks = offsets.readUInt32BE(4)
  if (8 + chunks * (wide ? 8 : 4) > offsets.length) return false
  const runs = stsc.readUInt32BE(4)
  if (runs === 0 || 8 + runs * 12 > stsc.length) return false
  const timeRuns = stts.readUInt32BE(4)
  if (8 + timeRuns * 8 > stts.length) return false
  const syncs = t.stss && t.stss.length >= 8 ? t.stss.readUInt32BE(4) : null
  if (t.stss && (syncs === null || 8 + syncs * 4 > t.stss.length)) return false
  let sample = 0
  let dts = 0
  let timeRun = 0
  let leftInRun = timeRuns > 0 ? stts.readUInt32BE(8) : 0
  let syncAt = 0
  for (let run = 0; run < runs && sample < count; run++) {
    const first = stsc.readUInt32BE(8 + run * 12)
    const perChunk = stsc.readUInt32BE(12 + run * 12)
    const next = run + 1 < runs ? stsc.readUInt32BE(20 + run * 12) : chunks + 1
    if (first < 1 || next <= first || perChunk === 0 || next > chunks + 1) return false
    for (let chunk = first; chunk < next && sample < count; chunk++) {
      let offset = wide
        ? Number(offsets.readBigUInt64BE(8 + (chunk - 1) * 8))
        : offsets.readUInt32BE(8 + (chunk - 1) * 4)
      for (let i = 0; i < perChunk && sample < count; i++, sample++) {
        const size = fixed || stsz.readUInt32BE(12 + sample * 4)
        if (!Number.isSafeInteger(offset) || offset + size > fileSize) return false
        while (leftInRun === 0 && timeRun + 1 < timeRuns) leftInRun = stts.readUInt32BE(8 + ++timeRun * 8)
        let sync = true
        if (syncs !== null) {
          while (syncAt < syncs && t.stss!.readUInt32BE(8 + syncAt * 4) < sample + 1) syncAt++
          sync = syncAt < syncs && t.stss!.readUInt32BE(8 + syncAt * 4) === sample + 1
        }
        if (!visit({ offset, size, dts, sync })) return true
        if (leftInRun > 0) {
          dts += stts.readUInt32BE(12 + timeRun * 8)
          leftInRun--
        }
        offset += size
      }
    }
  }
  return sample === count
}
