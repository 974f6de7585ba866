// Plain HTTP(S) requests against a running emulator, accepting its self-signed certificate.
import { request as httpRequest } from 'node:http'
import { request as httpsRequest } from 'node:https'

export interface SimpleResponse {
  status: number
  headers: Record<string, string | string[] | undefined>
  text: string
  json<T = unknown>(): T
  peerCertificate?: string
}

export function send(method: string, url: string, body?: unknown, headers: Record<string, string> = {}): Promise<SimpleResponse> {
  const target = new URL(url)
  const payload = body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body)
  const requester = target.protocol === 'https:' ? httpsRequest : httpRequest
  return new Promise((resolve, reject) => {
    const req = requester(
      target,
      {
        method,
        rejectUnauthorized: false,
        agent: false,
        headers: { ...(payload !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
      },
      (res) => {
        const socket = res.socket as { getPeerCertificate?: () => { raw?: Buffer } } | null
        const peerCertificate = socket?.getPeerCertificate?.()?.raw?.toString('base64')
        const chunks: Buffer[] = []
        res.on('data', (c: Buffer) => chunks.push(c))
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf-8')
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            text,
            json: () => JSON.parse(text),
            peerCertificate,
          })
        })
      },
    )
    req.on('error', reject)
    if (payload !== undefined) req.write(payload)
    req.end()
  })
}
