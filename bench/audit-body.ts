// npm run bench:audit-body: what one large POST /v1/audits costs the service's memory. The built server runs
// with the embedded engine; every item points at a loopback origin that never answers, and one item runs at a
// time, so what stays on the heap after the 202 is the job's items. Prints RSS (sampled, and VmHWM) and V8's
// used heap (/metrics) before, during and after.
// Usage: npm run bench:audit-body -- [--items 100000] [--url-bytes 480]
import { createServer, request, type Server } from 'node:http'
import { once } from 'node:events'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { cleanupAll, installExitHandlers, onCleanup } from './cleanup.js'
import { statusMb } from './proc.js'
import { startService, type Service } from './service.js'

const ROOT = resolve(fileURLToPath(import.meta.url), '../../..') // dist/bench/audit-body.js → the repository
const SERVER = join(ROOT, 'dist/src/server.js')

const { values } = parseArgs({
  options: {
    items: { type: 'string', default: '100000' },
    'url-bytes': { type: 'string', default: '480' },
    'max-bytes': { type: 'string' },
  },
})
const count = Number(values.items)
const urlBytes = Number(values['url-bytes'])

/** A stalling origin: it takes the connection and never answers, so an item runs until the job is cancelled. */
async function stallingOrigin(): Promise<{ server: Server; port: number }> {
  const server = createServer(() => undefined)
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  onCleanup(() => {
    server.closeAllConnections()
    server.close()
  })
  return { server, port: (server.address() as { port: number }).port }
}

/** A realistic item: a presigned S3-style URL of about `urlBytes`, two targets and a short caption. */
function auditItem(port: number, i: number, urlBytes: number): string {
  const base = `http://127.0.0.1:${port}/uploads/2026/12/${i.toString(16).padStart(8, '0')}-photo.jpg`
  const signature = Array.from({ length: 64 }, (_, k) => ((i * 31 + k * 7) % 16).toString(16)).join('')
  let query =
    '?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20261202%2Fus-east-1%2Fs3%2Faws4_request' +
    `&X-Amz-Date=20261202T120000Z&X-Amz-Expires=86400&X-Amz-SignedHeaders=host&X-Amz-Signature=${signature}`
  while (base.length + query.length < urlBytes) query += `&x-id=${signature.slice(0, 16)}`
  const url = base + query
  return JSON.stringify({ url, targets: ['instagram.feed', 'threads'], caption: `Photo ${i} of the winter campaign` })
}

async function heapUsedMb(service: Service): Promise<number> {
  const text = await (await fetch(`${service.url}/metrics`)).text()
  const bytes = Number(/^nodejs_heap_size_used_bytes (\S+)$/m.exec(text)?.[1])
  return Math.round((bytes / 2 ** 20) * 10) / 10
}

function post(url: string, body: Buffer): Promise<{ status: number; text: string }> {
  return new Promise((ok, fail) => {
    const req = request(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': String(body.length) },
    })
    req.on('response', (res) => {
      let text = ''
      res.on('data', (chunk: Buffer) => (text += chunk.toString()))
      res.on('end', () => ok({ status: res.statusCode ?? 0, text }))
    })
    req.on('error', fail)
    // In 64 KiB writes, as a client streaming a file would.
    for (let at = 0; at < body.length; at += 65536) req.write(body.subarray(at, at + 65536))
    req.end()
  })
}

async function main(): Promise<void> {
  installExitHandlers()
  const origin = await stallingOrigin()
  const env: Record<string, string> = {
    PREFLIGHT_RATE_LIMIT: '0',
    PREFLIGHT_LOG_LEVEL: 'info',
    PREFLIGHT_AUDIT_CONCURRENCY: '1',
    PREFLIGHT_AUDIT_MAX_ITEMS: String(Math.max(count, 100_000)),
  }
  if (values['max-bytes']) env.PREFLIGHT_AUDIT_MAX_BYTES = values['max-bytes']
  const service = await startService({ serverScript: SERVER, env })
  const items = Array.from({ length: count }, (_, i) => auditItem(origin.port, i, urlBytes))
  const body = Buffer.from(`{"items":[${items.join(',')}]}`)
  items.length = 0
  console.log(
    `body: ${count} items, ${(body.length / 2 ** 20).toFixed(1)} MiB (${Math.round(body.length / count)} B an item)`,
  )

  // Settle first: the idle figures are what a quiet service holds.
  await new Promise((r) => setTimeout(r, 2000))
  const idle = { rss: await statusMb(service.pid, 'VmRSS'), heap: await heapUsedMb(service) }
  let peakSample = idle.rss
  const sampler = setInterval(() => {
    void statusMb(service.pid, 'VmRSS').then((mb) => (peakSample = Math.max(peakSample, mb)))
  }, 20)
  const started = performance.now()
  const answer = await post(`${service.url}/v1/audits`, body)
  const ms = Math.round(performance.now() - started)
  clearInterval(sampler)
  const after = { rss: await statusMb(service.pid, 'VmRSS'), heap: await heapUsedMb(service) }
  await new Promise((r) => setTimeout(r, 3000))
  const later = { rss: await statusMb(service.pid, 'VmRSS'), heap: await heapUsedMb(service) }
  const hwm = await statusMb(service.pid, 'VmHWM')
  console.log(`answer: ${answer.status} in ${ms} ms ${answer.text.slice(0, 200)}`)
  console.log(`idle:         RSS ${idle.rss} MB, heap used ${idle.heap} MB`)
  console.log(`peak:         RSS ${Math.max(peakSample, hwm)} MB (VmHWM ${hwm}, highest sample ${peakSample})`)
  console.log(`after answer: RSS ${after.rss} MB, heap used ${after.heap} MB`)
  console.log(`3 s later:    RSS ${later.rss} MB, heap used ${later.heap} MB`)
  const id = /"id":"([^"]+)"/.exec(answer.text)?.[1]
  if (id) await fetch(`${service.url}/v1/jobs/${id}`, { method: 'DELETE' })
  await service.stop()
}

main()
  .catch((error: unknown) => {
    console.error(error)
    process.exitCode = 1
  })
  .finally(() => cleanupAll())
