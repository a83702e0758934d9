// Probe: sniffed bytes → media facts, with sharp for images and ffprobe for video and audio.
import { stat } from 'node:fs/promises'
import { blankMedia, type MediaFacts } from '../facts.js'
import type { FfprobeOptions } from '../services/ffprobe.js'
import { probeImage, type DecodeOptions } from './probe-image.js'
import { probeVideo } from './probe-video.js'
import type { Sniffed } from './sniff.js'

export interface ProbeContext {
  /** The download stopped at the read cap: the file on disk is only its head. */
  partial: boolean
  /** How far an image is decoded; absent: whole, within the fallback bounds. */
  decode?: DecodeOptions
}

export async function probe(
  path: string,
  sniffed: Sniffed,
  ffprobe: FfprobeOptions,
  context: ProbeContext,
): Promise<MediaFacts> {
  const { size } = await stat(path)
  if (size === 0) return { ...blankMedia(sniffed, 0), kind: 'unknown' }
  const media = await probeKind(path, sniffed, size, ffprobe, context)
  // Only the head of a file cut at the read cap is on disk: failing to read it says nothing of damage.
  return context.partial ? { ...media, corrupt: null } : media
}

function probeKind(
  path: string,
  sniffed: Sniffed,
  size: number,
  ffprobe: FfprobeOptions,
  context: ProbeContext,
): Promise<MediaFacts> {
  switch (sniffed.kind) {
    case 'image':
      return probeImage(path, sniffed, size, context)
    case 'video':
    case 'audio':
      return probeVideo(path, sniffed, size, ffprobe)
    default:
      return Promise.resolve(blankMedia(sniffed, size))
  }
}
