// "Make a fixed copy" on a failing card: the strategy choice, POST /v1/fix, the job's progress, then each target's
// verdict before → after, the fixed copy beside the original with its frame drawn over it, and the download.
import type { Report, TargetName } from '../client/types.js'
import type { Frame } from './crop.js'
import { cropStage } from './crop-view.js'
import { el } from './dom.js'
import { shortBytes } from '../client/units.js'
import { verdictBadge, type SiteNames } from './report-view.js'

/** What was checked, so the same media can be sent to be fixed. */
export type FixSource = { files: File[] } | { urls: string[] }

export interface FixRequest {
  source: FixSource
  targets: TargetName[]
  apiKey?: string
  mastodonInstance?: string
}

interface FixOutput {
  item: number
  targets: string[]
  mime: string
  bytes: number
  href: string
  commands: string[]
  region?: { x: number; y: number; width: number; height: number }
}

interface FixJob {
  id: string
  state: 'queued' | 'active' | 'done' | 'failed' | 'cancelled'
  progress: { done: number; total: number }
  result: {
    before: Report
    after: Report
    outputs: FixOutput[]
    remaining: { target: string; message: string }[]
  } | null
  error: { message: string } | null
}

// The job is read this often, at most this many times (30 minutes): fixing a long video takes a while.
const POLL_MS = 500
const MAX_POLLS = 3600

/** The panel: a strategy choice and a button; the flow runs in it when pressed. `original` is the preview shown. */
export function fixPanel(request: FixRequest, sites: SiteNames, original: () => HTMLElement | null): HTMLElement {
  const name = `strategy-${Math.random().toString(36).slice(2)}`
  const choice = (value: string, label: string, checked: boolean) =>
    el('label', { class: 'check' }, el('input', { type: 'radio', name, value, checked }), ` ${label}`)
  const trim = el('input', { type: 'checkbox' })
  const button = el('button', { type: 'button' }, 'Make a fixed copy')
  const out = el('div', { class: 'fix-out', 'aria-live': 'polite' })
  const panel = el(
    'section',
    { class: 'fix-panel', 'aria-label': 'Make a fixed copy' },
    el(
      'fieldset',
      {},
      el('legend', {}, 'Where the shape must change'),
      choice('pad', 'Fit it in, on a blurred background', true),
      choice('crop', 'Fill the frame, cropping the edges', false),
      el('label', { class: 'check' }, trim, ' Cut a video that is too long'),
    ),
    button,
    out,
  )
  button.addEventListener('click', () => {
    const strategy = panel.querySelector<HTMLInputElement>(`input[name=${name}]:checked`)?.value ?? 'pad'
    button.disabled = true
    void runFix(request, strategy, trim.checked, out, sites, original).finally(() => (button.disabled = false))
  })
  return panel
}

async function runFix(
  request: FixRequest,
  strategy: string,
  allowTrim: boolean,
  out: HTMLElement,
  sites: SiteNames,
  original: () => HTMLElement | null,
): Promise<void> {
  const bar = el('progress', { max: '1', 'aria-label': 'Fixing' })
  const state = el('p', { class: 'fix-state' }, 'Sending…')
  out.replaceChildren(state, bar)
  const headers: Record<string, string> = request.apiKey ? { authorization: `Bearer ${request.apiKey}` } : {}
  try {
    let job = await submit(request, strategy, allowTrim, headers)
    for (let polls = 0; !['done', 'failed', 'cancelled'].includes(job.state) && polls < MAX_POLLS; polls++) {
      state.textContent = job.state === 'queued' ? 'Waiting for a free slot…' : 'Making the fixed copy…'
      if (job.progress.total > 0) bar.value = job.progress.done / job.progress.total
      await new Promise((resolve) => setTimeout(resolve, POLL_MS))
      job = await call<FixJob>(`/v1/jobs/${job.id}`, { headers })
    }
    if (job.state !== 'done' || !job.result) throw new Error(job.error?.message ?? `The fix ${job.state}.`)
    out.replaceChildren(...(await resultView(job.result, sites, original, headers)))
  } catch (error) {
    out.replaceChildren(el('p', { class: 'error-box', role: 'alert' }, (error as Error).message))
  }
}

async function submit(request: FixRequest, strategy: string, allowTrim: boolean, headers: Record<string, string>) {
  const { source, targets, mastodonInstance } = request
  if ('urls' in source) {
    const body = {
      media: source.urls.map((url) => ({ url })),
      targets,
      strategy,
      allowTrim,
      ...(mastodonInstance ? { mastodonInstance } : {}),
    }
    return call<FixJob>('/v1/fix', {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    })
  }
  const form = new FormData()
  form.append('targets', targets.join(','))
  form.append('strategy', strategy)
  form.append('allowTrim', String(allowTrim))
  if (mastodonInstance) form.append('mastodonInstance', mastodonInstance)
  for (const file of source.files) form.append('file', file, file.name)
  return call<FixJob>('/v1/fix', { method: 'POST', headers, body: form })
}

async function call<T>(url: string, init: RequestInit): Promise<T> {
  const res = await fetch(url, init)
  const body = (await res.json().catch(() => null)) as (T & { error?: { message?: string } }) | null
  if (!res.ok || !body) throw new Error(body?.error?.message ?? `The service answered ${res.status}.`)
  return body
}

async function resultView(
  result: NonNullable<FixJob['result']>,
  sites: SiteNames,
  original: () => HTMLElement | null,
  headers: Record<string, string>,
): Promise<HTMLElement[]> {
  const verdicts = el(
    'ul',
    { class: 'fix-verdicts' },
    ...result.after.results.map((after) => {
      const before = result.before.results.find((r) => r.target === after.target)?.verdict ?? 'fail'
      return el(
        'li',
        { 'data-target': after.target, 'data-before': before, 'data-after': after.verdict },
        `${sites.get(after.target) ?? after.target}: `,
        verdictBadge(before),
        ' → ',
        verdictBadge(after.verdict),
      )
    }),
  )
  const notes = result.remaining.map((r) =>
    el('p', { class: 'meta' }, `${sites.get(r.target) ?? r.target}: not fixed: ${r.message}`),
  )
  const outputs = await Promise.all(result.outputs.map((output) => outputView(output, sites, original, headers)))
  return [
    el(
      'p',
      { class: `fix-state ${result.after.ok ? 'pass' : 'fail'}` },
      result.after.ok ? 'The fixed copy passes.' : 'Fixed as far as it can be.',
    ),
    verdicts,
    ...notes,
    ...outputs,
  ]
}

async function outputView(
  output: FixOutput,
  sites: SiteNames,
  original: () => HTMLElement | null,
  headers: Record<string, string>,
): Promise<HTMLElement> {
  // With an API key the file needs the header too: fetched once, shown and downloaded from memory.
  const src = headers.authorization
    ? URL.createObjectURL(await (await fetch(output.href, { headers })).blob())
    : output.href
  const name = `fixed-${output.item}.${output.mime.split('/')[1] === 'jpeg' ? 'jpg' : (output.mime.split('/')[1] ?? 'bin')}`
  const after = output.mime.startsWith('video/')
    ? el('video', { src, controls: true, muted: true, playsinline: true, 'aria-label': 'The fixed copy' })
    : el('img', { src, alt: 'The fixed copy' })
  const before = beforeView(original(), output)
  const serves = output.targets.map((t) => sites.get(t) ?? t).join(', ')
  return el(
    'div',
    { class: 'fix-output' },
    el(
      'div',
      { class: 'fix-compare' },
      before ? el('figure', {}, before, el('figcaption', {}, 'Before: the frame kept')) : null,
      el('figure', {}, after, el('figcaption', {}, `After: ${serves}`)),
    ),
    el('a', { class: 'button', href: src, download: name }, `Download the fixed copy (${shortBytes(output.bytes)})`),
    output.commands.length
      ? el(
          'details',
          {},
          el('summary', {}, 'What was run'),
          ...output.commands.map((c) => el('pre', {}, el('code', {}, c))),
        )
      : el('p', { class: 'meta' }, 'Unchanged: it already passes these targets.'),
  )
}

/** The original picture with the fixed copy's frame over it (the crop kept, or the padding added). */
function beforeView(picture: HTMLElement | null, output: FixOutput): HTMLElement | null {
  if (!(picture instanceof HTMLImageElement) || !output.region || !picture.naturalWidth) return null
  const copy = el('img', { src: picture.src, alt: picture.alt })
  const { x, y, width, height } = output.region
  const inside = x >= 0 && y >= 0 && x + width <= picture.naturalWidth && y + height <= picture.naturalHeight
  const frame: Frame = {
    targets: output.targets,
    label: inside ? 'Kept' : 'Padded',
    kind: inside ? 'crop' : 'fill',
    x,
    y,
    w: width,
    h: height,
    safe: null,
    sentence: inside
      ? 'The fixed copy keeps the outlined part.'
      : 'The fixed copy adds a blurred background around it.',
  }
  return cropStage(copy, picture.naturalWidth, picture.naturalHeight, [frame])
}
