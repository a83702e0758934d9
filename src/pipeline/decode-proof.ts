// Decode proof (depth "full"): one bounded ffprobe run decodes the start and the end of every video and audio
// stream, so that a file whose headers are sound but whose media data is not (zeroed, cut, garbled) is caught.
import { execFile } from 'node:child_process'
import { open } from 'node:fs/promises'
import { setTimeout as delay } from 'node:timers/promises'
import type { MediaFacts } from '../facts.js'
import { ProbeError, runFfprobeLogged, type FfprobeOptions, type LoggedRun } from '../services/ffprobe.js'
import type { SourceFacts } from '../fetch/source.js'
import type { ByteRange, ProofReads } from '../media/mp4-sample-places.js'

export interface DecodeProof {
  /** Which stream did not decode, and where; null when every stream that could be decoded did. */
  corrupt: string | null
  /** What could not be proved, in words (a codec the bundled ffprobe cannot decode, a file it cannot seek in). */
  unverified: string[]
  /** The bytes of the packets ffprobe read, as sorted, merged ranges; null when a packet came without its place. */
  read: ByteRange[] | null
}

/**
 * The proof needs bytes that were passed over unwritten (the download's omitted range), or it found damage on a
 * file with such a hole: the file must be downloaded whole and asked again.
 */
export class WholeFileNeeded extends Error {
  constructor(why: string) {
    super(`the whole file is needed: ${why}`)
  }
}

// The first interval: the first packets of the file, enough to reach every stream's first keyframe when the
// muxer interleaves in chunks of up to about a second (a phone's 60 fps video and its audio).
const FIRST_PACKETS = 128
// The last interval starts this far before the end: the seek lands on the last keyframe at or before it, so the
// whole last GOP is read and every stream's last second is decoded.
const TAIL_S = 1
// A bound on the last interval: a file with one keyframe (its last GOP is the whole file) is read this far, no further.
const LAST_PACKETS = 10_000

/**
 * Only keyframes are decoded in full (`-skip_frame nokey`): every other packet of the two intervals is still read
 * and split into its units, which reports damaged ones, at a fraction of a full decode. Audio decoders ignore the
 * video options and decode every packet. Reconstruction steps that cannot fail on damaged data (inverse transform,
 * loop filter) are skipped: the bitstream is what is checked, not the picture.
 */
const DECODE_OPTIONS = ['-skip_frame', 'nokey', '-skip_idct', 'all', '-skip_loop_filter', 'all', '-threads', '1']
// ISO BMFF and QuickTime declare every stream and its decoder setup in moov: ffprobe need not read packets ahead to
// find them (other containers, MPEG-TS first, may reveal a stream only in its packets). Saves a decode of the head.
const BOX_CONTAINERS = new Set(['mp4', 'mov', 'm4v', 'm4a', '3gp', '3g2', 'f4v'])
const NO_LOOKAHEAD = ['-probesize', '32', '-analyzeduration', '0']
// The run that follows a download gives up when no byte comes for this long (the finished file is then decoded anew)...
const AHEAD_STALL_MS = 10_000
// ...and is waited for this long once the download is whole (a file it cannot finish is decoded anew).
const AHEAD_GRACE_MS = 500
const ENTRIES =
  'stream=index,codec_type,codec_name:stream_disposition=attached_pic:packet=stream_index,dts,pos,size:frame=stream_index'
// The middle a download may leave unwritten starts this long before the last interval's seek target: the sync sample
// the seek lands on, computed from the moov's tables, is then found before it even where edits shift the times a little.
const TAIL_MARGIN_S = 1

interface DecodeOutput {
  streams?: { index?: number; codec_type?: string; codec_name?: string; disposition?: { attached_pic?: number } }[]
  packets_and_frames?: { type?: string; stream_index?: number; dts?: number; pos?: string; size?: string }[]
}

/** What the proof of an MP4 of `durationS` seconds reads, for a download to know what it may leave unwritten. */
export function proofReads(durationS: number): ProofReads {
  return { headSamples: FIRST_PACKETS, tailFromS: durationS - TAIL_S - TAIL_MARGIN_S }
}

/** Whether the proof read nothing of `hole` (and knows where every packet it read lies). */
export function readOutside(proof: DecodeProof, hole: ByteRange): boolean {
  return proof.read !== null && proof.read.every(({ from, to }) => to <= hole.from || from >= hole.to)
}

interface Stream {
  index: number
  type: 'video' | 'audio'
  codec: string
}

type Place = 'first' | 'last'

interface Counts {
  packets: number
  frames: number
}

export const DECODE_SKIPPED_QUICK = 'that each stream decodes: depth "quick" decodes no frame'
const DECODE_SKIPPED_PARTIAL = 'that each stream decodes: only the head of the file was read'

export interface DecodeContext {
  depth: 'full' | 'quick'
  /** Only the head of the file is on disk. */
  partial: boolean
  /** A URL's source facts: depth "quick" lists the decode it skipped in theirs, as it lists the rest it skipped. */
  source: SourceFacts | null
  /** The proof run while the file downloaded (proveAhead); used when it found the file sound. */
  ahead?: Promise<DecodeProof | null>
  /** The file's range passed over unwritten: a proof stands only if it read none of it and found no damage. */
  omitted?: ByteRange | null
}

/**
 * Video and audio facts with the decode proof folded in: at depth "full" of a whole file, `corrupt` when a stream
 * did not decode; what was not proved, in `unverified`. Facts already corrupt are not decoded again.
 */
export async function withDecodeProof(
  path: string,
  media: MediaFacts,
  context: DecodeContext,
  options: FfprobeOptions,
): Promise<MediaFacts> {
  if ((media.kind !== 'video' && media.kind !== 'audio') || media.corrupt !== null) return media
  if (context.depth === 'quick') {
    if (context.source) context.source.unverified.push(DECODE_SKIPPED_QUICK)
    return context.source ? media : { ...media, unverified: [...media.unverified, DECODE_SKIPPED_QUICK] }
  }
  if (context.partial) return { ...media, unverified: [...media.unverified, DECODE_SKIPPED_PARTIAL] }
  // A damning answer from the run that followed the download is asked again of the finished file: only a clean one
  // stands as it is (a read that timed out while the bytes were slow to come would read as damage).
  const grace = new AbortController()
  const waited = delay(AHEAD_GRACE_MS, null, { signal: grace.signal }).catch(() => null)
  const early = context.ahead ? await Promise.race([context.ahead.catch(() => null), waited]) : null
  grace.abort()
  const proof = early && early.corrupt === null ? early : await proveDecode(path, media, options)
  // Damage seen in a file with a hole may be the hole's zeros: only the whole file can tell.
  const hole = options.signal?.aborted ? null : context.omitted // a request given up needs no second download
  if (hole && proof.corrupt !== null) throw new WholeFileNeeded(`the decode failed (${proof.corrupt})`)
  if (hole && !readOutside(proof, hole)) throw new WholeFileNeeded('the decode read bytes that were not kept')
  return { ...media, corrupt: proof.corrupt, unverified: [...media.unverified, ...proof.unverified] }
}

/**
 * The decode proof of a file still being downloaded to `path`, from facts of its head (a faststart MP4's moov): ffprobe
 * opens the file as it grows (the file protocol's `follow`), decodes the first GOP as soon as it is written and waits
 * for the last, so that little is left to do once the last byte lands. Its answer stands only for the whole file,
 * downloaded once from byte 0, that the head's facts stand for; anything but a clean answer is asked again of the
 * finished file. No ffprobe slot is held: the run waits on the download most of its life, and decodes what a proof does.
 */
export async function proveAhead(
  path: string,
  media: MediaFacts,
  waitMs: number,
  options: FfprobeOptions,
  sparse = false,
): Promise<DecodeProof | null> {
  // Only MP4/QuickTime: their demuxer stops at the last sample the index lists, where others would wait for more.
  if ((media.kind !== 'video' && media.kind !== 'audio') || !media.container || !BOX_CONTAINERS.has(media.container))
    return null
  await (await open(path, 'a')).close() // ffprobe opens it before the download may have: same file, not truncated
  // A download that passes over the middle writes nothing for a while: the wait is then the download's own bound.
  const stallMs = sparse ? waitMs : Math.min(waitMs, AHEAD_STALL_MS)
  const follow = ['-follow', '1', '-rw_timeout', String(stallMs * 1000)]
  return proveDecode(path, media, { ...options, slots: undefined, timeoutMs: waitMs + options.timeoutMs }, follow)
}

/** Decodes the first and last GOP of every video stream and the start and end of every audio stream. */
async function proveDecode(
  path: string,
  media: MediaFacts,
  options: FfprobeOptions,
  input: readonly string[] = [],
): Promise<DecodeProof> {
  const tail = media.durationS === null ? null : Math.max(0, media.durationS - TAIL_S)
  const intervals = tail === null ? `%+#${FIRST_PACKETS}` : `%+#${FIRST_PACKETS},${tail.toFixed(3)}%+#${LAST_PACKETS}`
  const lookahead = [...input, ...(media.container && BOX_CONTAINERS.has(media.container) ? NO_LOOKAHEAD : [])]
  const [run, decodable] = await Promise.all([decodeRun(path, intervals, lookahead, options), decodableCodecs(options)])
  if (typeof run === 'string') return { corrupt: run, unverified: [], read: null }
  const output = run.output as DecodeOutput
  const read = packetBytes(output)
  const streams = mediaStreams(output)
  const unverified: string[] = []
  if (tail === null) unverified.push('the end of each stream: the file declares no duration to seek to')
  const undecodable = streams.filter((s) => decodable !== null && !decodable.has(s.codec))
  for (const s of undecodable)
    unverified.push(`that the ${s.type} stream (${s.codec}) decodes: the bundled ffprobe has no decoder for it`)
  const checked = streams.filter((s) => !undecodable.includes(s))
  if (checked.length === 0) return { corrupt: null, unverified, read }
  const seekFailed = run.errors.some((line) => /could not seek/i.test(line))
  if (seekFailed) unverified.push('the end of each stream: ffprobe could not seek in this file')
  // A line that names no checked stream's decoder (a parser's `[NULL @ …]`, the demuxer's) may be about a stream
  // that is not decoded: it then proves nothing either way.
  const errors = run.errors.filter(
    (line) => !/could not seek/i.test(line) && (undecodable.length === 0 || streamOf(line, checked) !== null),
  )
  const counts = countByPlace(output, tail === null || seekFailed)
  // A stream that had packets in an interval and gave no frame there did not decode there.
  for (const place of ['first', 'last'] as const) {
    const silent = checked.find((s) => {
      const c = counts[place].get(s.index)
      return c !== undefined && c.packets > 0 && c.frames === 0
    })
    if (silent) return { corrupt: reason(silent, place, errorFor(silent, errors, checked)), unverified, read }
  }
  if (errors.length === 0) return { corrupt: null, unverified, read }
  const culprit = streamOf(errors[0]!, checked) ?? checked[0]!
  return {
    corrupt: reason(culprit, await placeOf(path, lookahead, options), errorFor(culprit, errors, checked)),
    unverified,
    read,
  }
}

async function decodeRun(
  path: string,
  intervals: string,
  lookahead: readonly string[],
  options: FfprobeOptions,
): Promise<LoggedRun | string> {
  try {
    return await runFfprobeLogged(
      path,
      [...lookahead, ...DECODE_OPTIONS, '-read_intervals', intervals, '-show_entries', ENTRIES],
      options,
    )
  } catch (error) {
    if (!(error instanceof ProbeError)) throw error
    if (error.reason === 'aborted') return error.message
    return error.reason === 'timeout'
      ? `decoding stopped after ${options.timeoutMs} ms`
      : `decoding failed: ${error.message}`
  }
}

/**
 * Errors that left every interval with frames (a damaged frame after a sound keyframe): a second run of the first
 * interval alone tells where. Only a damaged file pays for it.
 */
async function placeOf(path: string, lookahead: readonly string[], options: FfprobeOptions): Promise<Place | null> {
  const first = await decodeRun(path, `%+#${FIRST_PACKETS}`, lookahead, options).catch(() => null)
  if (first === null || typeof first === 'string') return null
  return first.errors.length > 0 ? 'first' : 'last'
}

/** The byte ranges of the packets read, sorted and merged; null when one has no known place. */
function packetBytes(output: DecodeOutput): ByteRange[] | null {
  const spans: ByteRange[] = []
  for (const entry of output.packets_and_frames ?? []) {
    if (entry.type !== 'packet') continue
    const from = Number(entry.pos)
    const size = Number(entry.size)
    if (!Number.isSafeInteger(from) || from < 0 || !Number.isSafeInteger(size) || size < 0) return null
    spans.push({ from, to: from + size })
  }
  spans.sort((a, b) => a.from - b.from)
  const merged: ByteRange[] = []
  for (const span of spans) {
    const last = merged.at(-1)
    if (last && span.from <= last.to) last.to = Math.max(last.to, span.to)
    else merged.push({ ...span })
  }
  return merged
}

function mediaStreams(output: DecodeOutput): Stream[] {
  const streams: Stream[] = []
  for (const s of output.streams ?? []) {
    // Cover art is a picture, not a stream that plays.
    if (
      (s.codec_type !== 'video' && s.codec_type !== 'audio') ||
      s.disposition?.attached_pic === 1 ||
      s.index === undefined
    )
      continue
    streams.push({ index: s.index, type: s.codec_type, codec: s.codec_name ?? 'unknown' })
  }
  return streams
}

/**
 * Packets and frames of each stream in each interval. ffprobe prints them in the order it reads and decodes them,
 * and flushes the decoders at the end of an interval. The last interval starts at packet FIRST_PACKETS + 1, or
 * earlier when the first one read the whole file: at the first packet whose decoding time goes back. With
 * `firstOnly`, the only interval read was the first.
 */
function countByPlace(output: DecodeOutput, firstOnly: boolean): Record<Place, Map<number, Counts>> {
  const counts: Record<Place, Map<number, Counts>> = { first: new Map(), last: new Map() }
  const lastDts = new Map<number, number>()
  let packets = 0
  let place: Place = 'first'
  for (const entry of output.packets_and_frames ?? []) {
    if (entry.stream_index === undefined) continue
    if (entry.type === 'packet' && !firstOnly && place === 'first') {
      const before = lastDts.get(entry.stream_index)
      if (++packets > FIRST_PACKETS || (before !== undefined && entry.dts !== undefined && entry.dts <= before))
        place = 'last'
      if (entry.dts !== undefined) lastDts.set(entry.stream_index, entry.dts)
    }
    const c = counts[place].get(entry.stream_index) ?? { packets: 0, frames: 0 }
    if (entry.type === 'packet') c.packets++
    else if (entry.type === 'frame') c.frames++
    counts[place].set(entry.stream_index, c)
  }
  return counts
}

/** The stream an ffprobe error line names: `[h264 @ 0x…]`, `[mp3float @ 0x…]` (decoder names start with the codec's). */
function streamOf(line: string, streams: readonly Stream[]): Stream | null {
  const name = /^\[([\w-]+) @/.exec(line)?.[1]
  if (!name) return null
  return streams.find((s) => name === s.codec || name.startsWith(s.codec) || name.includes(s.codec)) ?? null
}

function errorFor(stream: Stream, errors: readonly string[], streams: readonly Stream[]): string | null {
  const line = errors.find((l) => streamOf(l, streams) === stream) ?? errors[0]
  return line ? line.replace(/^\[[^\]]*\]\s*/, '').replace(/\.$/, '') : null
}

function reason(stream: Stream, place: Place | null, error: string | null): string {
  const where =
    place === null
      ? stream.type === 'video'
        ? 'in its first or last GOP'
        : 'at its start or end'
      : stream.type === 'video'
        ? `in its ${place} GOP`
        : `at its ${place === 'first' ? 'start' : 'end'}`
  const what = error ? `: ${error}` : ': no frame came out'
  return `the ${stream.type} stream (${stream.codec}) did not decode ${where}${what}`
}

const decoders = new Map<string, Promise<Set<string>>>()

/** The codecs the ffprobe binary can decode (`-codecs`, flag D), asked once per binary; null when it cannot say. */
async function decodableCodecs(options: FfprobeOptions): Promise<Set<string> | null> {
  let known = decoders.get(options.ffprobePath)
  if (!known) {
    known = listDecodable(options)
    decoders.set(options.ffprobePath, known)
    known.catch(() => decoders.delete(options.ffprobePath)) // a failed listing is asked again next time
  }
  return known.catch(() => null)
}

function listDecodable(options: FfprobeOptions): Promise<Set<string>> {
  return new Promise((resolve, reject) => {
    const bounds = {
      timeout: options.timeoutMs,
      killSignal: 'SIGKILL' as const,
      maxBuffer: 1024 * 1024,
      signal: options.signal,
    }
    execFile(options.ffprobePath, ['-hide_banner', '-codecs'], bounds, (error, stdout) => {
      if (error) return reject(error)
      const codecs = new Set<string>()
      // " DEV.LS h264   H.264 / AVC ...": the first flag says whether a decoder is built in.
      for (const match of stdout.matchAll(/^ D[.E][VA][.I][.L][.S] (\S+)/gm)) codecs.add(match[1]!)
      resolve(codecs)
    })
  })
}
