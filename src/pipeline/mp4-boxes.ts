// MP4/QuickTime box reader: box order (fast start) and edit lists, reading only box headers and small leaves.
import { open, type FileHandle } from 'node:fs/promises'
import type { EditListFacts } from '../facts.js'

export interface BoxFacts {
  /** Whether `moov` precedes `mdat`; null when either is missing. */
  moovAtFront: boolean | null
  editLists: EditListFacts[]
  /** What makes the box tree impossible (missing boxes, sizes past the end); empty when sound. */
  problems: string[]
}

// Hostile files can claim millions of boxes: the count is bounded (real files hold a few dozen before
// their first mdat). Depth is bounded by construction: only moov → trak → edts/mdia is ever entered.
const MAX_BOXES = 1_000
const MAX_ELST_ENTRIES = 4_096

interface Box {
  type: string
  start: number
  /** Where the payload starts, after the 8- or 16-byte header. */
  body: number
  end: number
  /** Its size ran past the end of its parent: nothing after it can be trusted. */
  cut: boolean
}

interface Walk {
  handle: FileHandle
  fileSize: number
  boxes: number
  problems: string[]
}

export async function readBoxes(path: string): Promise<BoxFacts> {
  const handle = await open(path, 'r')
  try {
    const { size } = await handle.stat()
    const walk: Walk = { handle, fileSize: size, boxes: 0, problems: [] }
    // The top level is walked until moov and mdat are both seen: a fragmented file's moof/mdat pairs are not read.
    const top = await children(walk, 0, size, (found) => found.some((b) => b.type === 'moov') && found.some((b) => b.type === 'mdat'))
    const moov = top.find((b) => b.type === 'moov')
    const mdat = top.find((b) => b.type === 'mdat')
    if (!moov) walk.problems.push('no moov box (the index of the video is missing)')
    const editLists = moov ? await tracks(walk, moov) : []
    return {
      moovAtFront: mdat ? moov !== undefined && moov.start < mdat.start : null,
      editLists,
      problems: walk.problems,
    }
  } finally {
    await handle.close()
  }
}

/** The boxes between `from` and `to`; stops at the first impossible header, noting why. */
async function children(walk: Walk, from: number, to: number, done = (_found: Box[]) => false): Promise<Box[]> {
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

async function header(walk: Walk, position: number, to: number): Promise<Box | null> {
  const head = await read(walk.handle, position, 16)
  if (head.length < 8) return null
  const size32 = head.readUInt32BE(0)
  const type = head.toString('latin1', 4, 8)
  if (!/^[\x20-\x7e]{4}$/.test(type)) {
    walk.problems.push(`unreadable box type at byte ${position}`)
    return null
  }
  let size = size32
  let body = position + 8
  if (size32 === 1) {
    if (head.length < 16) {
      walk.problems.push(`box ${type} at byte ${position} is cut before its 64-bit size`)
      return null
    }
    size = Number(head.readBigUInt64BE(8))
    body = position + 16
  } else if (size32 === 0) {
    size = to - position // size 0: the box runs to the end of its parent (or of the file)
  }
  if (size < body - position) {
    walk.problems.push(`box ${type} at byte ${position} has an impossible size ${size}`)
    return null
  }
  if (position + size > to) {
    walk.problems.push(`box ${type} at byte ${position} claims ${size} bytes, past the end of ${to === walk.fileSize ? 'the file' : 'its parent'}`)
    // Kept, cut at the end, so box order is still known; the walk stops after it.
    return { type, start: position, body, end: to, cut: true }
  }
  return { type, start: position, body, end: position + size, cut: false }
}

/** Edit lists of every track in `moov`. */
async function tracks(walk: Walk, moov: Box): Promise<EditListFacts[]> {
  const lists: EditListFacts[] = []
  const traks = (await children(walk, moov.body, moov.end)).filter((b) => b.type === 'trak')
  if (traks.length === 0) walk.problems.push('moov holds no track (trak)')
  for (const [index, trak] of traks.entries()) {
    const inside = await children(walk, trak.body, trak.end)
    const mdia = inside.find((b) => b.type === 'mdia')
    const edts = inside.find((b) => b.type === 'edts')
    const media = mdia ? await children(walk, mdia.body, mdia.end) : []
    const handler = await leaf(walk, media.find((b) => b.type === 'hdlr'), 12)
    const mdhd = await leaf(walk, media.find((b) => b.type === 'mdhd'), 32)
    const elstBox = edts ? (await children(walk, edts.body, edts.end)).find((b) => b.type === 'elst') : undefined
    if (!mdia) walk.problems.push(`track ${index + 1} has no media box (mdia)`)
    if (!elstBox) continue
    const elst = await leaf(walk, elstBox, 8 + MAX_ELST_ENTRIES * 20)
    lists.push(editList(index + 1, handler ? handler.toString('latin1', 8, 12) : null, timescaleOf(mdhd), elst))
  }
  return lists
}

/** The first `limit` payload bytes of a leaf box. */
async function leaf(walk: Walk, box: Box | undefined, limit: number): Promise<Buffer | null> {
  if (!box) return null
  return read(walk.handle, box.body, Math.min(limit, box.end - box.body))
}

function timescaleOf(mdhd: Buffer | null): number | null {
  if (!mdhd || mdhd.length < 4) return null
  const offset = mdhd[0] === 1 ? 20 : 12 // version 1 holds 64-bit creation and modification times
  return mdhd.length >= offset + 4 ? mdhd.readUInt32BE(offset) || null : null
}

/** elst entries: segment duration, media time (−1 = an empty edit), rate; 32- or 64-bit by version. */
function editList(track: number, handler: string | null, timescale: number | null, elst: Buffer | null): EditListFacts {
  const facts: EditListFacts = { track, handler, timescale, entries: 0, emptyEdits: 0, firstMediaTime: null }
  if (!elst || elst.length < 8) return facts
  const version = elst[0]
  const width = version === 1 ? 20 : 12
  const declared = elst.readUInt32BE(4)
  facts.entries = declared
  const readable = Math.min(declared, Math.floor((elst.length - 8) / width))
  for (let i = 0; i < readable; i++) {
    const at = 8 + i * width + (version === 1 ? 8 : 4)
    const mediaTime = version === 1 ? Number(elst.readBigInt64BE(at)) : elst.readInt32BE(at)
    if (mediaTime === -1) facts.emptyEdits++
    else if (facts.firstMediaTime === null) facts.firstMediaTime = mediaTime
  }
  return facts
}

async function read(handle: FileHandle, position: number, length: number): Promise<Buffer> {
  const buffer = Buffer.alloc(length)
  const { bytesRead } = await handle.read(buffer, 0, length, position)
  return buffer.subarray(0, bytesRead)
}
