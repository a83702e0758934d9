// openBytes: any range of a file through one handle and a block cache, across block edges and past the end.
import { randomBytes } from 'node:crypto'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openBytes } from '../../src/media/file-bytes.js'

let dir: string
const bytes = randomBytes(300 * 1024) // several 64 KiB blocks
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'preflight-bytes-'))
  await writeFile(join(dir, 'f'), bytes)
})
afterAll(() => rm(dir, { recursive: true, force: true }))

describe('openBytes', () => {
  it.each([
    ['the start', 0, 8],
    ['inside the first block', 1000, 16],
    ['across a block edge', 64 * 1024 - 3, 8],
    ['more than a block', 10, 100 * 1024],
    ['back before the cached block', 5, 4],
    ['the last bytes', bytes.length - 4, 4],
  ])('reads %s', async (_, position, length) => {
    await using file = await openBytes(join(dir, 'f'), bytes.length)
    await file.read(200 * 1024, 4) // something else cached first
    expect(await file.read(position, length)).toEqual(bytes.subarray(position, position + length))
  })

  it('answers fewer bytes at the end of the file and none past it', async () => {
    await using file = await openBytes(join(dir, 'f'), bytes.length)
    expect((await file.read(bytes.length - 2, 8)).length).toBe(2)
    expect((await file.read(bytes.length + 10, 8)).length).toBe(0)
  })
})
