// Probing a faststart video's head while the rest downloads: its facts stand only for the same file, whole.
import { open, stat } from 'node:fs/promises'
import type { MediaFacts } from '../facts.js'
import type { FfprobeOptions } from '../services/ffprobe.js'
import type { EarlyHead } from '../fetch/early-head.js'
import { probe } from './probe.js'
import { sniff, type Sniffed } from './sniff.js'

export interface HeadFacts {
  head: EarlyHead
  sniffed: Sniffed
  media: MediaFacts
}

/** Sniff and probe of the head; null unless it is video or audio read cleanly: from its moov box, or by an ffprobe that touched none of the missing part. */
export async function probeHead(head: EarlyHead, ffprobe: FfprobeOptions): Promise<HeadFacts | null> {
  const sniffed = await sniff(head.path)
  if (sniffed.kind !== 'video' && sniffed.kind !== 'audio') return null
  const media = await probe(head.path, sniffed, { ...ffprobe, requireClean: true }, { partial: false })
  return media.corrupt === null ? { head, sniffed, media } : null
}

/** The head's facts when the finished download at `path` is the file the head came from: same size, same first bytes. */
export async function headFactsFor(path: string, early: Promise<HeadFacts | null>): Promise<HeadFacts | null> {
  const facts = await early
  if (!facts) return null
  const { size } = await stat(path)
  return size === facts.head.size && (await sameStart(path, facts.head)) ? facts : null
}

async function sameStart(path: string, head: EarlyHead): Promise<boolean> {
  const [whole, early] = await Promise.all([readStart(path, head.bytes), readStart(head.path, head.bytes)])
  return whole.equals(early)
}

async function readStart(path: string, length: number): Promise<Buffer> {
  const file = await open(path, 'r')
  try {
    const buffer = Buffer.alloc(length)
    const { bytesRead } = await file.read(buffer, 0, length, 0)
    return buffer.subarray(0, bytesRead)
  } finally {
    await file.close()
  }
}
