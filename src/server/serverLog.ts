export function describeError(error: unknown, withStack: boolean): string {
  if (error instanceof Error) return withStack ? (error.stack ?? error.message) : error.message;
  return String(error);
}
