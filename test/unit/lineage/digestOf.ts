import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import type { DigestOf } from '../../../src/core/lineage/describePath';

/** A real content digest for the tests: md5 of a file; `<md5>.dir` of a folder's sorted `path\0md5` lines. */
export function md5DigestOf(root: string): DigestOf {
  return (declared) => {
    const full = path.resolve(root, declared);
    if (!existsSync(full)) return undefined;
    if (!statSync(full).isDirectory()) return md5(readFileSync(full));
    const lines = (readdirSync(full, { recursive: true }) as string[])
      .map(String)
      .filter((f) => statSync(path.join(full, f)).isFile())
      .sort()
      .map((f) => `${f.split(path.sep).join('/')}\0${md5(readFileSync(path.join(full, f)))}\n`);
    return `${md5(Buffer.from(lines.join('')))}.dir`;
  };
}

function md5(bytes: Buffer): string {
  return createHash('md5').update(bytes).digest('hex');
}
