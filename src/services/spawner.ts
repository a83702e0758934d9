// Child processes started by a small shell that the service starts once, not by the service itself.
//
// Node starts a child with fork(): the kernel copies the service's page tables (~100 MB resident) and marks
// every page copy-on-write, so each page the service writes afterwards (V8's heap, malloc's arenas) faults
// once. Measured with 100 MB written after each start: ~32 ms of the service's CPU a start, against ~1.5 ms
// when a shell of ~1 MB starts it. A video's decode proof starts one ffprobe per request. The shell reads
// one request at a time from its stdin, starts each command in the background with its output in files,
// and says on its stdout the command's pid (so that a deadline or an abort can kill it) and its exit status.
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { readFile, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'

/** How a command ended: its exit code (null when a signal ended it), whether it was killed for its deadline or an abort. */
export interface Ended {
  code: number | null
  killed: boolean
  stdout: string
  stderr: string
}

export interface RunBounds {
  timeoutMs: number
  signal?: AbortSignal
  /** Output past this many bytes (either stream) fails the run: what it said is then not read. */
  maxBuffer: number
}

export class OutputTooLarge extends Error {
  constructor() {
    super('the command printed more than it may')
    this.name = 'OutputTooLarge'
  }
}

/*
 * Each request is: an id line, a count line, then that many argument lines (stdout file, stderr file, command,
 * arguments). The job's pid line comes first, its exit line when it ends; lines under PIPE_BUF are written whole,
 * so concurrent jobs' lines never mix. `wait` gives 128 + n for a command ended by signal n. The shell removes its
 * output folder when it ends, which it does when the service's end of its stdin closes, however the service ended.
 */
const SCRIPT = `
dir=$1
trap 'rm -rf -- "$dir"' EXIT
trap 'exit 1' HUP INT TERM
while IFS= read -r id && IFS= read -r n; do
  set --
  i=0
  while [ "$i" -lt "$n" ] && IFS= read -r a; do set -- "$@" "$a"; i=$((i + 1)); done
  out=$1; err=$2; shift 2
  { "$@" >"$out" 2>"$err" </dev/null & p=$!; echo "$id p $p"; wait "$p"; echo "$id x $?"; } &
done
`
const SIGKILL_STATUS = 128 + 9
// A job the shell never started (it died first): the command is started directly instead.
const NOT_STARTED = -1

interface Job {
  pid: number | null
  kill: boolean
  exited: (status: number) => void
}

class Shell {
  readonly #child: ChildProcess
  readonly #jobs = new Map<string, Job>()
  readonly dir: string
  #next = 0
  alive = true
  /** The shell answered at least once: it works here (a system without /bin/sh never does). */
  answered = false

  constructor() {
    // Not the service's temp folder: that one holds media, and its budget; these are a few KB of JSON at a time.
    this.dir = mkdtempSync(join(tmpdir(), 'preflight-spawn-'))
    this.#child = spawn('/bin/sh', ['-c', SCRIPT, 'preflight-spawner', this.dir], { stdio: ['pipe', 'pipe', 'ignore'] })
    this.#child.unref()
    for (const stream of [this.#child.stdin, this.#child.stdout]) (stream as { unref?: () => void } | null)?.unref?.()
    this.#child.stdin?.on('error', () => this.#die())
    this.#child.on('error', () => this.#die())
    this.#child.on('exit', () => this.#die())
    createInterface({ input: this.#child.stdout! }).on('line', (line) => this.#heard(line))
  }

  /** Starts `command`; resolves with the shell's exit status for it. */
  start(command: string, args: readonly string[]): { id: string; status: Promise<number>; files: [string, string] } {
    const id = String(this.#next++)
    const files: [string, string] = [join(this.dir, `${id}.out`), join(this.dir, `${id}.err`)]
    const lines = [...files, command, ...args]
    let exited!: (status: number) => void
    const status = new Promise<number>((resolve) => (exited = resolve))
    this.#jobs.set(id, { pid: null, kill: false, exited })
    this.#child.stdin!.write(`${id}\n${lines.length}\n${lines.join('\n')}\n`)
    return { id, status, files }
  }

  kill(id: string): void {
    const job = this.#jobs.get(id)
    if (!job) return
    job.kill = true
    if (job.pid !== null) signal(job.pid)
  }

  #heard(line: string): void {
    const [id = '', kind, value] = line.split(' ')
    const job = this.#jobs.get(id)
    if (!job) return
    this.answered = true
    if (kind === 'p') {
      job.pid = Number(value)
      if (job.kill) signal(job.pid)
    } else if (kind === 'x') {
      this.#jobs.delete(id)
      job.exited(Number(value))
    }
  }

  /** The shell is gone: its started jobs are answered as killed (and their commands killed), the others as not started. */
  #die(): void {
    if (!this.alive) return
    this.alive = false
    for (const [id, job] of this.#jobs) {
      if (job.pid !== null) signal(job.pid)
      this.#jobs.delete(id)
      job.exited(job.pid === null ? NOT_STARTED : SIGKILL_STATUS)
    }
    if (shell === this) shell = null
    if (!this.answered) usable = false
    rmSync(this.dir, { recursive: true, force: true })
  }

  close(): void {
    this.#child.stdin?.end()
    this.#child.kill()
    this.#die()
  }
}

function signal(pid: number): void {
  try {
    process.kill(pid, 'SIGKILL')
  } catch {
    // already gone
  }
}

let shell: Shell | null = null
// False once a shell died without a word: commands then start directly.
let usable = true

/** Starts the shell now rather than with the first command (the server, once it listens: its fds are then counted from the start). */
export function startSpawner(): void {
  if (shell?.alive || !usable) return
  try {
    shell = new Shell()
  } catch {
    shell = null // each command tries again, or starts directly
  }
}

process.once('exit', () => shell?.close())

/**
 * Runs `command` to its end, bounded: killed past `timeoutMs` or when `signal` aborts (then `killed`). Its
 * output is read once it has ended. Arguments are passed one a line: one holding a line break (none of
 * preflight's do) makes the command start directly instead.
 */
export async function runCommand(command: string, args: readonly string[], bounds: RunBounds): Promise<Ended> {
  if (bounds.signal?.aborted) return { code: null, killed: true, stdout: '', stderr: '' }
  if ([command, ...args].some((a) => /[\r\n]/.test(a))) return runDirect(command, args, bounds)
  startSpawner()
  const current = shell
  if (!current) return runDirect(command, args, bounds)
  const job = current.start(command, args)
  let killed = false
  const kill = () => {
    killed = true
    current.kill(job.id)
  }
  const timer = setTimeout(kill, bounds.timeoutMs)
  bounds.signal?.addEventListener('abort', kill, { once: true })
  try {
    const status = await job.status
    if (status === NOT_STARTED && !killed) return await runDirect(command, args, bounds)
    killed ||= status === SIGKILL_STATUS
    if (killed) return { code: null, killed, stdout: '', stderr: '' }
    const [stdout, stderr] = await Promise.all(job.files.map((file) => readBounded(file, bounds.maxBuffer)))
    return { code: status, killed, stdout: stdout!, stderr: stderr! }
  } finally {
    clearTimeout(timer)
    bounds.signal?.removeEventListener('abort', kill)
    await Promise.all(job.files.map((file) => rm(file, { force: true })))
  }
}

async function readBounded(file: string, maxBuffer: number): Promise<string> {
  const size = await stat(file).then(
    (s) => s.size,
    () => 0,
  )
  if (size > maxBuffer) throw new OutputTooLarge()
  return size === 0 ? '' : readFile(file, 'utf8')
}

/** The same, started by the service itself (a command whose arguments the shell's one-a-line requests cannot carry). */
function runDirect(command: string, args: readonly string[], bounds: RunBounds): Promise<Ended> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], signal: bounds.signal })
    const out: Buffer[][] = [[], []]
    const sizes = [0, 0]
    let killed = false
    let tooLarge = false
    const kill = () => {
      killed = true
      child.kill('SIGKILL')
    }
    const timer = setTimeout(kill, bounds.timeoutMs)
    ;[child.stdout, child.stderr].forEach((stream, i) =>
      stream.on('data', (chunk: Buffer) => {
        sizes[i]! += chunk.length
        if (sizes[i]! > bounds.maxBuffer) {
          tooLarge = true
          kill()
        } else out[i]!.push(chunk)
      }),
    )
    child.on('error', (error) => {
      if ((error as { name?: string }).name === 'AbortError') killed = true
      else if (child.pid === undefined) {
        clearTimeout(timer)
        reject(error)
      }
    })
    child.on('close', (code) => {
      clearTimeout(timer)
      if (tooLarge) return reject(new OutputTooLarge())
      const text = (i: number) => Buffer.concat(out[i]!).toString('utf8')
      resolve(
        killed ? { code: null, killed, stdout: '', stderr: '' } : { code, killed, stdout: text(0), stderr: text(1) },
      )
    })
  })
}
