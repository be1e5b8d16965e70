import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

const LAMBDA = join(__dirname, '..', '..', 'lambda');

/** `@aws-sdk/client-s3` → `s3`; the document client's commands are DynamoDB's. */
function serviceOf(module: string): string | undefined {
  if (module === '@aws-sdk/lib-dynamodb') return 'dynamodb';
  if (module === '@aws-sdk/lib-storage') return 's3';
  return /^@aws-sdk\/client-([a-z0-9-]+)$/.exec(module)?.[1];
}

interface ParsedFile {
  /** Imported name → its SDK service, or the lambda/ file and exported name it comes from. */
  readonly imports: Map<string, { service: string } | { file: string; name: string }>;
  /** Top-level declarations by name, with their source text. */
  readonly blocks: Map<string, string>;
}

const parsed = new Map<string, ParsedFile>();

function parse(file: string): ParsedFile {
  const cached = parsed.get(file);
  if (cached) return cached;
  const text = readFileSync(file, 'utf8');
  const imports: ParsedFile['imports'] = new Map();
  // Imports and re-exports (`export { x } from './y'`) alike name where a function comes from.
  for (const m of text.matchAll(/(?:import|export)\s+(?:type\s+)?\{([^}]*)\}\s+from\s+'([^']+)'/g)) {
    const service = serviceOf(m[2]);
    const target = m[2].startsWith('.') ? resolve(dirname(file), `${m[2]}.ts`) : undefined;
    for (const raw of m[1].split(',')) {
      const spec = raw.trim().replace(/^type\s+/, '');
      if (!spec) continue;
      const [orig, local = orig] = spec.split(/\s+as\s+/);
      if (service) imports.set(local, { service });
      else if (target && existsSync(target)) imports.set(local, { file: target, name: orig });
    }
  }
  // Top-level declarations start at column 0; each runs to the next one.
  const blocks = new Map<string, string>();
  const starts = [...text.matchAll(/^(?:export\s+)?(?:async\s+)?(?:function\*?|class|const|let|interface|type)\s+([A-Za-z_$][\w$]*)/gm)];
  starts.forEach((m, i) => blocks.set(m[1], text.slice(m.index, starts[i + 1]?.index ?? text.length)));
  const result = { imports, blocks };
  parsed.set(file, result);
  return result;
}

/**
 * Every AWS SDK command a handler's code can send, as `<client>:<Command>` (e.g.
 * `s3:PutObjectCommand`, `dynamodb:GetCommand`, `s3:Upload`), found by following the handler
 * from `lambda/<dir>/handler.ts` through the top-level functions and constants it uses, across
 * the modules it imports from `lambda/`: `new XxxCommand(...)`, `paginateXxx(...)` and
 * lib-storage's `new Upload(...)`. A shared module counts only for the functions the handler reaches.
 */
export function sdkCommandsOf(handlerDir: string): Set<string> {
  const commands = new Set<string>();
  const seen = new Set<string>();
  const visit = (file: string, name: string) => {
    const id = `${file}#${name}`;
    if (seen.has(id)) return;
    seen.add(id);
    const f = parse(file);
    const block = f.blocks.get(name);
    if (block === undefined) {
      const reexported = f.imports.get(name);
      if (reexported && 'file' in reexported) visit(reexported.file, reexported.name);
      return;
    }
    for (const m of block.matchAll(/new\s+([A-Z][A-Za-z0-9]*Command)\s*\(/g)) {
      const imp = f.imports.get(m[1]);
      if (!imp || !('service' in imp)) throw new Error(`${file}: ${m[1]} is not imported from an AWS SDK package`);
      commands.add(`${imp.service}:${m[1]}`);
    }
    for (const m of block.matchAll(/\b(paginate[A-Z][A-Za-z0-9]*)\s*\(/g)) {
      const imp = f.imports.get(m[1]);
      commands.add(`${imp && 'service' in imp ? imp.service : '?'}:${m[1].replace(/^paginate/, '')}Command`);
    }
    if (/new\s+Upload\s*\(/.test(block)) commands.add('s3:Upload');
    for (const m of block.matchAll(/\b[A-Za-z_$][\w$]*\b/g)) {
      const word = m[0];
      if (word !== name && f.blocks.has(word)) visit(file, word);
      const imp = f.imports.get(word);
      if (imp && 'file' in imp && imp.file.startsWith(LAMBDA)) visit(imp.file, imp.name);
    }
  };
  const entry = join(LAMBDA, handlerDir, 'handler.ts');
  for (const name of parse(entry).blocks.keys()) visit(entry, name);
  return commands;
}
