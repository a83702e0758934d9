// HTTP client for the service: a keep-alive node:http agent, JSON posts, and multipart uploads streamed from disk.
import { createReadStream } from 'node:fs'
import { stat } from 'node:fs/promises'
import { Agent, request, type IncomingHttpHeaders, type IncomingMessage } from 'node:http'
import { basename } from 'node:path'
import { PassThrough, Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'

const agent = new Agent({ keepAlive: true, maxSockets: 64 })

export interface Answer {
  status: number
  json: unknown
  headers: IncomingHttpHeaders
}

export function getJson(url: string, timeoutMs: number): Promise<Answer> {
  return send(url, { method: 'GET' }, null, timeoutMs)
}

export function postJson(url: string, body: unknown, timeoutMs: number): Promise<Answer> {
  const text = Buffer.from(JSON.stringify(body))
  const headers = { 'content-type': 'application/json', 'content-length': String(text.length) }
  return send(url, { method: 'POST', headers }, Readable.from([text]), timeoutMs)
}

/** POSTs `file` as multipart/form-data with a known Content-Length; the file is streamed, never held in memory. */
export async function uploadFile(
  url: string,
  file: string,
  fields: Record<string, string>,
  timeoutMs: number,
): Promise<Answer> {
  const boundary = `bench${Date.now().toString(16)}`
  const fieldParts = Object.entries(fields).map(
    ([name, value]) => `--${boundary}\r\ncontent-disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`,
  )
  const head = Buffer.from(
    `${fieldParts.join('')}--${boundary}\r\ncontent-disposition: form-data; name="file"; filename="${basename(file)}"\r\n` +
      'content-type: application/octet-stream\r\n\r\n',
  )
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`)
  const { size } = await stat(file)
  const body = new PassThrough()
  const write = async () => {
    body.write(head)
    await pipeline(createReadStream(file, { highWaterMark: 1024 * 1024 }), body, { end: false })
    body.end(tail)
  }
  void write().catch((error: unknown) => body.destroy(error as Error))
  const headers = {
    'content-type': `multipart/form-data; boundary=${boundary}`,
    'content-length': String(head.length + size + tail.length),
  }
  return send(url, { method: 'POST', headers }, body, timeoutMs)
}

function send(
  url: string,
  options: { method: string; headers?: Record<string, string> },
  body: Readable | null,
  timeoutMs: number,
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(url, { ...options, agent, signal: AbortSignal.timeout(timeoutMs) }, (res: IncomingMessage) => {
      const chunks: Buffer[] = []
      res.on('data', (chunk: Buffer) => chunks.push(chunk))
      res.on('error', reject)
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString()
        let json: unknown = null
        try {
          json = JSON.parse(text)
        } catch {
          json = text
        }
        resolve({ status: res.statusCode ?? 0, json, headers: res.headers })
      })
    })
    req.on('error', reject)
    if (body) body.pipe(req)
    else req.end()
  })
}
