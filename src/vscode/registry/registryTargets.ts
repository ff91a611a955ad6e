// What a registry command was invoked on. From the Models view: the row's element (a registered
// model or a model version). From code (tests, keybindings, other extensions): an object naming the
// model and, as the command needs, the version, alias or stage, reason, tag; what it names is not
// asked for again. From the palette: nothing, and quick picks ask. Plain data, no `vscode`.

export interface RegistryTarget {
  name: string;
  version?: string;
  alias?: string;
  stage?: string;
  reason?: string;
  description?: string;
  key?: string;
  value?: string;
}

const textFields = ['version', 'alias', 'stage', 'reason', 'description', 'key', 'value'] as const;

/** Undefined when the argument names no model (the palette, or something else). */
export function registryTarget(arg: unknown): RegistryTarget | undefined {
  if (typeof arg === 'string' && arg !== '') return { name: arg };
  if (typeof arg !== 'object' || arg === null) return undefined;
  const element = arg as { kind?: unknown; model?: { name?: unknown }; version?: unknown };
  if (element.kind === 'model' && typeof element.model?.name === 'string') return { name: element.model.name };
  if (element.kind === 'version' && typeof element.version === 'object' && element.version !== null) {
    const version = element.version as { name?: unknown; version?: unknown };
    if (typeof version.name === 'string' && typeof version.version === 'string') return { name: version.name, version: version.version };
  }
  const given = arg as Record<string, unknown>;
  if (typeof given.name !== 'string' || given.name === '') return undefined;
  const target: RegistryTarget = { name: given.name };
  for (const field of textFields) {
    const value = given[field];
    if (typeof value === 'string' || typeof value === 'number') target[field] = String(value);
  }
  return target;
}
