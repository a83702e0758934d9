// preflight's own byte readers (JPEG segments, ICC, PNG chunks) on real and hostile input: answers, never throws.
import { randomBytes } from 'node:crypto'
import { readFileSync } from 'node:fs'
import sharp from 'sharp'
import { describe, expect, it } from 'vitest'
import { iccDescription } from '../../src/pipeline/icc.js'
import { endsWithEoi, multiPicture } from '../../src/pipeline/jpeg-segments.js'
import { apngFrames } from '../../src/pipeline/png-chunks.js'
import { samplePath } from '../helpers/samples.js'

const head = (name: string) => readFileSync(samplePath(name)).subarray(0, 256 * 1024)

const tail = (name: string) => readFileSync(samplePath(name)).subarray(-2)

describe('endsWithEoi', () => {
  it('is true for a whole JPEG and false for one cut short', () => {
    expect(endsWithEoi(tail('feed-ok-1080x1350.jpg'))).toBe(true)
    expect(endsWithEoi(tail('truncated-1080x1350.jpg'))).toBe(false)
  })

  it.each([
    ['empty', Buffer.alloc(0)],
    ['one byte', Buffer.from([0xd9])],
    ['bytes after EOI', Buffer.from([0xd9, 0x00])],
  ])('is false for %s', (_, bytes) => expect(endsWithEoi(bytes)).toBe(false))
})

describe('multiPicture', () => {
  it.each([
    ['feed-ok-1080x1350.jpg', 'none'],
    ['stereo-mpo-1080x1350.jpg', 'stereo'],
    ['gain-map-mpf-1080x1350.jpg', 'other'],
  ])('%s → %s', (name, expected) => expect(multiPicture(head(name))).toBe(expected))

  it('finds a JPS segment', () => {
    const jps = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe3, 0x00, 0x0c]), Buffer.from('_JPSJPS_\0\0', 'latin1')])
    expect(multiPicture(jps)).toBe('stereo')
  })

  it.each([
    ['empty', Buffer.alloc(0)],
    ['SOI only', Buffer.from([0xff, 0xd8])],
    ['a segment longer than the buffer', Buffer.from([0xff, 0xd8, 0xff, 0xe2, 0xff, 0xff, 0x4d, 0x50])],
    ['a zero-length segment', Buffer.from([0xff, 0xd8, 0xff, 0xe1, 0x00, 0x00, 0xff, 0xe1])],
    ['an MPF with offsets past the end', Buffer.from([0xff, 0xd8, 0xff, 0xe2, 0x00, 0x10, 0x4d, 0x50, 0x46, 0x00, 0x49, 0x49, 0x2a, 0x00, 0xff, 0xff, 0xff, 0x7f])],
    ['random bytes after SOI', Buffer.concat([Buffer.from([0xff, 0xd8]), randomBytes(4096)])],
  ])('survives %s', (_name, bytes) => {
    expect(['none', 'stereo', 'other']).toContain(multiPicture(bytes))
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
    ['a huge tag count', Buffer.concat([Buffer.alloc(128), Buffer.from([0xff, 0xff, 0xff, 0xff]), Buffer.from('desc'), Buffer.from([0, 0, 0xff, 0, 0, 0, 0xff, 0])])],
    ['random bytes', randomBytes(2048)],
  ])('answers null or text for %s', (_name, bytes) => {
    const result = iccDescription(bytes)
    expect(result === null || typeof result === 'string').toBe(true)
  })
})

describe('apngFrames', () => {
  it('counts the frames of an APNG and says 1 for a still PNG', () => {
    expect(apngFrames(head('animated-320x400.png'))).toBe(3)
    expect(apngFrames(head('square-1080.png'))).toBe(1)
  })
  it('survives chunk lengths past the end', () => {
    const bytes = Buffer.concat([Buffer.from('\x89PNG\r\n\x1a\n', 'latin1'), Buffer.from([0x7f, 0xff, 0xff, 0xff]), Buffer.from('tEXt')])
    expect(apngFrames(bytes)).toBe(1)
  })
})
