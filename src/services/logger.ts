// Structured JSON logs (pino): one logger per process, no secrets, no signed URLs' query strings.
import { pino, type DestinationStream, type Logger, type LevelWithSilent } from 'pino'

export type { Logger }

// Query strings of media URLs carry signatures and tokens (X-Amz-Signature, Expires, ...).
const URL_QUERY = /(\bhttps?:\/\/[^\s?#"'<>]*)[?#][^\s"'<>]*/gi

/** A URL without its query string, fragment or credentials: what may be written to a log. */
export function redactUrl(text: string): string {
  try {
    const url = new URL(text)
    return `${url.protocol}//${url.host}${url.pathname}`
  } catch {
    return scrubUrls(text)
  }
}

/** Free text (an error message, a stack) with every URL's query string cut off. */
export function scrubUrls(text: string): string {
  return text.replace(URL_QUERY, '$1?[redacted]')
}

function serializeError(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { message: scrubUrls(String(error)) }
  const code = (error as { code?: unknown }).code
  return {
    type: error.name,
    message: scrubUrls(error.message),
    ...(typeof code === 'string' ? { code } : {}),
    ...(error.stack ? { stack: scrubUrls(error.stack) } : {}),
    ...(error.cause === undefined ? {} : { cause: serializeError(error.cause) }),
  }
}

/**
 * Logs to `destination`, by default stdout written asynchronously: lines queue in one buffer, written in
 * order by one write at a time (a write per line blocked the event loop for a syscall, twice a request, and
 * for as long as a full stdout pipe stayed full). pino flushes what is left synchronously on process exit.
 */
export function createLogger(
  level: LevelWithSilent,
  destination: DestinationStream = pino.destination({ dest: 1, sync: false }),
): Logger {
  return pino(
    {
      level,
      base: { service: 'preflight' },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      serializers: { err: serializeError },
      // Belt and braces: no code path logs these, and none ever should.
      redact: {
        paths: ['authorization', '*.authorization', '*.headers.authorization', 'apiKey', '*.apiKey'],
        censor: '[redacted]',
      },
    },
    destination,
  )
}
