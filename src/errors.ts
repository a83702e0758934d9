// The one error thrown on purpose: a malformed request, with the contract's code and status.

const STATUS = {
  bad_request: 400,
  invalid_json: 400,
  invalid_field: 400,
  unknown_target: 400,
  missing_targets: 400,
  invalid_url: 400,
  missing_media: 400,
  too_many_items: 400,
  json_too_deep: 400,
  unauthorized: 401,
  not_found: 404,
  method_not_allowed: 405,
  // The client sent too slowly: its headers, or its body (a gap between bytes, or below the minimum rate).
  header_timeout: 408,
  body_timeout: 408,
  payload_too_large: 413,
  too_many_parts: 413,
  unsupported_media_type: 415,
  too_many_requests: 429,
  // nginx's code for a client that left before the answer: it shows in access logs, no one receives it.
  client_closed: 499,
  unavailable: 503,
  /** The service's temp-disk budget is taken by work in flight: a retry later can fit. */
  insufficient_storage: 503,
  deadline_exceeded: 504,
} as const

export type ServiceErrorCode = keyof typeof STATUS
export const SERVICE_ERROR_CODES = Object.keys(STATUS) as [ServiceErrorCode, ...ServiceErrorCode[]]

/** Each status with the error codes it carries, for the API docs. */
export function codesByStatus(): Map<ServiceStatus, ServiceErrorCode[]> {
  const byStatus = new Map<ServiceStatus, ServiceErrorCode[]>()
  for (const code of SERVICE_ERROR_CODES) byStatus.set(STATUS[code], [...(byStatus.get(STATUS[code]) ?? []), code])
  return byStatus
}
export type ServiceStatus = (typeof STATUS)[ServiceErrorCode]

export class ServiceError extends Error {
  readonly status: ServiceStatus
  constructor(
    readonly code: ServiceErrorCode,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options) // our words only: never echo request values into it
    this.name = 'ServiceError'
    this.status = STATUS[code]
  }
}
