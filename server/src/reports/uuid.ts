import { createHash } from 'node:crypto';

/**
 * Name-based UUIDs, version 5 (RFC 9562: SHA-1 of a namespace and a name). The same namespace and
 * name always give the same UUID, so an export run twice on unchanged files is byte-identical and
 * diffs cleanly in git.
 */

/** RFC 9562's namespace for URLs. */
export const URL_NAMESPACE = '6ba7b811-9dad-11d1-80b4-00c04fd430c8';

function bytesOf(uuid: string): Buffer {
  const hex = uuid.replace(/-/g, '');
  if (!/^[0-9a-fA-F]{32}$/.test(hex)) throw new Error(`not a UUID: ${uuid}`);
  return Buffer.from(hex, 'hex');
}

export function uuidV5(namespace: string, name: string): string {
  const hash = createHash('sha1').update(bytesOf(namespace)).update(name, 'utf8').digest();
  const b = hash.subarray(0, 16);
  b[6] = (b[6]! & 0x0f) | 0x50; // version 5
  b[8] = (b[8]! & 0x3f) | 0x80; // RFC variant
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** Attest's own namespace, itself name-based so it needs no registry. */
export const ATTEST_NAMESPACE = uuidV5(URL_NAMESPACE, 'https://github.com/attest-dev/attest/oscal');
