import { isMap, isScalar, parseDocument, type Document, type Node, type Pair, type YAMLMap } from 'yaml';
import { diagnostic, type ConfigEdit, type ConfigFix } from '../diagnostic';
import type { Rule } from './rule';

// A stage's `params` are dotted keys into the params file (`train.lr` is `lr` under `train`). The
// params file is read (through ProjectFiles, cached by the server) and parsed once per text.

export const defaultParamsFile = 'params.yaml';

export const paramsRule: Rule = {
  codes: ['params-file-missing', 'params-file-invalid', 'missing-param'],
  check({ doc, files, report }) {
    const users = doc.stages.filter((s) => s.params.length > 0);
    const declared = doc.paramsFile;
    const file = declared?.value ?? defaultParamsFile;
    if (users.length === 0 && !declared) return;
    const text = files.readText(file);
    if (text === undefined) {
      const message = `The params file '${file}' does not exist. Create it${declared ? ', or fix the path' : `, or name another with \`params: FILE\` at the top level`}.`;
      if (declared) report(diagnostic('params-file-missing', 'error', declared.range, message));
      else for (const s of users) report(diagnostic('params-file-missing', 'error', s.entries.get('params')!.keyRange, message));
      return;
    }
    const parsed = parseParams(text);
    if (parsed.errors.length > 0 || (parsed.contents !== null && !isMap(parsed.contents))) {
      const at = declared?.range ?? users[0]!.entries.get('params')!.keyRange;
      report(diagnostic('params-file-invalid', 'error', at, `The params file '${file}' is not a YAML or JSON mapping${parsed.errors[0] ? ` (${parsed.errors[0].message.split('\n')[0]})` : ''}: fix it so its keys can be checked.`));
      return;
    }
    for (const stage of users) {
      for (const param of stage.params) {
        if (lookup(parsed, param.value).found) continue;
        const fix = addParamFix(parsed, text, file, param.value);
        report(diagnostic('missing-param', 'error', param.range, `'${param.value}' is not in ${file}. Add it there, or fix the key (sections are separated by dots, e.g. train.lr).`, fix && [fix]));
      }
    }
  },
};

let lastText: string | undefined;
let lastParsed: Document.Parsed | undefined;

function parseParams(text: string): Document.Parsed {
  if (text !== lastText || !lastParsed) {
    lastParsed = parseDocument(text, { prettyErrors: false });
    lastText = text;
  }
  return lastParsed;
}

/** How far a dotted key resolves: the deepest mapping reached and the parts left. */
function lookup(doc: Document.Parsed, key: string): { found: boolean; map?: YAMLMap; rest: string[] } {
  const parts = key.split('.');
  let node: Node | null = doc.contents as Node | null;
  for (let i = 0; i < parts.length; i++) {
    if (!isMap(node)) return { found: false, rest: parts.slice(i) };
    const pair = (node.items as Pair<Node, Node | null>[]).find((p) => isScalar(p.key) && String(p.key.value) === parts[i]);
    if (!pair) return { found: false, map: node, rest: parts.slice(i) };
    node = pair.value;
  }
  return { found: true, rest: [] };
}

/** An edit of the params file adding the key with an empty (null) value, for the user to fill in. */
export function addParamFix(doc: Document.Parsed, text: string, file: string, key: string): ConfigFix | undefined {
  if (/\.json$/i.test(file) || key.split('.').some((p) => p === '' || !/^[\w-]+$/.test(p))) return undefined;
  const { map, rest } = lookup(doc, key);
  const title = `Add '${key}' to ${file}`;
  const block = (indent: string, parts: string[]) => parts.map((p, i) => `${indent}${'  '.repeat(i)}${p}:${i === parts.length - 1 ? ' null' : ''}`).join('\n');
  const edit = (start: number, newText: string): ConfigEdit => ({ file, range: { start, end: start }, newText });
  if (!map) {
    // Nothing of the key's path exists yet: append it at the end of the file (an empty file too).
    if (doc.contents !== null && !(isScalar(doc.contents) && doc.contents.value === null)) return undefined;
    const sep = text === '' || text.endsWith('\n') ? '' : '\n';
    return { title, edits: [edit(text.length, `${sep}${block('', rest)}\n`)] };
  }
  if (map.flow) return undefined;
  const firstKey = (map.items[0] as Pair<Node, Node> | undefined)?.key?.range;
  if (!map.range || !firstKey) return undefined;
  const lineStart = text.lastIndexOf('\n', firstKey[0] - 1) + 1;
  const indent = text.slice(lineStart, firstKey[0]);
  if (!/^ *$/.test(indent)) return undefined;
  // After the line where the mapping's last value ends (its range also spans the blank lines after it).
  let end = map.range[1];
  while (end > 0 && /\s/.test(text[end - 1]!)) end--;
  const eol = text.indexOf('\n', end);
  return { title, edits: [edit(eol === -1 ? text.length : eol, `\n${block(indent, rest)}`)] };
}
