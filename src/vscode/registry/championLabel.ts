// How the status bar names the champions: per registered model, the version holding the alias
// `champion`. Plain functions, no `vscode`.
import type { RegisteredModel } from '../../core/store/types';

export const championAlias = 'champion';
/** More champions than this read as a count; the tooltip lists each. */
const shownInline = 3;

export interface ChampionLabel {
  text: string;
  tooltip: string;
}

/** Undefined when no model has a champion (the item hides). */
export function championLabel(models: RegisteredModel[]): ChampionLabel | undefined {
  const champions = models
    .filter((model) => model.aliases[championAlias] !== undefined)
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((model) => ({ name: model.name, version: model.aliases[championAlias]! }));
  if (champions.length === 0) return undefined;
  const inline = champions.length <= shownInline ? champions.map((c) => `${c.name} v${c.version}`).join(' · ') : `${champions.length} champions`;
  const lines = champions.map((c) => `${c.name}: version ${c.version} holds @${championAlias}`);
  return { text: `$(star) ${inline}`, tooltip: [...lines, 'Click to show the Models view.'].join('\n') };
}
