// MP4/QuickTime box walking over a file handle: headers checked against their parent, a budget on the box count.
import type { FileHandle } from 'node:fs/promises'

// Hostile files can claim millions of boxes, so every walk counts them, against a budget for what it walks.
// The probe's walk (children()) reads nested boxes too: real files hold a few dozen per track, so 1,000 leaves
// room for many tracks and still stops a hostile file early.
export const MAX_BOXES = 1_000
// The quick read and the early head walk only the top-level boxes before moov (ftyp, free, uuid, wide, at
// most a few real ones), and each of the quick read's headers may cost a range request: 64 is generous.
export const MAX_TOP_LEVEL_BOXES = 64

// Where each box ffmpeg's mov demuxer reads belongs. Found elsewhere, ffmpeg may read it where the
// reader does not look (a trak inside a trak is another stream; an stco in mdia, another track's offsets;
// a sample entry's child is read by the same table, so an stco there too).
export const HOMES = new Map<string, readonly string[]>(
  Object.entries({
    moov: [],
    mdat: [],
    moof: [],
    mfra: [],
    ftyp: [],
    mvhd: ['moov'],
    trak: ['moov'],
    mvex: ['moov'],
    udta: ['moov', 'trak'],
    meta: ['moov', 'trak', 'udta'],
    ilst: ['meta'],
    tkhd: ['trak'],
    edts: ['trak'],
    tref: ['trak'],
    mdia: ['trak'],
    elst: ['edts'],
    mdhd: ['mdia'],
    hdlr: ['mdia', 'minf', 'meta'],
    minf: ['mdia'],
    vmhd: ['minf'],
    smhd: ['minf'],
    dinf: ['minf'],
    stbl: ['minf'],
    dref: ['dinf'],
    ...Object.fromEntries(
      [
        'stsd',
        'stts',
        'ctts',
        'stsc',
        'stsz',
        'stz2',
        'stco',
        'co64',
        'stss',
        'stps',
        'sdtp',
        'sgpd',
        'sbgp',
        'cslg',
      ].map((t) => [t, ['stbl']]),
    ),
  }),
)
// A uuid box names its kind in 16 bytes after its header; ffmpeg refuses one too short for them.
export const UUID_BOX = 24

export interface Box {
  type: string
  start: number
  /** Where the payload starts, after the 8- or 16-byte header. */
  body: number
  end: number
  /** Its size ran past the end of its parent: nothing after it can be trusted. */
  cut: boolean
}

export interface Walk {
  handle: FileHandle
  fileSize: number
  boxes: number
  problems: string[]
  /** A box read whole (moov), so the walk inside it costs no further reads; null when none is. */
  held?: { start: number; bytes: Buffer } | null
}

// The largest box held in memory whole; a larger moov (hours of samples) is walked read by read.
export const MAX_HELD_BYTES = 16 * 1024 * 1024

/** Reads `box` whole into the walk when it is at most `limit` bytes: what follows inside it is served from memory. */
export async function hold(walk: Walk, box: Box, limit = MAX_HELD_BYTES): Promise<void> {
  const length = box.end - box.start
  if (length > limit) return
  const bytes = Buffer.alloc(length)
  const { bytesRead } = await walk.handle.read(bytes, 0, length, box.start)
  walk.held = { start: box.start, bytes: bytes.subarray(0, bytesRead) }
}

/** The boxes between `from` and `to`; stops at the first impossible header, noting why. */
export async function children(walk: Walk, from: number, to: number, done = (_found: Box[]) => false): Promise<Box[]> {
  const found: Box[] = []
  let position = from
  while (position + 8 <= to && !done(found)) {
    if (++walk.boxes > MAX_BOXES) {
      if (walk.boxes === MAX_BOXES + 1) walk.problems.push(`more than ${MAX_BOXES} boxes`)
      break
    }
    const box = await header(walk, position, to)
    if (!box) break
    found.push(box)
    if (box.cut) break
    position = box.end
  }
  return found
}

export interface BoxHeader {
  type: string
  /** The whole box's bytes, header included; null when a 64-bit size was announced but cut off. */
  size: number | null
  /** 8, or 16 with a 64-bit size. */
  headerBytes: number
}

/**
 * The one reader of an ISO BMFF box header, for the probe's walk, the quick read and the early head:
 * up to 16 bytes read at `position` → type and size (size 1: the 64-bit size that follows; size 0: the box
 * runs to `to`, the end of its parent or of the file). Null when fewer than 8 bytes are given. Each
 * caller judges the size against its own bounds.
 */
export function boxHeader(head: Buffer, position: number, to: number): BoxHeader | null {
  if (head.length < 8) return null
  const type = head.toString('latin1', 4, 8)
  const size32 = head.readUInt32BE(0)
  if (size32 === 1) return { type, size: head.length < 16 ? null : Number(head.readBigUInt64BE(8)), headerBytes: 16 }
  return { type, size: size32 === 0 ? to - position : size32, headerBytes: 8 }
}

async function header(walk: Walk, position: number, to: number): Promise<Box | null> {
  const parsed = boxHeader(await read(walk, position, 16), position, to)
  if (!parsed) return null
  const { type } = parsed
  // Printable ASCII, and the © that QuickTime and iTunes metadata items start with ('©too').
  if (!/^[\x20-\x7e\xa9]{4}$/.test(type)) {
    walk.problems.push(`unreadable box type at byte ${position}`)
    return null
  }
  if (parsed.size === null) {
    walk.problems.push(`box ${type} at byte ${position} is cut before its 64-bit size`)
    return null
  }
  const size = parsed.size
  const body = position + parsed.headerBytes
  if (size < body - position) {
    walk.problems.push(`box ${type} at byte ${position} has an impossible size ${size}`)
    return null
  }
  if (position + size > to) {
    walk.problems.push(
      `box ${type} at byte ${position} claims ${size} bytes, past the end of ${to === walk.fileSize ? 'the file' : 'its parent'}`,
    )
    // Kept, cut at the end, so box order is still known; the walk stops after it.
    return { type, start: position, body, end: to, cut: true }
  }
  return { type, start: position, body, end: position + size, cut: false }
}

/** The first `limit` payload bytes of a leaf box. */
export async function leaf(walk: Walk, box: Box | undefined, limit: number): Promise<Buffer | null> {
  if (!box) return null
  return read(walk, box.body, Math.min(limit, box.end - box.body))
}

export async function read(walk: Walk, position: number, length: number): Promise<Buffer> {
  const held = walk.held
  if (held && position >= held.start && position + length <= held.start + held.bytes.length) {
    return held.bytes.subarray(position - held.start, position - held.start + length)
  }
  const buffer = Buffer.alloc(length)
  const { bytesRead } = await walk.handle.read(buffer, 0, length, position)
  return buffer.subarray(0, bytesRead)
}
