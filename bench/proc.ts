// A process's resources read from /proc/<pid> (Linux): resident memory now and at its peak, open descriptors, CPU time
// (its own and its children's, and by thread); files under a directory.
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

const CLOCK_TICKS_PER_S = 100 // USER_HZ on Linux

/** CPU seconds the process has used so far (its own, and its waited-for children's: ffprobe runs). */
export async function cpuSeconds(pid: number): Promise<{ own: number; children: number }> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8')
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ') // fields from the third (state) on
  const tick = (i: number) => Number(fields[i - 3]) / CLOCK_TICKS_PER_S
  return { own: tick(14) + tick(15), children: tick(16) + tick(17) }
}

/** CPU seconds so far by thread: `main` (the event loop), the others by name (libuv's pool and V8's helpers are all `node` on Node 20). */
export async function cpuByThread(pid: number): Promise<Map<string, number>> {
  const byName = new Map<string, number>()
  for (const task of await readdir(`/proc/${pid}/task`).catch(() => [])) {
    const stat = await readFile(`/proc/${pid}/task/${task}/stat`, 'utf8').catch(() => null)
    if (!stat) continue
    const name = task === String(pid) ? 'main' : stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'))
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    const seconds = (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_S
    byName.set(name, (byName.get(name) ?? 0) + seconds)
  }
  return byName
}
