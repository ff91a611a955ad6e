// What the Models view holds, as plain data and without `vscode`: registered models (by name) ->
// versions (newest first).
import type { ModelVersion, RegisteredModel, TrackingStore } from '../../core/store/types';

export type ModelsTreeElement = ModelElement | ModelVersionElement;

export interface ModelElement {
  kind: 'model';
  model: RegisteredModel;
}

export interface ModelVersionElement {
  kind: 'version';
  version: ModelVersion;
}

const pageSize = 1000;

export async function modelsChildren(store: TrackingStore, element?: ModelsTreeElement): Promise<ModelsTreeElement[]> {
  if (element === undefined) return (await loadModels(store)).map((model) => ({ kind: 'model', model }));
  if (element.kind === 'version') return [];
  const versions = await store.searchModelVersions({ name: element.model.name });
  return versions.sort((a, b) => Number(b.version) - Number(a.version)).map((version) => ({ kind: 'version', version }));
}

async function loadModels(store: TrackingStore): Promise<RegisteredModel[]> {
  const models: RegisteredModel[] = [];
  let pageToken: string | undefined;
  do {
    const page = await store.searchRegisteredModels({ maxResults: pageSize, ...(pageToken ? { pageToken } : {}) });
    models.push(...page.items);
    pageToken = page.nextPageToken;
  } while (pageToken);
  return models.sort((a, b) => a.name.localeCompare(b.name));
}

/** `@champion v3 · @challenger v4` */
export function modelDescription(model: RegisteredModel): string {
  return Object.entries(model.aliases)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([alias, version]) => `@${alias} v${version}`)
    .join(' · ');
}

/** `@champion @challenger · Production`; the stage only when it is not None. */
export function versionDescription(version: ModelVersion): string {
  const parts = [[...version.aliases].sort().map((alias) => `@${alias}`).join(' ')];
  if (version.currentStage !== 'None') parts.push(version.currentStage);
  return parts.filter((part) => part !== '').join(' · ');
}

/** The version's row: `@champion · Production · run 1a2b3c4d · 2026-11-26 10:31`, and its status unless it is ready. */
export function versionRowDescription(version: ModelVersion, formatTime: (ms: number) => string): string {
  const parts = [versionDescription(version)];
  if (version.runId !== '') parts.push(`run ${version.runId.slice(0, 8)}`);
  parts.push(formatTime(version.creationTime));
  if (version.status !== 'READY') parts.push(statusText(version.status));
  return parts.filter((part) => part !== '').join(' · ');
}

/** `pending registration` */
export const statusText = (status: ModelVersion['status']): string => status.toLowerCase().replaceAll('_', ' ');
