// MP4/QuickTime box reader: box order (fast start), edit lists and the leaves the moov reader needs, reading only box headers and those leaves.
import { open } from 'node:fs/promises'
import type { EditListFacts } from '../facts.js'
import { editListFacts, type TrackBoxes } from './mp4-tracks.js'
import { children, hold, HOMES, leaf, MAX_HELD_BYTES, read, UUID_BOX, type Box, type Walk } from './mp4-walk.js'

export interface BoxFacts {
  /** Whether `moov` precedes `mdat`; null when either is missing. */
  moovAtFront: boolean | null
  editLists: EditListFacts[]
  /** What makes the box tree impossible (missing boxes, sizes past the end); empty when sound. */
  problems: string[]
  /** The movie header (`mvhd`) payload; null without one. */
  mvhd: Buffer | null
  tracks: TrackBoxes[]
  /** Where the media data lies: the payload of each mdat found before the walk stopped, as [start, end). */
  media: [number, number][]
  /** Why the moov reader must not answer for this tree though it is not broken (ffprobe decides): empty when none. */
  doubts: string[]
}

const MAX_ELST_ENTRIES = 4_096
// Leaves the stream reader parses: sample tables hold 4-8 bytes a sample, so these bound a file to
// about a million samples (over 9 h at 30 fps); a larger table is left to ffprobe.
const LEAF_LIMITS = {
  tkhd: 92,
  mdhd: 32,
  hdlr: 12,
  mvhd: 32,
  stsd: 64 * 1024,
  dref: 4 * 1024,
  stts: 8 * 1024 * 1024,
  stsz: 16 * 1024 * 1024,
  ctts: 16 * 1024 * 1024,
  stsc: 8 * 1024 * 1024,
  stco: 8 * 1024 * 1024,
  co64: 16 * 1024 * 1024,
  stss: 8 * 1024 * 1024,
}
const ELST_LIMIT = 8 + MAX_ELST_ENTRIES * 20
// The sample tables the moov reader checks, read whole or not at all (one each: a second is a doubt).
const TABLES = ['stsd', 'stts', 'ctts', 'stsc', 'stsz', 'stco', 'co64', 'stss'] as const
type Table = (typeof TABLES)[number]

/** `holdBytes`: the largest moov read whole into memory (the default bound; 0 walks it read by read). */
export async function readBoxes(path: string, holdBytes = MAX_HELD_BYTES): Promise<BoxFacts> {
  const handle = await open(path, 'r')
  try {
    const { size } = await handle.stat()
    const walk: Walk = { handle, fileSize: size, boxes: 0, problems: [] }
    // The top level is walked until moov and mdat are both seen: a fragmented file's moof/mdat pairs are not read.
    const top = await children(
      walk,
      0,
      size,
      (found) => found.some((b) => b.type === 'moov') && found.some((b) => b.type === 'mdat'),
    )
    const moov = top.find((b) => b.type === 'moov')
    const mdat = top.find((b) => b.type === 'mdat')
    if (!moov) walk.problems.push('no moov box (the index of the video is missing)')
    else if (!mdat && walk.problems.length === 0) walk.problems.push('no mdat box (the media data is missing)')
    if (moov && !moov.cut) await hold(walk, moov, holdBytes)
    const inside = moov ? await children(walk, moov.body, moov.end) : []
    const tracks = moov ? await tracksOf(walk, inside) : []
    return {
      moovAtFront: mdat ? moov !== undefined && moov.start < mdat.start : null,
      editLists: tracks.flatMap((t) => editListFacts(t) ?? []),
      problems: walk.problems,
      mvhd: await leaf(walk, find(inside, 'mvhd'), LEAF_LIMITS.mvhd),
      tracks,
      media: top.filter((b) => b.type === 'mdat').map((b) => [b.body, b.end]),
      doubts: moov && !moov.cut ? await structureDoubts(walk, moov) : [],
    }
  } finally {
    await handle.close()
  }
}

/** The leaves of every track in `moov`: trak → tkhd, edts/elst, mdia → mdhd, hdlr, minf → dinf/dref, stbl → the sample tables. */
async function tracksOf(walk: Walk, moov: Box[]): Promise<TrackBoxes[]> {
  const traks = moov.filter((b) => b.type === 'trak')
  if (traks.length === 0) walk.problems.push('moov holds no track (trak)')
  const tracks: TrackBoxes[] = []
  for (const [position, trak] of traks.entries()) {
    const inside = await children(walk, trak.body, trak.end)
    const mdia = find(inside, 'mdia')
    if (!mdia) walk.problems.push(`track ${position + 1} has no media box (mdia)`)
    const media = await within(walk, mdia)
    const info = await within(walk, find(media, 'minf'))
    const table = await within(walk, find(info, 'stbl'))
    const handler = await leaf(walk, find(media, 'hdlr'), LEAF_LIMITS.hdlr)
    const edits = await within(walk, find(inside, 'edts'))
    const doubts = [
      ...doubled(inside, ['tkhd', 'mdia', 'edts']),
      ...doubled(media, ['mdhd', 'hdlr', 'minf']),
      ...doubled(info, ['stbl', 'dinf']),
      ...doubled(edits, ['elst']),
      ...doubled(table, TABLES),
    ]
    const elst = find(edits, 'elst')
    if (elst && elst.end - elst.body > ELST_LIMIT) doubts.push('an edit list too long to read whole')
    const tables = {} as Record<Table, Buffer | null>
    for (const type of TABLES) {
      const box = find(table, type)
      const whole = box && box.end - box.body <= LEAF_LIMITS[type]
      if (box && !whole) doubts.push(`a ${type} box larger than the reader reads`)
      tables[type] = whole ? await leaf(walk, box, LEAF_LIMITS[type]) : null
    }
    tracks.push({
      index: position + 1,
      handler: handler && handler.length >= 12 ? handler.toString('latin1', 8, 12) : null,
      tkhd: await leaf(walk, find(inside, 'tkhd'), LEAF_LIMITS.tkhd),
      mdhd: await leaf(walk, find(media, 'mdhd'), LEAF_LIMITS.mdhd),
      elst: await leaf(walk, elst, ELST_LIMIT),
      ...tables,
      dref: await leaf(walk, find(await within(walk, find(info, 'dinf')), 'dref'), LEAF_LIMITS.dref),
      doubts,
    })
  }
  return tracks
}

/** A box the reader relies on, found twice: ffmpeg may keep either. */
function doubled(boxes: Box[], types: readonly string[]): string[] {
  return types
    .filter((type) => boxes.filter((b) => b.type === type).length > 1)
    .map((type) => `more than one ${type} box`)
}

// What stbl may hold: the tables the reader checks and those whose content no fact depends on.
const STBL_CHILDREN = new Set<string>([...TABLES, 'sdtp', 'sgpd', 'sbgp', 'cslg', 'free', 'skip'])
// ffmpeg's mov_read_default refuses an 11th level of containers from the top of the file: the 10th inside moov.
const MAX_NESTING = 9
const CONTAINERS = new Set(['trak', 'mdia', 'minf', 'stbl', 'dinf', 'edts', 'udta', 'mvex', 'tref', 'meta', 'ilst'])

/**
 * Reasons, from a walk of every container in moov, that its tree is not the one the reader reads: a box
 * out of place, nesting past ffmpeg's limit, a child past its parent's end. The walk has its own box budget.
 */
async function structureDoubts(walk: Walk, moov: Box): Promise<string[]> {
  const scan: Walk = { handle: walk.handle, fileSize: walk.fileSize, boxes: 0, problems: [], held: walk.held ?? null }
  const doubts: string[] = []
  // `level`: how deep inside moov the children of `parent` are (moov's own children: 1).
  const visit = async (parent: Box, body: number, level: number): Promise<void> => {
    for (const box of await children(scan, body, parent.end)) {
      const home = HOMES.get(box.type)
      if (home && !home.includes(parent.type)) doubts.push(`a ${box.type} box inside ${parent.type}`)
      else if (box.type === 'uuid' && box.end - box.start < UUID_BOX) doubts.push('a uuid box too short for its uuid')
      else if (parent.type === 'stbl' && !STBL_CHILDREN.has(box.type))
        doubts.push(`a ${box.type} box in a sample table`)
      else if (CONTAINERS.has(box.type) && level > MAX_NESTING)
        doubts.push(`boxes nested more than ${MAX_NESTING} levels inside moov`)
      else if (box.type === 'meta') {
        const body = await metaBody(scan, box)
        if (body === null) doubts.push('a meta box that does not open with its handler')
        else await visit(box, body, level + 1)
      } else if (CONTAINERS.has(box.type)) await visit(box, box.body, level + 1)
    }
  }
  await visit(moov, moov.body, 1)
  return [...doubts, ...scan.problems]
}

/**
 * Where a meta box's children start: QuickTime's opens with its hdlr, an ISO one after 4 bytes of version
 * and flags. ffmpeg looks for the first 'hdlr' and reads from there: anything else is not what the reader reads.
 */
async function metaBody(walk: Walk, meta: Box): Promise<number | null> {
  const head = await read(walk, meta.body, 12)
  if (head.toString('latin1', 4, 8) === 'hdlr') return meta.body
  return head.toString('latin1', 8, 12) === 'hdlr' ? meta.body + 4 : null
}

const find = (boxes: Box[], type: string): Box | undefined => boxes.find((b) => b.type === type)

async function within(walk: Walk, box: Box | undefined): Promise<Box[]> {
  return box ? children(walk, box.body, box.end) : []
}
