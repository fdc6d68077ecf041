// The code blocks a README marks for the consumer test: `<!-- consumer-test: NAME ... -->` followed
// by a fenced block, so the quick starts users copy are the ones that are run.
import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/** `{ readme, name, lang, code }` for every marked block of the given README files. */
export function readmeBlocks(files, root) {
  const blocks = [];
  for (const file of files.filter((f) => existsSync(f))) {
    const text = readFileSync(file, 'utf8');
    const marker = /<!-- consumer-test: (\w+)[^>]*-->\s*\n```(\w+)\n([\s\S]*?)\n```/g;
    for (const m of text.matchAll(marker)) blocks.push({ readme: relative(root, file), name: m[1], lang: m[2], code: `${m[3]}\n` });
  }
  return blocks;
}

/** The READMEs users read: the repository's and every package's. */
export function userReadmes(root, packages) {
  return [join(root, 'README.md'), ...packages.map((p) => join(p.dir, 'README.md'))];
}
