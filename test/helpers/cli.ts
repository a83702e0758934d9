// The real CLI as a child process: compiled once per run with tsc (incremental) under node_modules/.cache.
import { execFile, spawn, type ChildProcess } from 'node:child_process'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { SAMPLES } from './samples.js'

const ROOT = join(SAMPLES, '..')
const OUT = join(ROOT, 'node_modules', '.cache', 'preflight-cli-test')
export const CLI = join(OUT, 'src', 'cli', 'main.js')

/** Compiles src/ as `npm run build` does, into a cache folder whose parents hold node_modules. */
export async function buildCli(): Promise<void> {
  const tsc = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc')
  const args = [
    '-p',
    join(ROOT, 'tsconfig.build.json'),
    '--outDir',
    OUT,
    '--incremental',
    '--tsBuildInfoFile',
    join(OUT, 'build.tsbuildinfo'),
  ]
  await promisify(execFile)(process.execPath, [tsc, ...args], { cwd: ROOT, timeout: 170_000 })
}

export interface CliRun {
  code: number | null
  signal: NodeJS.Signals | null
  stdout: string
  stderr: string
}

/** Runs `preflight <args>`; killed past `timeoutMs` so a hang fails the test instead of stalling it. */
export function runCli(
  args: string[],
  options: { env?: Record<string, string>; timeoutMs?: number } = {},
): Promise<CliRun> {
  return finished(startCli(args, options.env), options.timeoutMs ?? 60_000)
}

export function startCli(args: string[], env: Record<string, string> = {}): ChildProcess {
  return spawn(process.execPath, [CLI, ...args], {
    env: { ...process.env, PREFLIGHT_ALLOW_PRIVATE_NETWORKS: 'true', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
}

export function finished(child: ChildProcess, timeoutMs = 60_000): Promise<CliRun> {
  let stdout = ''
  let stderr = ''
  child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()))
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()))
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs)
  return new Promise((resolve) => {
    child.on('close', (code, signal) => {
      clearTimeout(timer)
      resolve({ code, signal, stdout, stderr })
    })
  })
}
