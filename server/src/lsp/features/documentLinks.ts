import * as fs from 'node:fs';
import * as path from 'node:path';
import type { DocumentLink, DocumentLinkParams } from 'vscode-languageserver/node';
import type { Session } from '../session.js';

/** Evidence links become clickable: URLs as they are, workspace-relative paths to their files. */
export function documentLinks(s: Session, p: DocumentLinkParams): DocumentLink[] {
  const at = s.projectFor(p.textDocument.uri);
  if (!at) return [];
  const out: DocumentLink[] = [];
  for (const c of at.project.ws.facts(at.rel)?.controls ?? []) {
    for (const e of c.evidence) {
      if (!e.link || !e.linkSpan) continue;
      const range = s.range(at.project, at.rel, e.linkSpan);
      if (/^[a-z][a-z0-9+.-]*:\/\//i.test(e.link)) out.push({ range, target: e.link });
      else {
        const abs = path.resolve(at.project.root, e.link);
        if (abs.startsWith(at.project.root) && fs.existsSync(abs)) out.push({ range, target: at.project.uriOf(path.relative(at.project.root, abs).split(path.sep).join('/')) });
      }
    }
  }
  return out;
}
