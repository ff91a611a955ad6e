import { invalidParameter } from './errors';

// A request's fields, read with protobuf's JSON rules as MLflow's server applies them: a POST's JSON
// body, or a GET's query string (where every value is a string and repeated fields repeat the name).
// A missing required field or a value of the wrong type is INVALID_PARAMETER_VALUE (400).

type Source = { kind: 'json'; body: Record<string, unknown> } | { kind: 'query'; query: URLSearchParams };

export class Fields {
  private constructor(
    private readonly source: Source,
    private readonly where: string,
  ) {}

  static fromJson(body: unknown, where = ''): Fields {
    if (typeof body !== 'object' || body === null || Array.isArray(body)) throw invalidParameter(`Expected a JSON object${where ? ` for '${where}'` : ' as the request body'}.`);
    return new Fields({ kind: 'json', body: body as Record<string, unknown> }, where);
  }

  static fromQuery(query: URLSearchParams): Fields {
    return new Fields({ kind: 'query', query }, '');
  }

  has(name: string): boolean {
    return this.raw(name) !== undefined;
  }

  /** A string field; '' counts as missing when required, as MLflow's `_assert_required`. */
  str(name: string): string | undefined {
    const v = this.raw(name);
    if (v === undefined) return undefined;
    if (typeof v !== 'string') throw this.wrongType(name, v, 'a string');
    return v;
  }

  requiredStr(name: string): string {
    const v = this.str(name);
    if (v === undefined || v === '') throw this.missing(name);
    return v;
  }

  /** An int64: a JSON integer, or a string of digits (protobuf's JSON form of int64). */
  int(name: string): number | undefined {
    const v = this.raw(name);
    if (v === undefined) return undefined;
    const n = typeof v === 'string' && /^-?\d+$/.test(v) ? Number(v) : v;
    if (typeof n !== 'number' || !Number.isSafeInteger(n)) throw this.wrongType(name, v, 'an integer');
    return n;
  }

  requiredInt(name: string): number {
    const v = this.int(name);
    if (v === undefined) throw this.missing(name);
    return v;
  }

  /** A double: a JSON number, or "NaN", "Infinity", "-Infinity" or a numeric string, as protobuf reads them. */
  double(name: string): number | undefined {
    const v = this.raw(name);
    if (v === undefined) return undefined;
    if (typeof v === 'number') return v;
    if (v === 'NaN') return NaN;
    if (v === 'Infinity') return Infinity;
    if (v === '-Infinity') return -Infinity;
    if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
    throw this.wrongType(name, v, 'a number');
  }

  bool(name: string): boolean | undefined {
    const v = this.raw(name);
    if (v === undefined) return undefined;
    if (typeof v === 'boolean') return v;
    if (typeof v === 'string' && ['true', 'false'].includes(v.toLowerCase())) return v.toLowerCase() === 'true';
    throw this.wrongType(name, v, "'true' or 'false'");
  }

  strList(name: string): string[] {
    if (this.source.kind === 'query') return this.source.query.getAll(name);
    const v = this.raw(name);
    if (v === undefined) return [];
    if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) throw this.wrongType(name, v, 'a list of strings');
    return v as string[];
  }

  /** A repeated message field, each element as Fields of its own. */
  list(name: string): Fields[] {
    const v = this.raw(name);
    if (v === undefined) return [];
    if (!Array.isArray(v)) throw this.wrongType(name, v, 'a list');
    return v.map((x, i) => Fields.fromJson(x, `${this.path(name)}[${i}]`));
  }

  /** A message field. */
  message(name: string): Fields | undefined {
    const v = this.raw(name);
    return v === undefined ? undefined : Fields.fromJson(v, this.path(name));
  }

  /** Repeated `{key, value}` pairs (tags, params) as a record; later keys win, as in MLflow's stores. */
  pairs(name: string): Record<string, string> {
    const out: Record<string, string> = {};
    for (const pair of this.list(name)) out[pair.requiredStr('key')] = pair.str('value') ?? '';
    return out;
  }

  private raw(name: string): unknown {
    if (this.source.kind === 'query') return this.source.query.get(name) ?? undefined;
    const v = this.source.body[name];
    return v === null ? undefined : v;
  }

  private path(name: string): string {
    return this.where ? `${this.where}.${name}` : name;
  }

  private missing(name: string): Error {
    return invalidParameter(`Missing value for required parameter '${this.path(name)}'. See the API docs for more information about request parameters.`);
  }

  private wrongType(name: string, v: unknown, expected: string): Error {
    return invalidParameter(`Invalid value ${JSON.stringify(v)} for parameter '${this.path(name)}' supplied: expected ${expected}.`);
  }
}
