// Scratch space for one media item: downloaded or uploaded bytes have one owner, and leaving its scope deletes them.
// The directories still open are tracked, so a process that must exit mid-work removes them too. Each holds an
// account with the service's temp-disk budget, given back when it is removed.
import { rmSync } from 'node:fs'
import { mkdtemp, rm, rmdir, unlink } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { DiskBudget } from './disk-budget.js'

export interface Scratch extends AsyncDisposable {
  dir: string
  /** Where the item's bytes go. */
  path: string
  /** Where the head of a download goes while the rest arrives (see fetch/early-head.ts). */
  head: string
  /** Takes room in the temp-disk budget for bytes about to be written here; false: no room (always true without a budget). */
  reserve: (bytes: number) => boolean
}

const unbounded = () => true

const open = new Set<string>()

/** A fresh private directory under `root`; disposing it removes it and everything in it, then frees its budget. */
export async function createScratch(root: string = tmpdir(), budget?: DiskBudget): Promise<Scratch> {
  const dir = await mkdtemp(join(root, 'preflight-'))
  open.add(dir)
  const path = join(dir, 'media')
  const head = join(dir, 'head')
  const account = budget?.account()
  return {
    dir,
    path,
    head,
    reserve: account ? account.reserve : unbounded,
    [Symbol.asyncDispose]: async () => {
      await removeScratch(dir, path, head)
      open.delete(dir)
      account?.close()
    },
  }
}

/**
 * The usual scratch (the item's file or nothing) goes in two calls: its file, then the directory; the
 * head of a download is looked for only when the directory is not empty. Anything else: a recursive remove.
 */
async function removeScratch(dir: string, path: string, head: string): Promise<void> {
  try {
    await unlinkIfThere(path)
    await rmdir(dir).catch(async (error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOTEMPTY') throw error
      await unlinkIfThere(head)
      await rmdir(dir)
    })
  } catch {
    await rm(dir, { recursive: true, force: true, maxRetries: 2 })
  }
}

async function unlinkIfThere(path: string): Promise<void> {
  await unlink(path).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'ENOENT') throw error
  })
}

/** Removes every scratch directory not yet disposed: the last step before the process exits. */
export function removeOpenScratches(): number {
  const count = open.size
  for (const dir of open) rmSync(dir, { recursive: true, force: true })
  open.clear()
  return count
}
