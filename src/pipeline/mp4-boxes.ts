// MP4/QuickTime box reader: box order (fast start) and edit lists, reading only box headers and small leaves.
import { open } from 'node:fs/promises'
import type { EditListFacts } from '../facts.js'
import { editListFacts } from './mp4-tracks.js'
import { children, hold, leaf, MAX_HELD_BYTES, type Box, type Walk } from './mp4-walk.js'

export interface BoxFacts {
  /** Whether `moov` precedes `mdat`; null when either is missing. */
  moovAtFront: boolean | null
  editLists: EditListFacts[]
  /** What makes the box tree impossible (missing boxes, sizes past the end); empty when sound. */
  problems: string[]
  /** The movie header (`mvhd`) payload; null without one. */
  mvhd: Buffer | null
  tracks: TrackBoxes[]
}

const MAX_ELST_ENTRIES = 4_096
// Leaves the stream reader parses: sample tables hold 4-8 bytes a sample, so these bound a file to
// about a million samples (over 9 h at 30 fps); a larger table is left to ffprobe.
const LEAF_LIMITS = { tkhd: 92, mdhd: 32, hdlr: 12, mvhd: 32, stsd: 64 * 1024, stts: 8 * 1024 * 1024, stsz: 16 * 1024 * 1024 }

/** One track's leaves, as stored (payload after the box header), each cut at its bound; null when absent. */
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
}

/** `holdBytes`: the largest moov read whole into memory (the default bound; 0 walks it read by read). */
export async function readBoxes(path: string, holdBytes = MAX_HELD_BYTES): Promise<BoxFacts> {
  const handle = await open(path, 'r')
  try {
    const { size } = await handle.stat()
    const walk: Walk = { handle, fileSize: size, boxes: 0, problems: [] }
    // The top level is walked until moov and mdat are both seen: a fragmented file's moof/mdat pairs are not read.
    const top = await children(walk, 0, size, (found) => found.some((b) => b.type === 'moov') && found.some((b) => b.type === 'mdat'))
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
    }
  } finally {
    await handle.close()
  }
}

/** The leaves of every track in `moov`: trak → tkhd, edts/elst, mdia → mdhd, hdlr, minf/stbl → stsd, stts, stsz. */
async function tracksOf(walk: Walk, moov: Box[]): Promise<TrackBoxes[]> {
  const traks = moov.filter((b) => b.type === 'trak')
  if (traks.length === 0) walk.problems.push('moov holds no track (trak)')
  const tracks: TrackBoxes[] = []
  for (const [position, trak] of traks.entries()) {
    const inside = await children(walk, trak.body, trak.end)
    const mdia = find(inside, 'mdia')
    if (!mdia) walk.problems.push(`track ${position + 1} has no media box (mdia)`)
    const media = await within(walk, mdia)
    const table = await within(walk, find(await within(walk, find(media, 'minf')), 'stbl'))
    const handler = await leaf(walk, find(media, 'hdlr'), LEAF_LIMITS.hdlr)
    tracks.push({
      index: position + 1,
      handler: handler && handler.length >= 12 ? handler.toString('latin1', 8, 12) : null,
      tkhd: await leaf(walk, find(inside, 'tkhd'), LEAF_LIMITS.tkhd),
      mdhd: await leaf(walk, find(media, 'mdhd'), LEAF_LIMITS.mdhd),
      elst: await leaf(walk, find(await within(walk, find(inside, 'edts')), 'elst'), 8 + MAX_ELST_ENTRIES * 20),
      stsd: await leaf(walk, find(table, 'stsd'), LEAF_LIMITS.stsd),
      stts: await leaf(walk, find(table, 'stts'), LEAF_LIMITS.stts),
      stsz: await leaf(walk, find(table, 'stsz'), LEAF_LIMITS.stsz),
    })
  }
  return tracks
}

const find = (boxes: Box[], type: string): Box | undefined => boxes.find((b) => b.type === type)

async function within(walk: Walk, box: Box | undefined): Promise<Box[]> {
  return box ? children(walk, box.body, box.end) : []
}
