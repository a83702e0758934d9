// Scratch space for one media item: downloaded or uploaded bytes have one owner, and leaving its scope deletes them.
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

export interface Scratch extends AsyncDisposable {
  dir: string
  /** Where the item's bytes go. */
  path: string
}

/** A fresh private directory under `root`; disposing it removes it and everything in it. */
export async function createScratch(root: string = tmpdir()): Promise<Scratch> {
  const dir = await mkdtemp(join(root, 'preflight-'))
  return {
    dir,
    path: join(dir, 'media'),
    [Symbol.asyncDispose]: () => rm(dir, { recursive: true, force: true, maxRetries: 2 }),
  }
}
