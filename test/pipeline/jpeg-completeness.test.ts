// Truncation on JPEGs: whole files pass, with or without bytes after EOI; a cut scan fails, with or without padding.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { probe } from '../../src/pipeline/probe.js'
import { sniff } from '../../src/pipeline/sniff.js'
import { testOptions } from '../helpers/options.js'
import { samplePath } from '../helpers/samples.js'

let dir: string
let whole: Buffer

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'preflight-eoi-'))
  whole = await readFile(samplePath('feed-ok-1080x1350.jpg'))
})
afterAll(() => rm(dir, { recursive: true, force: true }))

async function corruptOf(name: string, bytes: Buffer): Promise<string | null> {
  const path = join(dir, name)
  await writeFile(path, bytes)
  const media = await probe(path, await sniff(path), testOptions().ffprobe, { partial: false })
  return media.corrupt
}

describe('JPEG truncation', () => {
  it('finds a whole JPEG whole, with or without bytes after its EOI (the second one is decoded)', async () => {
    expect(await corruptOf('whole.jpg', whole)).toBeNull()
    expect(await corruptOf('trailer.jpg', Buffer.concat([whole, Buffer.alloc(64)]))).toBeNull()
  })

  it('finds a JPEG cut inside its scan truncated, even when padding follows the cut', async () => {
    const cut = whole.subarray(0, Math.floor(whole.length * 0.6))
    expect(await corruptOf('cut.jpg', cut)).toBe('truncated image data')
    expect(await corruptOf('cut-padded.jpg', Buffer.concat([cut, Buffer.alloc(64)]))).toBe('truncated image data')
  })
})
