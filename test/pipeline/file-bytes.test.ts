// readEnds: the head and tail of a file through one handle, for files larger and smaller than the head.
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readEnds } from '../../src/pipeline/file-bytes.js'

let dir: string
const bytes = Buffer.from(Array.from({ length: 100 }, (_, i) => i))
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'preflight-bytes-'))
  await writeFile(join(dir, 'f'), bytes)
})
afterAll(() => rm(dir, { recursive: true, force: true }))

describe('readEnds', () => {
  it.each([
    ['a file longer than the head', 10],
    ['a file shorter than the head', 4096],
  ])('reads %s', async (_, headLength) => {
    const { head, tail } = await readEnds(join(dir, 'f'), bytes.length, headLength, 2)
    expect(head).toEqual(bytes.subarray(0, headLength))
    expect([...tail]).toEqual([98, 99])
  })
})
