// The service under test: the real built server (dist/src/server.js) in its own process on a free loopback port.
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { onCleanup, track } from './cleanup.js'
import { getJson } from './client.js'
import { statusMb } from './proc.js'

export interface Service {
  url: string
  pid: number
  /** Peak resident memory so far (VmHWM), in MiB. */
  peakRssMb: () => Promise<number>
  /** The last ~4000 characters the service wrote (its JSON log lines). */
  logTail: () => string
  stop: () => Promise<void>
}

export interface ServiceOptions {
  serverScript: string
  env?: Record<string, string>
  /** Extra node flags, e.g. --cpu-prof. */
  nodeArgs?: string[]
  startTimeoutMs?: number
  /** Start it as `node server.js` alone, without the production launch settings (a before/after comparison). */
  plain?: boolean
}

/**
 * How production starts the service (`npm start`, the Dockerfile's CMD and ENV), so the bench measures what
 * runs: a young generation of at most 2 x 2 MB instead of V8's 2 x 16 MB, and two malloc arenas instead of
 * glibc's up to 8 per core (README, "Memory"). test/bench/launch.test.ts keeps the three places in step.
 */
export const LAUNCH_NODE_ARGS = ['--max-semi-space-size=2']
export const LAUNCH_ENV = { MALLOC_ARENA_MAX: '2' }

export async function startService(options: ServiceOptions): Promise<Service> {
  const child = track(
    spawn(
      process.execPath,
      [...(options.plain ? [] : LAUNCH_NODE_ARGS), ...(options.nodeArgs ?? []), options.serverScript],
      {
        env: {
          ...(options.plain ? {} : LAUNCH_ENV),
          ...process.env,
          HOST: '127.0.0.1',
          PORT: '0',
          PREFLIGHT_ALLOW_PRIVATE_NETWORKS: 'true',
          ...options.env,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    ),
  )
  let log = ''
  // Both drained for as long as the process lives (a full pipe would stall the service); the access
  // log goes to stdout, so its cost is part of what is measured, as in production.
  for (const stream of [child.stdout, child.stderr]) {
    stream?.on('data', (chunk: Buffer) => {
      log = (log + chunk.toString()).slice(-4000)
    })
  }
  const stop = async () => {
    forget()
    if (child.exitCode !== null || child.signalCode !== null) return
    const exited = once(child, 'exit')
    child.kill('SIGTERM')
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000)
    await exited
    clearTimeout(timer)
  }
  const forget = onCleanup(stop)
  try {
    const port = await listeningPort(() => log, child, options.startTimeoutMs ?? 15_000)
    const url = `http://127.0.0.1:${port}`
    const ready = await getJson(`${url}/readyz`, 10_000)
    if (ready.status !== 200) throw new Error(`service not ready: ${ready.status}`)
    return { url, pid: child.pid as number, peakRssMb: () => peakRssMb(child.pid as number), logTail: () => log, stop }
  } catch (error) {
    await stop()
    throw new Error(`service did not start: ${(error as Error).message}\n${log}`)
  }
}

function listeningPort(log: () => string, child: ReturnType<typeof spawn>, timeoutMs: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => done(new Error(`no "listening" line within ${timeoutMs} ms`)), timeoutMs)
    // The structured log line ({"port":N,...,"msg":"listening"}), or the plain one of older builds (for --server).
    const check = () => {
      const match =
        /"port":(\d+)[^\n]*"msg":"listening"/.exec(log()) ?? /listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(log())
      if (match) done(null, Number(match[1]))
    }
    const exit = (code: number | null) => done(new Error(`exited with ${code}`))
    const done = (error: Error | null, port?: number) => {
      clearTimeout(timer)
      child.stdout?.off('data', check)
      child.stderr?.off('data', check)
      child.off('exit', exit)
      if (error) reject(error)
      else resolve(port as number)
    }
    child.stdout?.on('data', check)
    child.stderr?.on('data', check)
    child.once('exit', exit)
  })
}

export function peakRssMb(pid: number): Promise<number> {
  return statusMb(pid, 'VmHWM')
}
