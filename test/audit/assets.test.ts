// Finding an audit's assets: media by their bytes, a bounded depth, symlink loops entered once.
import { copyFile, mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { findAssets } from '../../src/audit/assets.js'
import { samplePath } from '../helpers/samples.js'

let root: string
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'preflight-assets-test-'))
  await mkdir(join(root, 'a', 'b', 'c'), { recursive: true })
  await copyFile(samplePath('feed-ok-1080x1350.jpg'), join(root, 'top.bin'))
  await copyFile(samplePath('clip-360x640.mp4'), join(root, 'a', 'clip'))
  await copyFile(samplePath('tone.mp3'), join(root, 'a', 'b', 'tone.mp3'))
  await copyFile(samplePath('still-800x1000.webp'), join(root, 'a', 'b', 'c', 'deep.webp'))
  await writeFile(join(root, 'a', 'readme.jpg'), 'not an image, whatever the name says')
  await symlink(root, join(root, 'a', 'b', 'loop'))
  await symlink(join(root, 'top.bin'), join(root, 'a', 'alias.jpg'))
})
afterAll(() => rm(root, { recursive: true, force: true }))

describe('findAssets', () => {
  it('takes every file whose bytes are media, follows symlinks, and enters each folder once', async () => {
    const assets = await findAssets(root, { maxDepth: 32, concurrency: 4 })
    expect(assets.map((a) => a.name)).toEqual(['a/alias.jpg', 'a/b/c/deep.webp', 'a/b/tone.mp3', 'a/clip', 'top.bin'])
    expect(assets[4]!.input).toEqual({ path: join(root, 'top.bin') })
  })

  it('stops at --max-depth', async () => {
    const assets = await findAssets(root, { maxDepth: 1, concurrency: 4 })
    expect(assets.map((a) => a.name)).toEqual(['a/alias.jpg', 'a/clip', 'top.bin'])
  })

  it('takes a single media file as an audit of one', async () => {
    const assets = await findAssets(join(root, 'top.bin'), { maxDepth: 1, concurrency: 1 })
    expect(assets).toEqual([{ name: join(root, 'top.bin'), input: { path: join(root, 'top.bin') } }])
  })
})
