// The loopback origin as its own process (node dist/bench/origin-main.js DIR [KEEP_ALIVE_MS]): prints its base URL, serves until killed.
import { startOrigin } from './origin.js'

const dir = process.argv[2]
if (!dir) {
  console.error('usage: origin-main.js DIR')
  process.exit(2)
}
const origin = await startOrigin(dir, Number(process.argv[3] ?? 30_000))
console.log(origin.url(''))
// The bench kills this process; this bound only matters if the bench itself was killed with SIGKILL.
setTimeout(() => process.exit(0), 3_600_000).unref()
process.stdin.resume()
process.stdin.on('end', () => process.exit(0))
