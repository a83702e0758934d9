// MPEG-4 audio in MP4: the `esds` descriptor (ISO/IEC 14496-1 §7.2.6) and its AudioSpecificConfig (14496-3 §1.6.2.1).
import { BitReader } from './bit-reader.js'

export interface EsdsConfig {
  /** objectTypeIndication: 0x40 MPEG-4 audio, 0x66-0x68 MPEG-2 AAC, 0x69/0x6B MP3, ... */
  objectType: number
  /** The average bitrate the muxer wrote (bit/s); 0 when it wrote none. */
  avgBitrate: number
  /** The AudioSpecificConfig bytes; null when the descriptor carries none. */
  specific: Uint8Array | null
}

export interface AacConfig {
  /** Audio object type: 2 AAC LC, 5 SBR (HE-AAC), 29 PS (HE-AACv2), ... */
  audioObjectType: number
  sampleRate: number
  /** channelConfiguration: 0 means a program config element defines the layout. */
  channelConfig: number
}

const ES_DESCRIPTOR = 0x03
const DECODER_CONFIG = 0x04
const DECODER_SPECIFIC = 0x05
const SAMPLE_RATES = [96000, 88200, 64000, 48000, 44100, 32000, 24000, 22050, 16000, 12000, 11025, 8000, 7350]

/** The `esds` payload (after its version and flags); null when the descriptors are not where they must be. */
export function readEsds(esds: Uint8Array): EsdsConfig | null {
  const view = Buffer.from(esds.buffer, esds.byteOffset, esds.byteLength)
  const es = descriptor(view, 0)
  if (es?.tag !== ES_DESCRIPTOR || es.end > view.length) return null
  let at = es.body + 2 // ES_ID
  const flags = view[at++]
  if (flags === undefined) return null
  if (flags & 0x80) at += 2 // dependsOn_ES_ID
  if (flags & 0x40) at += 1 + (view[at] ?? 0) // URL
  if (flags & 0x20) at += 2 // OCR_ES_Id
  const config = descriptor(view, at)
  if (config?.tag !== DECODER_CONFIG || config.body + 13 > view.length) return null
  const objectType = view[config.body]!
  const specific = descriptor(view, config.body + 13)
  const usable = specific?.tag === DECODER_SPECIFIC && specific.end <= Math.min(config.end, view.length)
  return {
    objectType,
    avgBitrate: view.readUInt32BE(config.body + 9),
    specific: usable ? view.subarray(specific.body, specific.end) : null,
  }
}

/** AudioSpecificConfig's first fields; null when cut short or when it names an escape frequency not in the table. */
export function readAacConfig(specific: Uint8Array): AacConfig | null {
  try {
    const r = new BitReader(specific)
    let audioObjectType = r.bits(5)
    if (audioObjectType === 31) audioObjectType = 32 + r.bits(6)
    const index = r.bits(4)
    const sampleRate = index === 15 ? r.bits(24) : SAMPLE_RATES[index]
    if (!sampleRate) return null
    return { audioObjectType, sampleRate, channelConfig: r.bits(4) }
  } catch {
    return null
  }
}

/** A descriptor's tag and extent: the length is 1-4 bytes of 7 bits each. */
function descriptor(view: Buffer, at: number): { tag: number; body: number; end: number } | null {
  const tag = view[at]
  if (tag === undefined) return null
  let length = 0
  let position = at + 1
  for (let i = 0; i < 4; i++) {
    const byte = view[position++]
    if (byte === undefined) return null
    length = length * 128 + (byte & 0x7f)
    if (!(byte & 0x80)) return { tag, body: position, end: position + length }
  }
  return null
}
