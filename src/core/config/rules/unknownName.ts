import { diagnostic, type ConfigDiagnostic, type Range } from '../diagnostic';
import { closest } from '../suggest';

/** A reference to a stage or gate that does not exist, with "did you mean" when one is close. */
export function unknownName(code: string, kind: 'stage' | 'gate', name: string, range: Range, known: Iterable<string>, where: string): ConfigDiagnostic {
  const names = [...known];
  const suggestion = closest(name, names);
  const listed = names.length === 0 ? `There are no ${kind}s yet: define it under \`${kind}s\`.` : `${kind === 'stage' ? 'Stages' : 'Gates'}: ${names.slice(0, 20).join(', ')}${names.length > 20 ? ', ...' : ''}.`;
  const message = suggestion ? `No ${kind} '${name}' (${where}). Did you mean '${suggestion}'?` : `No ${kind} '${name}' (${where}). ${listed}`;
  return diagnostic(code, 'error', range, message, suggestion ? [{ title: `Change to '${suggestion}'`, edits: [{ range, newText: suggestion }] }] : undefined);
}
