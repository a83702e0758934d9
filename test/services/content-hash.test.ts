// sha256File: the same digest as hashing the bytes at once, across chunk boundaries and for an empty file.
import { createHash } from 'node:crypto'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sha256File } from '../../src/services/content-hash.js'

let dir: string
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'preflight-hash-test-'))
})
afterAll(() => rm(dir, { recursive: true, force: true }))

describe('sha256File', () => {
  it.each([0, 1, 256 * 1024, 256 * 1024 + 1, 700_001])('hashes %i bytes as one digest of them', async (size) => {
    const bytes = Buffer.alloc(size)
    for (let i = 0; i < size; i++) bytes[i] = (i * 31) & 0xff
    const path = join(dir, `f${size}`)
    await writeFile(path, bytes)
    expect(await sha256File(path)).toBe(createHash('sha256').update(bytes).digest('hex'))
  })

  it('stops when aborted', async () => {
    const path = join(dir, 'aborted')
    await writeFile(path, Buffer.alloc(10))
    await expect(sha256File(path, AbortSignal.abort())).rejects.toThrow()
  })
})
