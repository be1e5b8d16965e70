/** The little XML the model reads (DeleteObjects bodies) and writes (S3 responses). */

export function escapeXml(s: string): string {
  return s.replace(
    /[&<>"'\r\n\t]/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;', '\r': '&#13;', '\n': '&#10;', '\t': '&#9;' })[c]!,
  );
}

export function unescapeXml(s: string): string {
  return s.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|amp|lt|gt|quot|apos);/g, (_, e: string) => {
    if (e[0] === '#') return String.fromCodePoint(e[1] === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10));
    return ({ amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" } as Record<string, string>)[e];
  });
}

/** `<Delete><Quiet/><Object><Key/><VersionId/></Object>…</Delete>` into its objects. */
export function parseDeleteBody(xml: string): { quiet: boolean; objects: Array<{ key: string; versionId?: string }> } {
  const objects: Array<{ key: string; versionId?: string }> = [];
  for (const m of xml.matchAll(/<Object>([\s\S]*?)<\/Object>/g)) {
    const key = /<Key>([\s\S]*?)<\/Key>/.exec(m[1]);
    const version = /<VersionId>([\s\S]*?)<\/VersionId>/.exec(m[1]);
    objects.push({ key: unescapeXml(key?.[1] ?? ''), versionId: version ? unescapeXml(version[1]) : undefined });
  }
  return { quiet: /<Quiet>\s*true\s*<\/Quiet>/i.test(xml), objects };
}

export function element(name: string, value: string | number | boolean | undefined): string {
  return value === undefined ? '' : `<${name}>${escapeXml(String(value))}</${name}>`;
}

export function errorXml(code: string, message: string, extra = ''): string {
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n<Error>${element('Code', code)}${element('Message', message)}${extra}` +
    '<RequestId>model</RequestId></Error>'
  );
}
