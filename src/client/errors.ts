// The client's one error: the contract's error reply, or why no reply came.

/** `code` is the contract's (`unknown_target`, `payload_too_large`, ...), `network`, or `bad_response`. */
export class PreflightError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message)
    this.name = 'PreflightError'
  }
}

interface ErrorBody {
  error?: { code?: unknown; message?: unknown }
}

/** A reply's body as a report, or the PreflightError it carries. */
export function parseReply<T>(status: number, text: string): T {
  let body: unknown
  try {
    body = JSON.parse(text)
  } catch {
    throw new PreflightError(status, 'bad_response', `The service answered ${status} with a body that is not JSON.`)
  }
  if (status >= 200 && status < 300) return body as T
  const error = (body as ErrorBody | null)?.error
  const code = typeof error?.code === 'string' ? error.code : `http_${status}`
  const message = typeof error?.message === 'string' ? error.message : `The service answered ${status}.`
  throw new PreflightError(status, code, message)
}
