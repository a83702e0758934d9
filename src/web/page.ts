// The upload page: targets from /v1/targets, files dropped or chosen, URLs pasted, one result card per check.
import { checkFile, checkUrl, posterFrame } from '../client/index.js'
import type { CheckOptions, TargetName } from '../client/types.js'
import { createCard, type Card } from './card.js'
import type { TargetInfo } from './crop.js'
import { el } from './dom.js'
import type { FixRequest, FixSource } from './fix-view.js'
import { shortBytes } from '../client/units.js'

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T
const form = $<HTMLFormElement>('check-form')
const fileInput = $<HTMLInputElement>('files')
const drop = $('drop')
const results = $('results')
const submit = $<HTMLButtonElement>('check')
const cancel = $<HTMLButtonElement>('cancel')
const formError = $('form-error')
const status = $('status')
const apiKey = $<HTMLInputElement>('api-key')
const STORED_TARGETS = 'preflight.targets'
// Two checks at a time: uploads share one connection's bandwidth, and the service has its own queue.
const PARALLEL = 2

let chosen: File[] = []
let sites = new Map<string, string>()
let targetInfo = new Map<string, TargetInfo>()
let running: AbortController | null = null
let previews: string[] = []

const announce = (text: string) => {
  status.textContent = text
}
const auth = (): CheckOptions => (apiKey.value.trim() ? { apiKey: apiKey.value.trim() } : {})

async function loadTargets(): Promise<void> {
  const box = $('target-list')
  const headers: Record<string, string> = auth().apiKey ? { authorization: `Bearer ${auth().apiKey}` } : {}
  const res = await fetch('/v1/targets', { headers }).catch(() => null)
  if (!res?.ok) {
    const why =
      res?.status === 401
        ? 'This service needs an API key: enter it under “Options”.'
        : 'The target list could not be loaded.'
    box.replaceChildren(el('p', { class: 'form-error', role: 'alert' }, why))
    return
  }
  const data = (await res.json()) as Record<string, TargetInfo>
  targetInfo = new Map(Object.entries(data))
  sites = new Map(Object.entries(data).map(([name, t]) => [name, t.site]))
  const remembered = new Set(rememberedTargets())
  const groups = new Map<string, [string, string][]>()
  for (const [name, t] of Object.entries(data)) {
    const network = t.network ?? name.split('.')[0] ?? name
    groups.set(network, [...(groups.get(network) ?? []), [name, t.site]])
  }
  box.replaceChildren(
    ...[...groups].map(([network, members], i) =>
      el(
        'div',
        { class: 'target-group', role: 'group', 'aria-labelledby': `network-${i}` },
        el('p', { class: 'target-network', id: `network-${i}` }, network),
        ...members.map(([name, site]) =>
          el(
            'label',
            { class: 'target-choice' },
            el('input', { type: 'checkbox', name: 'target', value: name, checked: remembered.has(name) }),
            ` ${site} `,
            el('small', {}, name),
          ),
        ),
      ),
    ),
  )
}

// Storage may be off, full or hold something else under the key: the choice is then simply not remembered.
function rememberedTargets(): string[] {
  try {
    const stored: unknown = JSON.parse(localStorage.getItem(STORED_TARGETS) ?? '[]')
    return Array.isArray(stored) ? stored.filter((t): t is string => typeof t === 'string') : []
  } catch {
    return []
  }
}

function showChosen(): void {
  const list = $('file-list')
  list.replaceChildren(...chosen.map((f) => el('li', {}, `${f.name} `, el('small', {}, shortBytes(f.size)))))
  $('clear-files').hidden = chosen.length === 0
}

function preview(file: File, show: (node: HTMLElement) => void): void {
  const alt = `Preview of ${file.name}`
  if (file.type.startsWith('image/')) {
    const url = URL.createObjectURL(file)
    previews.push(url)
    show(el('img', { src: url, alt }))
  } else if (file.type.startsWith('video/')) {
    void posterFrame(file).then((frame) => {
      if (!frame) return
      const url = URL.createObjectURL(frame)
      previews.push(url)
      show(el('img', { src: url, alt: `Poster frame of ${file.name}` }))
    })
  }
}

// On a phone the results are below the form: the first card is brought into view when it starts and again when its verdict comes.
const onPhone = () => matchMedia('(max-width: 60rem)').matches
function reveal(card: Card): void {
  if (results.firstElementChild === card.root && onPhone()) card.root.scrollIntoView({ block: 'start' })
}

function addCard(title: string, fix: FixRequest): Card {
  const card = createCard(title, sites, targetInfo, announce, fix)
  results.append(card.root)
  reveal(card)
  return card
}

const fixRequest = (source: FixSource, targets: TargetName[], options: CheckOptions): FixRequest => ({
  source,
  targets,
  ...(options.apiKey ? { apiKey: options.apiKey } : {}),
  ...(options.mastodonInstance ? { mastodonInstance: options.mastodonInstance } : {}),
})

async function runFiles(files: File[], targets: TargetName[], options: CheckOptions): Promise<void> {
  const card = addCard(files.map((f) => f.name).join(', '), fixRequest({ files }, targets, options))
  if (files[0]) preview(files[0], card.preview)
  await checkFile(files, targets, { ...options, onProgress: card.progress, onProvisional: card.provisional }).then(
    card.done,
    card.failed,
  )
  reveal(card)
}

async function runUrls(urls: string[], targets: TargetName[], options: CheckOptions): Promise<void> {
  const card = addCard(urls.join(', '), fixRequest({ urls }, targets, options))
  const report = await checkUrl(urls, targets, options).catch((error: unknown) => card.failed(error))
  if (report) {
    card.done(report)
    if (report.items[0]?.media?.kind === 'image' && urls[0])
      card.preview(el('img', { src: urls[0], alt: `Preview of ${urls[0]}` }))
  }
  reveal(card)
}

async function pool(jobs: (() => Promise<void>)[]): Promise<void> {
  const queue = [...jobs]
  const worker = async () => {
    for (let job = queue.shift(); job; job = queue.shift()) await job()
  }
  await Promise.all(Array.from({ length: Math.min(PARALLEL, queue.length) }, worker))
}

function fail(message: string): void {
  formError.textContent = message
  formError.hidden = false
}

form.addEventListener('submit', (event) => {
  event.preventDefault()
  const targets = [...form.querySelectorAll<HTMLInputElement>('input[name=target]:checked')].map(
    (i) => i.value as TargetName,
  )
  const urls = $<HTMLTextAreaElement>('urls').value.split(/\s+/).filter(Boolean)
  if (targets.length === 0) return fail('Choose at least one target.')
  if (chosen.length === 0 && urls.length === 0) return fail('Drop or choose a file, or paste a media URL.')
  formError.hidden = true
  try {
    localStorage.setItem(STORED_TARGETS, JSON.stringify(targets))
  } catch {
    // not remembered: see rememberedTargets
  }
  for (const url of previews) URL.revokeObjectURL(url)
  previews = []
  results.replaceChildren()
  running = new AbortController()
  const caption = $<HTMLTextAreaElement>('caption').value
  const altText = $<HTMLInputElement>('alt-text').value
  const mastodonInstance = $<HTMLInputElement>('mastodon-instance').value.trim()
  const options: CheckOptions = {
    ...auth(),
    signal: running.signal,
    ...(caption ? { caption } : {}),
    ...(altText ? { altText } : {}),
    ...(mastodonInstance ? { mastodonInstance } : {}),
  }
  const carousel = $<HTMLInputElement>('carousel').checked
  const fileGroups = carousel && chosen.length > 1 ? [chosen] : chosen.map((f) => [f])
  const urlGroups = carousel && urls.length > 1 ? [urls] : urls.map((u) => [u])
  submit.disabled = true
  cancel.hidden = false
  announce('Checking…')
  void pool([
    ...fileGroups.map((g) => () => runFiles(g, targets, options)),
    ...urlGroups.map((g) => () => runUrls(g, targets, options)),
  ]).finally(() => {
    running = null
    submit.disabled = false
    cancel.hidden = true
  })
})

cancel.addEventListener('click', () => running?.abort())
fileInput.addEventListener('change', () => {
  chosen = [...(fileInput.files ?? [])]
  showChosen()
})
$('clear-files').addEventListener('click', () => {
  chosen = []
  fileInput.value = ''
  showChosen()
  fileInput.focus()
})
apiKey.addEventListener('change', () => void loadTargets())
for (const type of ['dragenter', 'dragover'] as const) {
  drop.addEventListener(type, (e) => {
    e.preventDefault()
    drop.classList.add('dragging')
  })
}
drop.addEventListener('dragleave', () => drop.classList.remove('dragging'))
drop.addEventListener('drop', (e) => {
  e.preventDefault()
  drop.classList.remove('dragging')
  chosen = [...(e.dataTransfer?.files ?? [])]
  showChosen()
})
// A file dropped beside the zone must not make the browser navigate away from the page.
window.addEventListener('dragover', (e) => e.preventDefault())
window.addEventListener('drop', (e) => e.preventDefault())

void loadTargets()
