// checkFile and checkUrl: the two preflight routes from a browser, with upload progress and abort.
import { PreflightError, parseReply } from './errors.js'
import { localCheck } from './local.js'
import type { CheckOptions, FileCheckOptions, PostOptions, Report, TargetName } from './types.js'

type Named = Blob & { name?: string }

/**
 * Uploads one file (or several: the items of one carousel post) to `POST /v1/preflight/file`.
 * `onProvisional` gets the browser's own reading of the first file while the upload runs.
 */
export function checkFile(
  file: Named | readonly Named[],
  targets: readonly TargetName[],
  options: FileCheckOptions = {},
): Promise<Report> {
  const files = Array.isArray(file) ? (file as readonly Named[]) : [file as Named]
  const form = new FormData()
  for (const f of files) form.append('file', f, f.name ?? 'upload')
  form.append('targets', targets.join(','))
  for (const [name, value] of Object.entries(postFields(options))) form.append(name, value)
  const { onProvisional } = options
  if (onProvisional && files[0]) {
    // A failed local reading is only a missing hint: the upload goes on.
    localCheck(files[0]).then(onProvisional, () => undefined)
  }
  return upload(endpoint(options, '/v1/preflight/file'), form, options)
}

/** Checks media by URL with `POST /v1/preflight`; several URLs are the items of one carousel post. */
export async function checkUrl(
  url: string | readonly string[],
  targets: readonly TargetName[],
  options: CheckOptions = {},
): Promise<Report> {
  const urls = typeof url === 'string' ? [url] : url
  const body = { media: urls.map((u) => ({ url: u })), targets, ...postOf(options) }
  let res: Response
  try {
    res = await fetch(endpoint(options, '/v1/preflight'), {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...auth(options) },
      body: JSON.stringify(body),
      ...(options.signal ? { signal: options.signal } : {}),
    })
  } catch (error) {
    if (options.signal?.aborted) throw options.signal.reason
    throw new PreflightError(0, 'network', `The service could not be reached (${(error as Error).message}).`)
  }
  return parseReply<Report>(res.status, await res.text())
}

function endpoint({ baseUrl }: CheckOptions, path: string): string {
  return `${(baseUrl ?? '').replace(/\/+$/, '')}${path}`
}

function auth({ apiKey }: CheckOptions): Record<string, string> {
  return apiKey ? { authorization: `Bearer ${apiKey}` } : {}
}

// The post fields, named once: the JSON body takes them as they are, the form as text.
const POST_KEYS = [
  'caption',
  'spoilerText',
  'altText',
  'thumbOffsetMs',
  'productTags',
  'mastodonInstance',
  'depth',
  'title',
  'xPremium',
  'tiktokVerifiedPrefixes',
  'tiktokMaxDurationS',
] as const satisfies readonly (keyof PostOptions)[]

/** The post fields that are set, and no other option (not the key, the signal or the callbacks). */
function postOf(options: PostOptions): PostOptions {
  return Object.fromEntries(POST_KEYS.flatMap((key) => (options[key] === undefined ? [] : [[key, options[key]]])))
}

/** The post fields as form fields: numbers and booleans as text, lists comma-separated, product tags as JSON. */
function postFields(options: PostOptions): Record<string, string> {
  return Object.fromEntries(
    Object.entries(postOf(options)).map(([key, value]: [string, unknown]) => [
      key,
      key === 'productTags' ? JSON.stringify(value) : Array.isArray(value) ? value.join(',') : String(value),
    ]),
  )
}

// XMLHttpRequest, not fetch: only it reports upload progress in every browser.
function upload(url: string, form: FormData, options: FileCheckOptions): Promise<Report> {
  const { signal, onProgress } = options
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason)
    const xhr = new XMLHttpRequest()
    const onAbort = () => {
      xhr.abort()
      reject(signal?.reason)
    }
    xhr.open('POST', url)
    for (const [name, value] of Object.entries(auth(options))) xhr.setRequestHeader(name, value)
    if (onProgress) {
      xhr.upload.onprogress = (e) => {
        const total = e.lengthComputable ? e.total : null
        onProgress({ loaded: e.loaded, total, fraction: total ? e.loaded / total : null })
      }
    }
    xhr.onload = () => {
      try {
        resolve(parseReply<Report>(xhr.status, xhr.responseText))
      } catch (error) {
        reject(error)
      }
    }
    xhr.onerror = () =>
      reject(new PreflightError(0, 'network', 'The service could not be reached, or the upload was cut off.'))
    xhr.onloadend = () => signal?.removeEventListener('abort', onAbort)
    signal?.addEventListener('abort', onAbort, { once: true })
    xhr.send(form)
  })
}
