// Starts the HTTP service: validated configuration, the API on HOST:PORT, and a graceful stop on SIGTERM or SIGINT:
// stop accepting, let in-flight requests finish until PREFLIGHT_SHUTDOWN_TIMEOUT_MS, then abort them, exit 0.
import { setFlagsFromString } from 'node:v8'
import { loadConfig, type Config } from './config.js'
import { createService } from './http/app.js'
import { serveApp } from './http/serve.js'
import { loadSharp } from './pipeline/probe-image.js'
import { startSpawner } from './services/spawner.js'
import { Lifecycle } from './services/lifecycle.js'
import { createLogger } from './services/logger.js'
import { Metrics } from './services/metrics.js'
import { removeOpenScratches } from './services/temp-file.js'
import { warmUp } from './services/warm-up.js'

/*
 * WebAssembly stays on V8's baseline compiler. undici's HTTP parser is llhttp compiled to wasm; once
 * it is hot, V8 recompiles it with TurboFan on a worker thread whose compile zone holds ~36 MB for a
 * moment: the largest single spike of a process's first large download. Baseline code parses headers
 * fast enough, and a body is passed over in one span per socket read. Set before the first request,
 * when undici compiles the module.
 */
setFlagsFromString('--liftoff-only')

/*
 * The old generation may grow to 1.5 times what the last full GC left live, not V8's up to 4 times: with
 * ~25 MB live, garbage piled up to 50+ MB of old space between full GCs under steady load, and resident
 * memory followed. Read at every full GC, so it applies however the process was started.
 */
setFlagsFromString('--heap-growing-percent=50')

// After the deadline, aborted work unwinds (removing its scratch files) before the connections are dropped.
const UNWIND_MS = 2000

let config: Config
try {
  config = loadConfig()
} catch (error) {
  console.error((error as Error).message)
  process.exit(1)
}

const logger = createLogger(config.PREFLIGHT_LOG_LEVEL)
const lifecycle = new Lifecycle()
if (config.PREFLIGHT_WARM_UP) {
  await warmUp(config).then(
    (done) => logger.info(done, 'warmed up'),
    (err: unknown) => logger.warn({ err }, 'the warm-up did not finish: the first requests will be slower'),
  )
}
const { app, jobs } = createService(config, { logger, lifecycle, metrics: new Metrics({ process: true }) })

const server = serveApp(app, config, (info) => {
  startSpawner() // ffprobe runs start from a small shell, not from the service (fork's cost: src/services/spawner.ts)
  logger.info({ address: info.address, port: info.port }, 'listening')
  // sharp loads now rather than inside the first image requests: loading it costs ~0.2 s of CPU,
  // which the first dozens of requests would otherwise share (and wait for).
  setImmediate(
    () =>
      void loadSharp().catch((err: unknown) => logger.warn({ err }, 'sharp did not load: images will fail to probe')),
  )
})

function stop(signal: NodeJS.Signals): void {
  if (lifecycle.draining) return
  lifecycle.drain()
  const deadlineMs = config.PREFLIGHT_SHUTDOWN_TIMEOUT_MS
  logger.info({ signal, deadlineMs }, 'stopping: no new connections, finishing in-flight requests')
  // Embedded jobs stop now (they do not survive a restart); a Redis worker hands its chunk back within the deadline.
  const jobsStopped = jobs.close(deadlineMs).catch((err: unknown) => logger.error({ err }, 'jobs did not stop cleanly'))
  server.close(() => void jobsStopped.finally(exit))
  setTimeout(() => {
    logger.warn({ deadlineMs }, 'shutdown deadline passed: aborting in-flight requests')
    lifecycle.cut()
    setTimeout(() => {
      server.closeAllConnections()
      exit()
    }, UNWIND_MS).unref()
  }, deadlineMs).unref()
}

/** Work cut short (an upload still arriving, say) may leave scratch directories: they go before the process. */
function exit(): void {
  const removed = removeOpenScratches()
  logger.info({ removedScratchDirs: removed }, 'stopped')
  process.exit(0)
}

process.once('SIGTERM', stop)
process.once('SIGINT', stop)
// A bug that escaped every handler: one structured line (URLs scrubbed), no scratch left, exit for a restart.
for (const event of ['uncaughtException', 'unhandledRejection'] as const) {
  process.on(event, (err) => {
    logger.fatal({ err }, event)
    removeOpenScratches()
    process.exit(1)
  })
}
