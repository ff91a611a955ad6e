// What "Promote…" offers for a model version: aliases (those mlops.yaml protects, those the model
// has, then a new one) and registry stages, each saying who holds it now and whether protection
// lets this version in, judged on the gate results recorded for it. Plain data, no `vscode`.
import type { RecordedGate } from '../../core/pipeline/gateRecord';
import { judgeProtection, type ProtectionTarget } from '../../core/pipeline/protection';
import { modelStages, type ProtectionRules } from '../../core/registry/promote';
import type { ModelVersion, RegisteredModel } from '../../core/store/types';

export interface PromoteChoice {
  /** Absent for "New alias…", which asks for the name. */
  target?: ProtectionTarget;
  label: string;
  description: string;
  /** Protection: which gates it needs, and how this version stands on each. */
  detail: string;
  /** Protection will refuse this version. */
  blocked: boolean;
}

export const newAliasLabel = '$(add) New alias…';

export function promoteChoices(version: ModelVersion, model: RegisteredModel, rules: ProtectionRules, recorded: Map<string, RecordedGate>): { aliases: PromoteChoice[]; stages: PromoteChoice[] } {
  const protectedAliases = rules?.register?.model === version.name ? Object.keys(rules.protect.aliases) : [];
  const aliasNames = [...new Set([...protectedAliases, ...Object.keys(model.aliases).sort()])];
  const aliases = aliasNames.map((alias) => {
    const holder = model.aliases[alias];
    const description = holder === undefined ? 'unassigned' : holder === version.version ? 'held by this version' : `held by v${holder}`;
    return choice(rules, version, recorded, { kind: 'alias', name: alias }, `@${alias}`, description);
  });
  aliases.push({ label: newAliasLabel, description: 'name an alias', detail: protectionDetail(rules, version, recorded, undefined), blocked: false });
  const stages = modelStages
    .filter((stage) => stage !== 'None' || version.currentStage !== 'None')
    .map((stage) => choice(rules, version, recorded, { kind: 'stage', name: stage }, stage, stage === version.currentStage ? 'current stage' : stage === 'None' ? 'leave the registry stages' : ''));
  return { aliases, stages };
}

function choice(rules: ProtectionRules, version: ModelVersion, recorded: Map<string, RecordedGate>, target: ProtectionTarget, label: string, description: string): PromoteChoice {
  const verdict = rules ? judgeProtection(rules, target, version, recorded) : undefined;
  const blocked = verdict !== undefined && !verdict.allowed;
  return { target, label: blocked ? `$(lock) ${label}` : label, description, detail: protectionDetail(rules, version, recorded, target), blocked };
}

/** `Protected by beats_champion: ✓ passed`, `Protected by beats_champion: ✗ failed: auc 0.7 is not >= 0.805 (…)`, `Not protected by mlops.yaml`. */
export function protectionDetail(rules: ProtectionRules, version: ModelVersion, recorded: Map<string, RecordedGate>, target: ProtectionTarget | undefined): string {
  if (!rules || target === undefined) return 'Not protected by mlops.yaml';
  const verdict = judgeProtection(rules, target, version, recorded);
  if (verdict.required.length === 0) return 'Not protected by mlops.yaml';
  return `Protected by ${verdict.gates.map((g) => `${g.gate}: ${g.passed ? '✓ passed' : `✗ ${g.why}`}`).join('; ')}`;
}
