// preflight's own byte readers (JPEG segments, ICC, PNG chunks, GIF blocks, HEIF boxes) on real and hostile input: answers, never throws.
import { randomBytes } from 'node:crypto'
import { readFileSync } from 'node:fs'
import sharp from 'sharp'
import { describe, expect, it } from 'vitest'
import { bufferBytes } from '../../src/media/file-bytes.js'
import { gifStructure } from '../../src/media/gif-blocks.js'
import { heifProblem } from '../../src/media/heif-boxes.js'
import { iccDescription } from '../../src/media/icc.js'
import { multiPicture } from '../../src/media/jpeg-segments.js'
import { pngStructure } from '../../src/media/png-chunks.js'
import { afterSoi, flipped, insertBefore, pngChunk, pngChunkList, xmpExtension } from '../helpers/image-bytes.js'
import { samplePath } from '../helpers/samples.js'

const sample = (name: string) => readFileSync(samplePath(name))
const bytes = (buffer: Buffer) => bufferBytes(buffer)

describe('multiPicture', () => {
  it.each([
    ['feed-ok-1080x1350.jpg', 'none'],
    ['stereo-mpo-1080x1350.jpg', 'stereo'],
    ['gain-map-mpf-1080x1350.jpg', 'other'],
  ])('%s → %s', async (name, expected) => expect(await multiPicture(bytes(sample(name)))).toBe(expected))

  it('finds an MPF segment that starts past 256 KiB, behind five XMP extension segments', async () => {
    const mpo = afterSoi(
      sample('stereo-mpo-1080x1350.jpg'),
      Array.from({ length: 5 }, () => xmpExtension(60_000)),
    )
    const mpf = mpo.indexOf('MPF\0', 0, 'latin1')
    expect(mpf).toBeGreaterThan(256 * 1024)
    expect(await multiPicture(bytes(mpo))).toBe('stereo')
  })

  it('finds a JPS segment', async () => {
    const jps = Buffer.concat([
      Buffer.from([0xff, 0xd8, 0xff, 0xe3, 0x00, 0x0c]),
      Buffer.from('_JPSJPS_\0\0', 'latin1'),
    ])
    expect(await multiPicture(bytes(jps))).toBe('stereo')
  })

  it.each([
    ['empty', Buffer.alloc(0)],
    ['SOI only', Buffer.from([0xff, 0xd8])],
    ['a segment longer than the buffer', Buffer.from([0xff, 0xd8, 0xff, 0xe2, 0xff, 0xff, 0x4d, 0x50])],
    ['a zero-length segment', Buffer.from([0xff, 0xd8, 0xff, 0xe1, 0x00, 0x00, 0xff, 0xe1])],
    [
      'an MPF with offsets past the end',
      Buffer.from([
        0xff, 0xd8, 0xff, 0xe2, 0x00, 0x10, 0x4d, 0x50, 0x46, 0x00, 0x49, 0x49, 0x2a, 0x00, 0xff, 0xff, 0xff, 0x7f,
      ]),
    ],
    ['random bytes after SOI', Buffer.concat([Buffer.from([0xff, 0xd8]), randomBytes(4096)])],
    ['fill bytes only', Buffer.concat([Buffer.from([0xff, 0xd8]), Buffer.alloc(20_000, 0xff)])],
  ])('survives %s', async (_name, input) => {
    expect(['none', 'stereo', 'other']).toContain(await multiPicture(bytes(input)))
  })
})

describe('iccDescription', () => {
  it('reads the v2 and v4 descriptions sharp embeds', async () => {
    const p3 = (await sharp(samplePath('display-p3-800x1000.jpg')).metadata()).icc!
    expect(iccDescription(p3)).toMatch(/P3/)
  })
  it.each([
    ['empty', Buffer.alloc(0)],
    ['a header only', Buffer.alloc(132)],
    [
      'a huge tag count',
      Buffer.concat([
        Buffer.alloc(128),
        Buffer.from([0xff, 0xff, 0xff, 0xff]),
        Buffer.from('desc'),
        Buffer.from([0, 0, 0xff, 0, 0, 0, 0xff, 0]),
      ]),
    ],
    ['random bytes', randomBytes(2048)],
  ])('answers null or text for %s', (_name, input) => {
    const result = iccDescription(input)
    expect(result === null || typeof result === 'string').toBe(true)
  })
})

describe('pngStructure', () => {
  const apng = sample('animated-320x400.png')

  it('counts the frames of an APNG and says 1 for a still PNG', async () => {
    expect(await pngStructure(bytes(apng), true)).toEqual({ frames: 3, problem: null })
    expect(await pngStructure(bytes(sample('square-1080.png')), true)).toEqual({ frames: 1, problem: null })
  })

  it('finds an acTL that comes after a 300 KB text chunk', async () => {
    const text = pngChunk('tEXt', Buffer.concat([Buffer.from('Comment\0', 'latin1'), Buffer.alloc(300_000, 0x41)]))
    const late = insertBefore(apng, 'acTL', text)
    expect(pngChunkList(late).find((c) => c.type === 'acTL')!.at).toBeGreaterThan(300_000)
    expect(await pngStructure(bytes(late), false)).toEqual({ frames: 3, problem: null })
  })

  it('finds an APNG cut inside a frame, or at a chunk edge before its last frame', async () => {
    const lastFctl = pngChunkList(apng)
      .filter((c) => c.type === 'fcTL')
      .at(-1)!.at
    expect((await pngStructure(bytes(apng.subarray(0, apng.length - 40)), true)).problem).toBe(
      'truncated image data (a PNG chunk runs past the end of the file)',
    )
    expect((await pngStructure(bytes(apng.subarray(0, lastFctl)), true)).problem).toBe(
      'truncated image data (2 of 3 APNG frames)',
    )
    // Depth quick does not walk past acTL: the cut is not its to see.
    expect((await pngStructure(bytes(apng.subarray(0, lastFctl)), false)).problem).toBeNull()
  })

  it('finds a frame chunk whose CRC does not match, and takes a file whose only loss is IEND', async () => {
    const fdat = pngChunkList(apng).find((c) => c.type === 'fdAT')!
    expect((await pngStructure(bytes(flipped(apng, [fdat.at + 20])), true)).problem).toBe(
      'damaged image data (bad CRC in an APNG fdAT chunk)',
    )
    expect((await pngStructure(bytes(apng.subarray(0, apng.length - 12)), true)).problem).toBeNull()
  })

  it.each([
    [
      'chunk lengths past the end',
      Buffer.concat([
        Buffer.from('\x89PNG\r\n\x1a\n', 'latin1'),
        Buffer.from([0x7f, 0xff, 0xff, 0xff]),
        Buffer.from('tEXt'),
      ]),
    ],
    [
      'an acTL with a length over 2^31',
      Buffer.concat([
        Buffer.from('\x89PNG\r\n\x1a\n', 'latin1'),
        pngChunk('acTL', Buffer.from([0, 0, 0, 2, 0, 0, 0, 0])),
        Buffer.from([0xff, 0xff, 0xff, 0xff]),
        Buffer.from('fdAT'),
      ]),
    ],
    [
      'random bytes after the signature',
      Buffer.concat([Buffer.from('\x89PNG\r\n\x1a\n', 'latin1'), randomBytes(4096)]),
    ],
    ['not a PNG', randomBytes(64)],
  ])('survives %s', async (_name, input) => {
    const { frames, problem } = await pngStructure(bytes(input), true)
    expect(frames).toBeGreaterThanOrEqual(1)
    expect(problem === null || typeof problem === 'string').toBe(true)
  })
})

describe('gifStructure', () => {
  const gif = sample('animated-320x400.gif')

  it('walks every frame of a whole GIF, with or without its trailer', async () => {
    expect(await gifStructure(bytes(gif))).toEqual({ frames: 3, problem: null })
    expect(await gifStructure(bytes(gif.subarray(0, gif.length - 1)))).toEqual({ frames: 3, problem: null })
  })

  it.each([0.3, 0.7, 0.95])('finds a GIF cut at %s of its length', async (fraction) => {
    const { problem } = await gifStructure(bytes(gif.subarray(0, Math.floor(gif.length * fraction))))
    expect(problem).toBe('truncated image data (the GIF ends inside a block)')
  })

  it('names an unknown block', async () => {
    const strange = Buffer.concat([gif.subarray(0, gif.length - 1), Buffer.from([0x99, 0x00])])
    expect((await gifStructure(bytes(strange))).problem).toBe('damaged image data (an unknown GIF block 0x99)')
  })
})

describe('heifProblem', () => {
  it.each(['photo-400x500.heic', 'photo-800x1000.avif'])('finds %s whole and cut', async (name) => {
    const whole = sample(name)
    expect(await heifProblem(bytes(whole))).toBeNull()
    expect(await heifProblem(bytes(whole.subarray(0, whole.length - 100)))).toMatch(
      /^truncated image data \(the \w+ box runs past the end of the file\)$/,
    )
  })

  it.each([
    ['a box shorter than its header', Buffer.from([0, 0, 0, 4, 0x66, 0x74, 0x79, 0x70])],
    ['a cut header', Buffer.from([0, 0, 0, 1])],
    ['random bytes', randomBytes(256)],
  ])('survives %s', async (_name, input) => {
    const problem = await heifProblem(bytes(input))
    expect(problem === null || typeof problem === 'string').toBe(true)
  })
})
