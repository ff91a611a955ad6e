// "Promote…" on a model version: pick an alias or a stage (each showing who holds it and how this
// version stands on the gates protecting it), type a reason, and the write goes to the store. A
// version protection refuses is told at once, naming the gate and why, with "Show Gate Results".
import * as vscode from 'vscode';
import { judgeProtection, recordedGates } from '../../core/pipeline/protection';
import { promote } from '../../core/registry/promote';
import { gateLines, gateSummary } from './gateText';
import type { ProjectRules } from './projectRules';
import { newAliasLabel, promoteChoices, type PromoteChoice } from './promoteChoices';
import { actorOf, cancelled, readSnapshot, runFlow, type RegistryContext, type RegistryOutcome } from './registryContext';
import { RegistryDocuments } from './registryDocuments';
import { completeTarget } from './registryPicks';
import { registryTarget } from './registryTargets';

type Promotion = { alias: string } | { stage: string };

const showGates = 'Show Gate Results';

export function promoteFlow(ctx: RegistryContext, arg: unknown): Promise<RegistryOutcome> {
  return runFlow(ctx, 'Promote', async () => {
    const target = await completeTarget(ctx, registryTarget(arg), 'Promote', true);
    if (target?.version === undefined) return cancelled;
    const { name, version } = target;
    const project = await ctx.rules();
    const given: Promotion | undefined = target.alias !== undefined ? { alias: target.alias } : target.stage !== undefined ? { stage: target.stage } : undefined;
    const promotion = given ?? (await pickPromotion(ctx, name, version, project));
    if (promotion === undefined) return cancelled;
    if ('blocked' in promotion) return blocked(ctx, name, version, promotion.blocked);
    const title = `Promote ${name} v${version} to ${'alias' in promotion ? `@${promotion.alias}` : promotion.stage}`;
    const reason = target.reason ?? (await askReason(title));
    if (reason === undefined) return cancelled;
    const actor = await actorOf(project);
    const outcome = await ctx.writer.write((writable) => promote(writable, project.rules, { name, version, ...promotion, reason, actor }));
    if (outcome.status === 'blocked') return blocked(ctx, name, version, outcome.message);
    return { status: outcome.status === 'promoted' ? 'done' : 'unchanged', message: outcome.message };
  });
}

function blocked(ctx: RegistryContext, name: string, version: string, message: string): RegistryOutcome {
  void vscode.window.showErrorMessage(message, showGates).then((choice) => {
    if (choice === showGates) void ctx.documents.show(RegistryDocuments.gatesUri(name, version));
  });
  return { status: 'blocked', message };
}

interface ChoiceItem extends vscode.QuickPickItem {
  choice?: PromoteChoice;
}

async function pickPromotion(ctx: RegistryContext, name: string, version: string, project: ProjectRules): Promise<Promotion | { blocked: string } | undefined> {
  const { modelVersion, model, recorded } = await readSnapshot(ctx, async (store) => {
    const [modelVersion, model] = await Promise.all([store.getModelVersion(name, version), store.getRegisteredModel(name)]);
    return { modelVersion, model, recorded: await recordedGates(modelVersion, store) };
  });
  const { aliases, stages } = promoteChoices(modelVersion, model, project.rules, recorded);
  const item = (choice: PromoteChoice): ChoiceItem => ({ label: choice.label, description: choice.description, detail: choice.detail, choice });
  const separator = (label: string): ChoiceItem => ({ label, kind: vscode.QuickPickItemKind.Separator });
  const picked = await vscode.window.showQuickPick<ChoiceItem>([separator('Aliases'), ...aliases.map(item), separator('Stages'), ...stages.map(item)], {
    title: `Promote ${name} v${version} · gates: ${gateSummary(gateLines(recorded))}`,
    placeHolder: `Move an alias to v${version}, or move v${version} to a stage`,
    matchOnDescription: true,
  });
  const choice = picked?.choice;
  if (choice === undefined) return undefined;
  const target = choice.target ?? (await askAlias(name, version));
  if (target === undefined) return undefined;
  const verdict = project.rules ? judgeProtection(project.rules, typeof target === 'string' ? { kind: 'alias', name: target } : target, modelVersion, recorded) : undefined;
  if (verdict && !verdict.allowed) return { blocked: verdict.message };
  if (typeof target === 'string') return { alias: target };
  return target.kind === 'alias' ? { alias: target.name } : { stage: target.name };
}

function askAlias(name: string, version: string): Thenable<string | undefined> {
  return vscode.window.showInputBox({
    title: `Promote ${name} v${version}: ${newAliasLabel.replace(/^\$\(add\) /, '')}`,
    prompt: 'The alias to move to this version',
    placeHolder: 'e.g. shadow',
    validateInput: (value) => (value.trim() === '' ? 'Name the alias.' : /^v\d+$|^latest$/i.test(value.trim()) ? `'${value.trim()}' is reserved by MLflow.` : undefined),
  });
}

function askReason(title: string): Thenable<string | undefined> {
  return vscode.window.showInputBox({
    title,
    prompt: 'Why? The reason is kept in the audit trail.',
    placeHolder: 'e.g. beats v2 by 0.01 auc on the holdout set; reviewed by Ana',
    ignoreFocusOut: true,
    validateInput: (value) => (value.trim() === '' ? 'Give a reason: it is kept in the audit trail.' : undefined),
  });
}
