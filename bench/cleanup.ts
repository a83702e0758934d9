// What a bench run must undo however it ends (done, failed, Ctrl-C): child processes, servers, generated files.
import type { ChildProcess } from 'node:child_process'

type Undo = () => void | Promise<void>

const undos = new Set<Undo>()
const children = new Set<ChildProcess>()
let interrupted = false

/** After Ctrl-C, failures of work in flight are expected and not worth reporting. */
export function wasInterrupted(): boolean {
  return interrupted
}

/** Registers `undo` to run at cleanup, latest first; the returned function forgets it. */
export function onCleanup(undo: Undo): () => void {
  undos.add(undo)
  return () => undos.delete(undo)
}

/** Keeps `child` on the list of processes killed at exit, until it exits by itself. */
export function track(child: ChildProcess): ChildProcess {
  children.add(child)
  child.once('exit', () => children.delete(child))
  return child
}

export async function cleanupAll(): Promise<void> {
  for (const undo of [...undos].reverse()) {
    undos.delete(undo)
    await Promise.resolve()
      .then(undo)
      .catch((error: unknown) => console.error(`cleanup: ${(error as Error).message}`))
  }
  killChildren()
}

function killChildren(): void {
  for (const child of children) child.kill('SIGKILL')
}

/** Ctrl-C or a kill: undo everything (bounded), then exit 130. A plain exit still kills every child. */
export function installExitHandlers(): void {
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(signal, () => {
      interrupted = true
      console.error(`\n${signal}: cleaning up`)
      setTimeout(() => process.exit(130), 10_000).unref()
      void cleanupAll().finally(() => process.exit(130))
    })
  }
  process.once('exit', killChildren)
}
