// The H.264 and AAC header readers on damaged bytes: an answer or null, never an exception; and a few fields by hand.
import { describe, expect, it } from 'vitest'
import { BitReader, unescapeNal } from '../../src/media/codec/bit-reader.js'
import { readAacConfig, readEsds } from '../../src/media/codec/aac-config.js'
import { readAvcConfig } from '../../src/media/codec/h264-config.js'
import { readHevcConfig } from '../../src/media/codec/hevc-config.js'
import { readBoxes } from '../../src/media/mp4-boxes.js'
import { probeFromBoxes } from '../../src/media/mp4-streams.js'
import { trackInfo } from '../../src/media/mp4-tracks.js'
import { samplePath } from '../helpers/samples.js'

const boxes = await readBoxes(samplePath('clip-360x640.mp4'))
const [video, audio] = boxes.tracks.map(trackInfo)
const avcC = video!.entry!.boxes.get('avcC')!
const esds = audio!.entry!.boxes.get('esds')!.subarray(4)
const hevc = await readBoxes(samplePath('video-hevc-hlg.mov'))
const hvcC = trackInfo(hevc.tracks[0]!).entry!.boxes.get('hvcC')!

/** A seeded generator: the same damage on every run. */
function random(seed: number): () => number {
  let state = seed
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31
    return state / 2 ** 31
  }
}

function damaged(bytes: Buffer, next: () => number): Buffer {
  const copy = Buffer.from(bytes)
  const hits = 1 + Math.floor(next() * 4)
  for (let i = 0; i < hits; i++) copy[Math.floor(next() * copy.length)] = Math.floor(next() * 256)
  return next() < 0.3 ? copy.subarray(0, Math.floor(next() * copy.length)) : copy
}

describe('on damaged bytes', () => {
  it('readAvcConfig, readHevcConfig, readEsds and readAacConfig answer or give null, 2,000 times each', () => {
    const next = random(7)
    for (let i = 0; i < 2_000; i++) {
      expect(() => readAvcConfig(damaged(avcC, next))).not.toThrow()
      expect(() => readHevcConfig(damaged(hvcC, next))).not.toThrow()
      const config = readEsds(damaged(esds, next))
      if (config?.specific) expect(() => readAacConfig(config.specific!)).not.toThrow()
    }
  })

  it('the track reader and the stream mapping take damaged leaves without throwing', () => {
    const next = random(11)
    for (let i = 0; i < 500; i++) {
      const tracks = boxes.tracks.map((t) => ({
        ...t,
        tkhd: t.tkhd && damaged(t.tkhd, next),
        mdhd: t.mdhd && damaged(t.mdhd, next),
        elst: t.elst && damaged(t.elst, next),
        stsd: t.stsd && damaged(t.stsd, next),
        stts: t.stts && damaged(t.stts, next),
        stsz: t.stsz && damaged(t.stsz, next),
      }))
      expect(() =>
        probeFromBoxes({ ...boxes, mvhd: boxes.mvhd && damaged(boxes.mvhd, next), tracks }, 100_000),
      ).not.toThrow()
    }
  })

  it('a header that ends early is null, not a guess', () => {
    expect(readAvcConfig(avcC.subarray(0, 12))).toBeNull()
    expect(readAvcConfig(Buffer.alloc(0))).toBeNull()
    expect(readHevcConfig(hvcC.subarray(0, 40))).toBeNull()
    expect(readEsds(Buffer.from([0x03, 0x80]))).toBeNull()
    expect(readAacConfig(Buffer.from([0x12]))).toBeNull()
  })
})

describe('fields by hand', () => {
  it('reads the sample SPS: High, 4:2:0 8-bit, 360x640, progressive', () => {
    expect(readAvcConfig(avcC)).toMatchObject({
      profileIdc: 100,
      chromaFormat: 1,
      bitDepth: 8,
      width: 360,
      height: 640,
      frameMbsOnly: true,
    })
  })

  it('reads the sample HEVC SPS: Main 10, 4:2:0 10-bit, HLG over BT.2020, progressive', () => {
    expect(readHevcConfig(hvcC)).toMatchObject({
      profileIdc: 2,
      chromaFormat: 1,
      bitDepth: 10,
      width: 144,
      height: 256,
      signal: { fullRange: false, primaries: 9, transfer: 18 },
      interlacedSource: false,
      fieldSequence: false,
    })
  })

  it('reads AudioSpecificConfig: AAC LC, 48 kHz, stereo; HE-AAC by its object type; an escaped frequency', () => {
    expect(readAacConfig(Buffer.from([0x11, 0x90]))).toEqual({
      audioObjectType: 2,
      sampleRate: 48_000,
      channelConfig: 2,
    })
    expect(readAacConfig(Buffer.from([0x2b, 0x10]))).toMatchObject({ audioObjectType: 5, sampleRate: 24_000 })
    // index 15: the rate follows as 24 bits (here 50,000 Hz = 0x00C350)
    expect(readAacConfig(Buffer.from([0x17, 0x80, 0x61, 0xa8, 0x10]))).toEqual({
      audioObjectType: 2,
      sampleRate: 50_000,
      channelConfig: 2,
    })
  })

  it('Exp-Golomb codes and emulation prevention', () => {
    const r = new BitReader(Uint8Array.from([0xa6, 0xcc]))
    expect([r.ue(), r.ue(), r.ue(), r.se(), r.se()]).toEqual([0, 1, 2, -1, 3])
    expect([...unescapeNal(Uint8Array.from([0x67, 0, 0, 3, 1, 0, 0, 3]))]).toEqual([0x67, 0, 0, 1, 0, 0])
  })
})
