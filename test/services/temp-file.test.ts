// Scratch directories: gone after disposal, whether they hold the item's file, nothing, or more than expected.
import { existsSync } from 'node:fs'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createScratch } from '../../src/services/temp-file.js'

let root: string
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'preflight-scratch-test-'))
})
afterAll(() => rm(root, { recursive: true, force: true }))

describe('createScratch', () => {
  it.each([
    ['the media file', ['media']],
    ['nothing', []],
    ['the media file and the head of a download', ['media', 'head']],
    ['only the head', ['head']],
    ['the media file and another', ['media', 'extra']],
  ])('removes a scratch holding %s', async (_, files) => {
    const scratch = await createScratch(root)
    for (const name of files) await writeFile(join(scratch.dir, name), 'x')
    await scratch[Symbol.asyncDispose]()
    expect(existsSync(scratch.dir)).toBe(false)
  })
})
