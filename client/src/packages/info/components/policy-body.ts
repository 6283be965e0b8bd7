import type { InfoSection } from './InfoPage';

/**
 * A policy text as the server publishes it (server/src/privacy/policy-texts.ts): a first
 * paragraph (the lead), then sections, each a line `## 标题` followed by paragraphs, one per line.
 */
export function parsePolicyBody(body: string): { lead: string; sections: InfoSection[] } {
  const lead: string[] = [];
  const sections: InfoSection[] = [];
  for (const raw of body.split('\n')) {
    const line = raw.trim();
    if (!line) continue;
    if (line.startsWith('## ')) sections.push({ title: line.slice(3).trim(), paragraphs: [] });
    else if (sections.length) sections[sections.length - 1].paragraphs!.push(line);
    else lead.push(line);
  }
  return { lead: lead.join(''), sections };
}
