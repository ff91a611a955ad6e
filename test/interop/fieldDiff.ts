import assert from 'node:assert/strict';

// Field-by-field comparison that names every field that disagrees. Leaves compare with Object.is,
// so NaN equals NaN and Infinity does not equal 1.7976931348623157e308.

export function fieldMismatches(ours: unknown, theirs: unknown, at: string, theirName: string): string[] {
  if (isContainer(ours) && isContainer(theirs) && Array.isArray(ours) === Array.isArray(theirs)) {
    const out: string[] = [];
    if (Array.isArray(ours) && Array.isArray(theirs) && ours.length !== theirs.length) {
      out.push(`${at}: ours has ${ours.length} entries, ${theirName} ${theirs.length}`);
    }
    const keys = new Set([...Object.keys(ours), ...Object.keys(theirs)]);
    for (const key of keys) {
      const child = Array.isArray(ours) ? `${at}[${key}]` : `${at}.${key}`;
      out.push(...fieldMismatches((ours as Record<string, unknown>)[key], (theirs as Record<string, unknown>)[key], child, theirName));
    }
    return out;
  }
  return Object.is(ours, theirs) ? [] : [`${at}: ours ${show(ours)}, ${theirName} ${show(theirs)}`];
}

export function assertSameFields(ours: unknown, theirs: unknown, at: string, theirName: string): void {
  const mismatches = fieldMismatches(ours, theirs, at, theirName);
  if (mismatches.length > 0) assert.fail(`${mismatches.length} field(s) differ from ${theirName}:\n  ${mismatches.join('\n  ')}`);
}

function isContainer(v: unknown): v is object {
  return typeof v === 'object' && v !== null;
}

function show(v: unknown): string {
  if (v === undefined) return '(absent)';
  if (typeof v === 'number') return Object.is(v, -0) ? '-0' : String(v);
  return JSON.stringify(v);
}
