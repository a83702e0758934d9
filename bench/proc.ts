// A process's resources read from /proc/<pid> (Linux): resident memory now and at its peak, open descriptors; files under a directory.
import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'

/** A memory line of /proc/<pid>/status (VmRSS: now, VmHWM: the peak so far), in MiB to one decimal. */
export async function statusMb(pid: number, field: 'VmRSS' | 'VmHWM'): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8')
  const kb = Number(new RegExp(`^${field}:\\s+(\\d+)\\s+kB`, 'm').exec(status)?.[1])
  return Math.round((kb / 1024) * 10) / 10
}

/** File descriptors the process holds open (sockets, files, pipes, epoll and event fds). */
export async function openFds(pid: number): Promise<number> {
  return (await readdir(`/proc/${pid}/fd`)).length
}

/** Every file and directory under `dir` (not `dir` itself): what a service left in its temp dir. */
export async function countEntries(dir: string): Promise<number> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => [])
  let count = entries.length
  for (const entry of entries) if (entry.isDirectory()) count += await countEntries(join(dir, entry.name))
  return count
}
