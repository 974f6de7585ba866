// Raw HTTP(S) requests for the hardening suites: any method, path bytes and headers, sent to a running emulator over a
// keep-alive agent, answered with status, headers and text.
import { Agent as HttpAgent, request as httpRequest, type IncomingHttpHeaders } from 'node:http'
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https'

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'HEAD' | 'OPTIONS'

/** A request as it goes on the wire: the path (with its query) is sent exactly as given. */
export interface Outgoing {
  method: Method
  path: string
  headers?: Record<string, string>
  body?: string
}

export interface Answer {
  status: number
  headers: IncomingHttpHeaders
  text: string
}

/** Adds credentials to a request: computed from the final method, path, headers and body (JDCloud signs them). */
export type Auth = (request: Outgoing) => Record<string, string>

export const noAuth: Auth = () => ({})

export function basicAuth(user: string, password: string): Auth {
  const value = `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`
  return () => ({ authorization: value })
}

/** A request with a JSON body (or none). */
export function jsonRequest(method: Method, path: string, body?: unknown): Outgoing {
  return body === undefined ? { method, path } : { method, path, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }
}

export function parseJson(answer: Answer): any {
  return JSON.parse(answer.text)
}

export class Client {
  private readonly url: URL
  private readonly agent: HttpAgent

  constructor(baseUrl: string) {
    this.url = new URL(baseUrl)
    this.agent =
      this.url.protocol === 'https:'
        ? new HttpsAgent({ keepAlive: true, maxSockets: 64, rejectUnauthorized: false })
        : new HttpAgent({ keepAlive: true, maxSockets: 64 })
  }

  /** Sends the request with the credentials `auth` adds; never throws on an HTTP status, only on a transport failure. */
  send(request: Outgoing, auth: Auth = noAuth): Promise<Answer> {
    const headers: Record<string, string> = { ...(request.headers ?? {}) }
    Object.assign(headers, auth({ ...request, headers }))
    if (request.body !== undefined) headers['content-length'] = String(Buffer.byteLength(request.body))
    const requester = this.url.protocol === 'https:' ? httpsRequest : httpRequest
    return new Promise((resolve, reject) => {
      const req = requester(
        { host: this.url.hostname, port: this.url.port, method: request.method, path: request.path, headers, agent: this.agent },
        (res) => {
          const chunks: Buffer[] = []
          res.on('data', (c: Buffer) => chunks.push(c))
          res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf-8') }))
          res.on('error', reject)
        },
      )
      req.on('error', reject)
      if (request.body !== undefined) req.write(request.body)
      req.end()
    })
  }

  close(): void {
    this.agent.destroy()
  }
}
