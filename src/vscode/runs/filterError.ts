// An invalid filter's error as one line for the filter box's validation message: where (column and
// a caret in the filter's text) and what was expected. The message box renders one line and reads
// `$(icon)` and `[label](link)` in it, so the user's text is kept from forming either. Plain
// functions, no `vscode`.
import { SearchSyntaxError } from '../../core/search/errors';

/** Marks the position in the filter: visible at a glance in the message's proportional font. */
export const caret = '▶';
const context = 40;

/** `Column 15: Expected a number for metric 'auc', found 'x' · metrics.auc > ▶x` */
export function filterErrorMessage(filter: string, error: SearchSyntaxError): string {
  const position = Math.max(0, Math.min(error.position, filter.length));
  return inert(`Column ${position + 1}: ${error.message} · ${caretAt(filter, position)}`);
}

/** The filter around `position`, with the caret inserted there and `…` where it was cut. */
export function caretAt(filter: string, position: number): string {
  const start = Math.max(0, position - context);
  const end = Math.min(filter.length, position + context);
  const before = (start > 0 ? '…' : '') + filter.slice(start, position);
  const after = filter.slice(position, end) + (end < filter.length ? '…' : '');
  return `${before}${caret}${after}`;
}

/** What the filter box says about `filter`: undefined when it is valid, else the error line. */
export function validateFilter(filter: string, check: (filter: string) => void): string | undefined {
  try {
    check(filter);
    return undefined;
  } catch (error) {
    if (error instanceof SearchSyntaxError) return filterErrorMessage(filter, error);
    return error instanceof Error ? error.message : String(error);
  }
}

/** A zero-width space breaks `$(` and `](`, which the message box would read as an icon or a link. */
const inert = (text: string): string => text.replace(/\$\(/g, '$\u200b(').replace(/\]\(/g, ']\u200b(');
