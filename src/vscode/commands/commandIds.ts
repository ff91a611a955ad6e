// Every command the extension contributes. package.json declares the same ids (checked by
// test/unit/vscode/commands.test.ts).
import { RegistryCommandId } from '../registry/registryCommandTable';
import { RunsCommandId } from './runsCommands';

export const CommandId = {
  refresh: 'mlops.refresh',
  openRun: 'mlops.openRun',
  showLog: 'mlops.showLog',
  connectToServer: 'mlops.connectToMlflowServer',
  useEmbeddedStore: 'mlops.useEmbeddedStore',
  openMlflowData: 'mlops.openMlflowData',
  chooseBackend: 'mlops.chooseBackend',
  runPipeline: 'mlops.runPipeline',
  runStage: 'mlops.runStage',
  runStageAndDownstream: 'mlops.runStageAndDownstream',
  showPipelineStatus: 'mlops.showPipelineStatus',
  cancelPipelineRun: 'mlops.cancelPipelineRun',
  refreshPipelineStatus: 'mlops.refreshPipelineStatus',
  showPipelineOutput: 'mlops.showPipelineOutput',
  ...RunsCommandId,
  ...RegistryCommandId,
} as const;

export type CommandId = (typeof CommandId)[keyof typeof CommandId];
