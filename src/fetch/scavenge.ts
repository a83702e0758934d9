// Young-generation GCs on demand while bodies stream to disk, so their dead socket chunks are freed every 4 MiB.
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'

/*
 * Each socket read of a streamed body is a fresh 64 KiB ArrayBuffer that only a GC frees. A body
 * makes little other garbage, so V8 waits for ~32 MB of young ArrayBuffers (or 64 MB of external
 * memory) before it collects them: that pile is most of what a large download or upload adds to
 * the peak, whatever the body's size. Worse, V8 counts the external bytes allocated since the last
 * full GC against the old generation's room: with `--heap-growing-percent=50` (src/server.ts) that
 * room is ~16 MB, so 16 MiB of dead chunks between scavenges started a full mark-compact of the whole
 * heap (~15 ms of CPU, most of it for nothing) once or twice per 20 MB video. A scavenge every 4 MiB
 * streamed (~1 ms each) keeps the pile under that room: 67 → 52 ms of service CPU per 20 MB video
 * (`npm run bench:video`, 20 runs each, same window); every 2 or 8 MiB measured the same, 1 MiB more.
 */
const EVERY_BYTES = 4 * 1024 * 1024

type Collect = (options: { type: 'minor' | 'major' }) => void
let collect: Collect | null | undefined

/** V8's gc(): the flag set at run time exposes it in new contexts only, so it is taken from one. */
function collector(): Collect | null {
  if (collect === undefined) {
    try {
      setFlagsFromString('--expose-gc')
      collect = runInNewContext('gc') as Collect
    } catch {
      collect = null // without it, V8's own schedule applies
    }
  }
  return collect
}

// Counted across every body streaming at once, not per body: sixteen downloads at once could each pile up
// 4 MiB of dead chunks before their own count came due. The scavenges a byte costs stay the same.
let since = 0

/** A counter for one stream: called with each chunk's length, it asks for a scavenge past every 4 MiB streamed service-wide. */
export function scavenger(): (bytes: number) => void {
  return (bytes) => {
    since += bytes
    if (since < EVERY_BYTES) return
    since = 0
    collector()?.({ type: 'minor' })
  }
}

/** A full GC now, where V8 lets one be asked for (the warm-up's garbage, before the service proper starts). */
export function fullCollection(): void {
  collector()?.({ type: 'major' })
}
