// A real redis-server for tests and benches, on a random loopback port, in a folder of its own; removed after.
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

export const REDIS_SERVER = process.env.REDIS_SERVER ?? '/usr/bin/redis-server'

/** A port the kernel just handed out and took back: free unless something grabs it in between. */
async function freePort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  await new Promise((resolve) => server.close(resolve))
  return port
}

export class RedisServer {
  #child: ChildProcess | null = null
  port = 0
  dir = ''

  get url(): string {
    return `redis://127.0.0.1:${this.port}`
  }

  /** Starts (or restarts, on the same port and data folder: with `persist`, what was written survives). */
  async start(options: { persist?: boolean } = {}): Promise<void> {
    this.dir ||= await mkdtemp(join(tmpdir(), 'preflight-redis-'))
    this.port ||= await freePort()
    const persist = options.persist
      ? ['--appendonly', 'yes', '--appendfsync', 'always']
      : ['--appendonly', 'no', '--save', '']
    const child = spawn(
      REDIS_SERVER,
      ['--bind', '127.0.0.1', '--port', String(this.port), '--dir', this.dir, ...persist, '--protected-mode', 'yes'],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    )
    this.#child = child
    let output = ''
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`redis-server did not start: ${output.slice(-500)}`)), 10_000)
      child.stdout!.on('data', (chunk: Buffer) => {
        output += chunk.toString()
        if (output.includes('Ready to accept connections')) {
          clearTimeout(timer)
          resolve()
        }
      })
      child.on('exit', (code) => {
        clearTimeout(timer)
        reject(new Error(`redis-server exited (${code}): ${output.slice(-500)}`))
      })
    })
    child.stdout!.resume()
    child.stderr!.resume()
  }

  /** Stops the server (SIGKILL: a crash, not a clean save), keeping its folder for a restart. */
  async kill(): Promise<void> {
    const child = this.#child
    if (!child || child.exitCode !== null) return
    const exited = new Promise((resolve) => child.once('exit', resolve))
    child.kill('SIGKILL')
    await exited
    this.#child = null
  }

  async stop(): Promise<void> {
    await this.kill()
    if (this.dir) await rm(this.dir, { recursive: true, force: true })
  }
}
