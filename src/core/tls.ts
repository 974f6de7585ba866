// The self-signed certificate for TLS listeners: generated on first start, kept in the data dir so clients can pin it.
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'

export interface Certificate {
  key: string
  cert: string
}

const KEY_FILE = 'tls-key.pem'
const CERT_FILE = 'tls-cert.pem'

async function generateCertificate(): Promise<Certificate> {
  // Loaded only when a certificate must be made: its X.509 libraries cost memory on every start otherwise.
  const { generate } = await import('selfsigned')
  const pems = await generate([{ name: 'commonName', value: 'localhost' }], {
    keySize: 2048,
    days: 3650,
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          { type: 2, value: 'localhost' },
          { type: 7, ip: '127.0.0.1' },
          { type: 7, ip: '::1' },
        ],
      },
    ],
  } as Parameters<typeof import('selfsigned').generate>[1])
  return { key: pems.private, cert: pems.cert }
}

// In-memory emulators in one process share one certificate: generating one costs a few hundred milliseconds.
let processCertificate: Promise<Certificate> | undefined

export async function loadOrCreateCertificate(dataDir: string | undefined): Promise<Certificate> {
  if (!dataDir) return (processCertificate ??= generateCertificate())
  try {
    return { key: await readFile(join(dataDir, KEY_FILE), 'utf-8'), cert: await readFile(join(dataDir, CERT_FILE), 'utf-8') }
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err
  }
  const certificate = await generateCertificate()
  await mkdir(dataDir, { recursive: true })
  await writeFile(join(dataDir, KEY_FILE), certificate.key, { mode: 0o600 })
  await writeFile(join(dataDir, CERT_FILE), certificate.cert)
  return certificate
}
