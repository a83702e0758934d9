// Full depth decodes the whole of a still or animated image: cut, damaged and mutated files made here, through the real probe.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { MediaFacts } from '../../src/facts.js'
import type { DecodeOptions } from '../../src/pipeline/probe-image.js'
import { probe } from '../../src/pipeline/probe.js'
import { sniff } from '../../src/pipeline/sniff.js'
import { flipped, insertBefore, jpegSegment, pngChunk, pngChunkList } from '../helpers/image-bytes.js'
import { testOptions } from '../helpers/options.js'
import { samplePath } from '../helpers/samples.js'

let dir: string
let count = 0
const made: Record<string, Buffer> = {}
const FULL: DecodeOptions = { depth: 'full', maxPixels: 268_402_689, timeoutMs: 10_000 }

/** Noise (xorshift, so the same every run) compresses poorly: every cut lands in pixel data, and a PNG gets several IDATs. */
function noisePixels(length: number): Buffer {
  const pixels = Buffer.alloc(length)
  let x = 2463534242
  for (let i = 0; i < length; i++) {
    x ^= x << 13
    x ^= x >>> 17
    x ^= x << 5
    pixels[i] = x & 0xff
  }
  return pixels
}

const noise = (width: number, height: number) =>
  sharp(noisePixels(width * height * 3), { raw: { width, height, channels: 3 } })
const frames = (width: number, height: number, pages: number) =>
  sharp(noisePixels(width * height * pages * 3), {
    raw: { width, height: height * pages, channels: 3, pageHeight: height },
  })

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'preflight-decode-'))
  Object.assign(made, {
    jpeg: await noise(256, 256).jpeg({ quality: 90 }).toBuffer(),
    png: await noise(256, 256).png().toBuffer(),
    webp: await noise(256, 256).webp({ quality: 80 }).toBuffer(),
    losslessWebp: await noise(256, 256).webp({ lossless: true }).toBuffer(),
    gif: await noise(256, 256).gif().toBuffer(),
    animatedGif: await frames(128, 128, 3).gif({ loop: 0 }).toBuffer(),
    animatedWebp: await frames(128, 128, 3).webp({ loop: 0 }).toBuffer(),
    tiff: await noise(256, 256).tiff({ compression: 'lzw' }).toBuffer(),
    avif: await noise(256, 256).avif({ quality: 50, effort: 0 }).toBuffer(),
    heic: await readFile(samplePath('photo-400x500.heic')),
    apng: await readFile(samplePath('animated-320x400.png')),
  })
})
afterAll(() => rm(dir, { recursive: true, force: true }))

async function probeBytes(bytes: Buffer, decode: DecodeOptions = FULL): Promise<MediaFacts> {
  const path = join(dir, `f${count++}`)
  await writeFile(path, bytes)
  return probe(path, await sniff(path), testOptions().ffprobe, { partial: false, decode })
}

const cut = (bytes: Buffer, fraction: number) => bytes.subarray(0, Math.floor(bytes.length * fraction))
const EOI = Buffer.from([0xff, 0xd9])

describe('whole files decode whole', () => {
  it.each(['jpeg', 'png', 'webp', 'losslessWebp', 'gif', 'animatedGif', 'animatedWebp', 'tiff', 'avif', 'apng'])(
    '%s',
    async (name) => {
      const media = await probeBytes(made[name]!)
      expect(media.corrupt).toBeNull()
      expect(media.image!.decoded).toBe('whole')
    },
  )

  it('HEIC (HEVC) is not decoded, and says so: only its boxes are checked', async () => {
    const media = await probeBytes(made.heic!)
    expect(media.corrupt).toBeNull()
    expect(media.image!.decoded).toBe('structure')
  })
})

describe('JPEG', () => {
  it('finds a scan cut in the middle and closed with an EOI marker (libjpeg only warns)', async () => {
    const media = await probeBytes(Buffer.concat([cut(made.jpeg!, 0.6), EOI]))
    expect(media.corrupt).toBe('truncated image data')
    expect(media.width).toBe(256)
  })

  // 1350 rows are 169 at 1/8 scale, the last of them a 16-row MCU row of its own: a 32-pixel thumbnail's box
  // shrink by 4 left it out, so libjpeg never read that row and a scan cut inside it passed.
  it.each([0.995, 0.999])(
    'finds a scan cut in its last MCU row (at %s of its length) and closed with an EOI',
    async (fraction) => {
      const tall = await noise(128, 1350).jpeg({ quality: 90 }).toBuffer()
      expect((await probeBytes(tall)).corrupt).toBeNull()
      const media = await probeBytes(Buffer.concat([cut(tall, fraction), EOI]))
      expect(media.corrupt).toBe('truncated image data')
      expect(media.image!.decoded).toBe('whole')
    },
  )

  it('finds an SOF that claims more rows than the scan holds, and reports the claimed size', async () => {
    const tall = Buffer.from(made.jpeg!)
    const sof = tall.indexOf(Buffer.from([0xff, 0xc0]))
    tall.writeUInt16BE(600, sof + 5) // height
    const media = await probeBytes(tall)
    expect(media.corrupt).toBe('truncated image data')
    expect([media.width, media.height]).toEqual([256, 600])
  })

  it.each([0.1, 0.5, 0.9, 0.999])('finds a JPEG cut at %s of its length, without an EOI', async (fraction) => {
    expect((await probeBytes(cut(made.jpeg!, fraction))).corrupt).toMatch(/^(truncated|damaged) image data/)
  })

  it('takes extraneous bytes before the EOI (a warning browsers ignore)', async () => {
    const padded = Buffer.concat([made.jpeg!.subarray(0, -2), Buffer.from([0x00, 0x11, 0x22]), EOI])
    expect((await probeBytes(padded)).corrupt).toBeNull()
  })

  it('answers, never throws, for bytes flipped in the scan', async () => {
    const scan = made.jpeg!.indexOf(Buffer.from([0xff, 0xda]))
    const middle = Math.floor((scan + made.jpeg!.length) / 2)
    const media = await probeBytes(flipped(made.jpeg!, [middle, middle + 7, middle + 90]))
    expect([null, 'truncated image data', 'damaged image data']).toContain(media.corrupt)
    expect(media.image!.decoded).toBe('whole')
  })
})

describe('PNG and APNG', () => {
  it.each([0.2, 0.6, 0.95])('finds a PNG cut at %s of its length', async (fraction) => {
    expect((await probeBytes(cut(made.png!, fraction))).corrupt).toBe(
      'truncated image data (a PNG chunk runs past the end of the file)',
    )
  })

  it('refuses a bad CRC in an IDAT that libspng checks: the image does not decode', async () => {
    const idats = pngChunkList(made.png!).filter((c) => c.type === 'IDAT')
    expect(idats.length).toBeGreaterThan(1)
    const first = idats[0]!
    expect((await probeBytes(flipped(made.png!, [first.at + 8 + first.length]))).corrupt).toBe('damaged image data')
  })

  it('takes a bad CRC on the last IDAT when every pixel decodes (libspng stops at the end of the image data)', async () => {
    const last = pngChunkList(made.png!)
      .filter((c) => c.type === 'IDAT')
      .at(-1)!
    expect((await probeBytes(flipped(made.png!, [last.at + 8 + last.length]))).corrupt).toBeNull()
  })

  it('refuses a byte flipped inside IDAT data', async () => {
    const first = pngChunkList(made.png!).find((c) => c.type === 'IDAT')!
    expect((await probeBytes(flipped(made.png!, [first.at + 8 + 100]))).corrupt).toBe('damaged image data')
  })

  it('takes zero-length chunks (an empty IDAT, an empty tEXt) that carry their CRC', async () => {
    const empty = insertBefore(
      insertBefore(made.png!, 'IDAT', pngChunk('IDAT', Buffer.alloc(0))),
      'IDAT',
      pngChunk('tEXt', Buffer.alloc(0)),
    )
    const media = await probeBytes(empty)
    expect(media.corrupt).toBeNull()
    expect(media.image!.decoded).toBe('whole')
  })

  it('finds an APNG cut after its default image (sharp decodes only that one)', async () => {
    const lastFrame = pngChunkList(made.apng!)
      .filter((c) => c.type === 'fcTL')
      .at(-1)!.at
    const media = await probeBytes(made.apng!.subarray(0, lastFrame))
    expect(media.corrupt).toBe('truncated image data (2 of 3 APNG frames)')
    expect(media.image!.frames).toBe(3)
  })

  it('finds an APNG cut inside a frame', async () => {
    expect((await probeBytes(made.apng!.subarray(0, made.apng!.length - 60))).corrupt).toMatch(/^truncated image data/)
  })
})

describe('GIF, WebP, AVIF, HEIC, TIFF', () => {
  it.each([
    ['gif', 0.5],
    ['animatedGif', 0.7],
    ['animatedGif', 0.95],
    ['webp', 0.5],
    ['webp', 0.999],
    ['losslessWebp', 0.8],
    ['animatedWebp', 0.9],
    ['avif', 0.9],
    ['heic', 0.9],
  ])('finds %s cut at %s of its length', async (name, fraction) => {
    expect((await probeBytes(cut(made[name]!, fraction))).corrupt).toMatch(/^truncated image data/)
  })

  it('never takes a cut TIFF (its IFD is at the end) for a whole image', async () => {
    const media = await probeBytes(cut(made.tiff!, 0.9))
    // file-type no longer sees a TIFF without its IFD (media.unknown_type); else libvips cannot read it.
    expect(media.kind === 'unknown' || media.corrupt !== null).toBe(true)
  })

  it.each(['webp', 'losslessWebp', 'avif', 'gif'])(
    'answers, never throws, for bytes flipped in %s data',
    async (name) => {
      const data = made[name]!
      const middle = Math.floor(data.length / 2)
      const media = await probeBytes(flipped(data, [middle, middle + 11, middle + 97]))
      expect([null, 'truncated image data', 'damaged image data']).toContain(media.corrupt)
    },
  )
})

describe('large images, decoded in a child process', () => {
  it('finds a 56 MP JPEG whole, and the same cut mid-scan and closed with an EOI truncated', async () => {
    const large = await sharp({ create: { width: 8_000, height: 7_000, channels: 3, background: '#4080c0' } })
      .jpeg()
      .toBuffer()
    expect(await probeBytes(large)).toMatchObject({ corrupt: null, width: 8_000, height: 7_000 })
    expect((await probeBytes(Buffer.concat([cut(large, 0.5), EOI]))).corrupt).toBe('truncated image data')
  })
})

describe('what depth quick and the bounds leave undecoded', () => {
  it('depth quick decodes nothing: a cut file is not its to see', async () => {
    const media = await probeBytes(Buffer.concat([cut(made.jpeg!, 0.6), EOI]), { ...FULL, depth: 'quick' })
    expect(media.corrupt).toBeNull()
    expect(media.image!.decoded).toBe('skipped')
  })

  it('refuses an image whose declared pixels pass the bound, before decoding it', async () => {
    const media = await probeBytes(made.png!, { ...FULL, maxPixels: 256 * 255 })
    expect(media.image!.decoded).toBe('refused')
    expect(media.corrupt).toBe('too large to decode: 256x256 declares 65,536 pixels, over the 65,280 checked')
  })

  it('JPEG comments before the scan do not count as damage', async () => {
    const commented = Buffer.concat([
      made.jpeg!.subarray(0, 2),
      jpegSegment(0xfe, Buffer.alloc(1000, 0x20)),
      made.jpeg!.subarray(2),
    ])
    expect((await probeBytes(commented)).corrupt).toBeNull()
  })
})
