// Each job's own folder under PREFLIGHT_JOB_DIR: uploads, outputs and (embedded) results; removed with the job.
import { mkdir, rm } from 'node:fs/promises'
import { join, resolve, sep } from 'node:path'

// randomUUID's shape: an id from a URL is checked before it names a folder or a Redis key.
const JOB_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/

export const isJobId = (id: string) => JOB_ID.test(id)

export const jobDir = (root: string, id: string) => join(root, id)

export async function makeJobDir(root: string, id: string): Promise<string> {
  const dir = jobDir(root, id)
  await mkdir(dir, { recursive: true, mode: 0o700 })
  return dir
}

export const removeJobDir = (root: string, id: string) => rm(jobDir(root, id), { recursive: true, force: true })

/** A file a handler named inside its job's folder; null when the name would leave the folder. */
export function fileInJobDir(root: string, id: string, name: string): string | null {
  const dir = resolve(jobDir(root, id))
  const path = resolve(dir, name)
  return path.startsWith(dir + sep) ? path : null
}
