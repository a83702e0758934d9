// Service and worker processes for multi-process tests: the compiled build, JSON log lines parsed as they come.
import { spawn, type ChildProcess } from 'node:child_process'
import { dirname, join } from 'node:path'
import { CLI } from './cli.js'

export const SERVER = join(dirname(dirname(CLI)), 'server.js')

type Line = Record<string, unknown> & { msg?: string }

export interface Proc {
  child: ChildProcess
  /** The first log line matching `test` (already logged or still to come), or a failure after `ms`. */
  logged(test: (line: Line) => boolean, ms?: number): Promise<Line>
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>
  output(): string
}

export function startProcess(args: string[], env: Record<string, string>): Proc {
  const child = spawn(process.execPath, args, {
    env: { PATH: process.env.PATH ?? '', PREFLIGHT_ALLOW_PRIVATE_NETWORKS: 'true', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const lines: Line[] = []
  const waiters = new Set<() => void>()
  let pending = ''
  let raw = ''
  child.stdout!.on('data', (chunk: Buffer) => {
    raw += chunk.toString()
    pending += chunk.toString()
    const parts = pending.split('\n')
    pending = parts.pop() ?? ''
    for (const part of parts) {
      try {
        lines.push(JSON.parse(part) as Line)
      } catch {
        // not a log line
      }
    }
    for (const wake of waiters) wake()
  })
  child.stderr!.on('data', (chunk: Buffer) => void (raw += chunk.toString()))
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  )
  const logged = (test: (line: Line) => boolean, ms = 20_000) =>
    new Promise<Line>((resolve, reject) => {
      const check = () => {
        const found = lines.find(test)
        if (!found) return
        waiters.delete(check)
        clearTimeout(timer)
        resolve(found)
      }
      const timer = setTimeout(() => {
        waiters.delete(check)
        reject(new Error(`no such log line within ${ms} ms; output: ${raw.slice(-1500)}`))
      }, ms)
      waiters.add(check)
      check()
    })
  return { child, logged, exited, output: () => raw }
}

/** A service on a random port; resolves with its base URL once it listens. */
export async function startService(env: Record<string, string>): Promise<Proc & { url: string }> {
  const proc = startProcess([SERVER], { PORT: '0', ...env })
  const line = await proc.logged((l) => l.msg === 'listening')
  return { ...proc, url: `http://127.0.0.1:${String(line.port)}` }
}

export async function startWorker(env: Record<string, string>): Promise<Proc> {
  const proc = startProcess([CLI, 'worker'], env)
  await proc.logged((l) => l.msg === 'worker started')
  return proc
}

/** SIGKILLs what is still running: the end of every test, whatever happened. */
export async function killAll(procs: Proc[]): Promise<void> {
  for (const p of procs) if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGKILL')
  await Promise.all(procs.map((p) => p.exited))
}
