// Media and source facts as a definition list: what the service read from the bytes, and how the URL answered.
import type { ItemReport, MediaFacts, ProvisionalCheck, SourceFacts } from '../client/types.js'
import { el } from './dom.js'
import { seconds, shortBytes } from '../client/units.js'

type Row = [label: string, value: string | number | boolean | null | undefined]

const size = (w: number | null, h: number | null) => (w && h ? `${w} × ${h}` : null)

function mediaRows(m: MediaFacts): Row[] {
  return [
    ['Kind', m.kind],
    ['Type', m.mime ?? 'not recognised'],
    ['Container', m.container],
    ['File size', shortBytes(m.sizeBytes)],
    ['Displayed size', size(m.width, m.height)],
    ['Stored size', m.codedWidth !== m.width || m.codedHeight !== m.height ? size(m.codedWidth, m.codedHeight) : null],
    ['Rotation', m.rotation ? `${m.rotation}°` : null],
    ['Duration', m.durationS === null ? null : seconds(m.durationS)],
    ['Image format', m.image?.format],
    ['Colour space', m.image?.colorSpace],
    ['ICC profile', m.image?.iccProfile],
    ['EXIF orientation', m.image && m.image.orientation !== 1 ? m.image.orientation : null],
    ['Frames', m.image?.animated ? m.image.frames : null],
    ['Video', m.video ? [m.video.codec, m.video.profile, m.video.pixFmt].filter(Boolean).join(' · ') : null],
    [
      'Chroma, bit depth',
      m.video ? [m.video.chroma, m.video.bitDepth && `${m.video.bitDepth}-bit`].filter(Boolean).join(' · ') : null,
    ],
    [
      'Colour',
      m.video ? [m.video.colorTransfer, m.video.colorPrimaries, m.video.colorRange].filter(Boolean).join(' · ') : null,
    ],
    ['Frame rate', m.video?.fps ? `${m.video.fps} fps${m.video.variableFrameRate ? ' (variable)' : ''}` : null],
    ['Video bitrate', m.video?.bitrate ? `${Math.round(m.video.bitrate / 1000)} kb/s` : null],
    [
      'Audio',
      m.audio
        ? [
            m.audio.codec,
            m.audio.profile,
            m.audio.sampleRate && `${m.audio.sampleRate} Hz`,
            m.audio.channels && `${m.audio.channels} ch`,
          ]
            .filter(Boolean)
            .join(' · ')
        : null,
    ],
    ['moov before mdat', m.moovAtFront],
    [
      'Edit lists',
      m.editLists?.length
        ? m.editLists.map((e) => `track ${e.track} (${e.handler ?? '?'}): ${e.entries} entries`).join('; ')
        : null,
    ],
    ['Unreadable', m.corrupt],
    ['Not decoded', m.unverified.join('; ')],
  ]
}

function sourceRows(s: SourceFacts): Row[] {
  return [
    ['HTTP status', s.status],
    ['Final URL', s.finalUrl !== s.url ? s.finalUrl : null],
    ['Redirects', s.redirects.length || null],
    ['Content-Type', s.contentType],
    ['Bytes read', shortBytes(s.bytes)],
    ['First byte', s.ttfbMs === null ? null : `${Math.round(s.ttfbMs)} ms`],
    ['Download', s.downloadMs === null ? null : `${Math.round(s.downloadMs)} ms`],
    ['Throughput', s.throughputBps === null ? null : `${shortBytes(Math.round(s.throughputBps))}/s`],
    ['Range probe', s.probeStatus],
    ['Served to', s.servedTo === 'browser' ? 'a browser only (the crawler was refused)' : null],
    ['Not verified', s.unverified.join('; ')],
  ]
}

function list(rows: Row[], label: string): HTMLElement {
  const shown = rows.filter(([, v]) => v !== null && v !== undefined && v !== '')
  return el(
    'dl',
    { class: 'facts', 'aria-label': label },
    ...shown.flatMap(([k, v]) => [el('dt', {}, k), el('dd', {}, String(v))]),
  )
}

/** The facts of every item of a report: media first, then how its URL answered. */
export function itemFacts(items: readonly ItemReport[]): HTMLElement {
  const many = items.length > 1
  return el(
    'div',
    { class: 'item-facts' },
    ...items.map((item) =>
      el(
        'section',
        {},
        el('h3', {}, many ? `Media facts, item ${item.index + 1}` : 'Media facts'),
        item.media ? list(mediaRows(item.media), 'Media facts') : el('p', {}, 'Nothing could be read from this media.'),
        item.source ? list(sourceRows(item.source), 'How the URL answered') : null,
      ),
    ),
  )
}

/** The browser's own reading, shown while the service works. */
export function provisionalLine(check: ProvisionalCheck): HTMLElement {
  const parts = [
    check.type ?? 'unknown type',
    size(check.width, check.height),
    check.durationS === null ? null : seconds(check.durationS),
    shortBytes(check.sizeBytes),
  ].filter(Boolean)
  const note = check.decodable ? '' : ' (your browser cannot decode it; the service will read the bytes)'
  return el(
    'p',
    { class: 'provisional' },
    el('strong', {}, 'Provisional, from your browser: '),
    `${parts.join(' · ')}${note}`,
  )
}
