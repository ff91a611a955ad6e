import type { DatasetInput, LoggedMetric, ModelOutput, RunStatus } from '../../../store/types';
import { invalidParameter } from '../errors';
import type { Fields } from '../fields';
import { runInfoJson, runJson } from '../json';
import type { Route, ServedStore } from '../route';
import { viewType } from './experiments';

// MLflow's limits on one log-batch request (mlflow/utils/validation.py).
const MAX_METRICS = 1000;
const MAX_PARAMS = 100;
const MAX_TAGS = 100;
const MAX_ENTITIES = 1000;

const RUN_STATUSES: RunStatus[] = ['RUNNING', 'SCHEDULED', 'FINISHED', 'FAILED', 'KILLED'];

export function runRoutes(store: ServedStore): Route[] {
  const ok = async (work: Promise<unknown>) => {
    await work;
    return {};
  };
  return [
    {
      method: 'POST',
      path: 'runs/create',
      async handle({ fields }) {
        const info = await store.createRun({
          experimentId: fields.str('experiment_id') || '0',
          runName: fields.str('run_name') || undefined,
          startTime: fields.int('start_time'),
          userId: fields.str('user_id') ?? '', // as MLflow: no user_id, no user (clients send mlflow.user as a tag)
          tags: fields.pairs('tags'),
        });
        const run = await store.getRun(info.runId);
        // MLflow's create answers the run without its model inputs and outputs.
        return { run: runJson({ ...run, inputs: { datasetInputs: run.inputs.datasetInputs } }, { outputs: false }) };
      },
    },
    {
      method: 'GET',
      path: 'runs/get',
      async handle({ fields }) {
        return { run: runJson(await store.getRun(runId(fields))) };
      },
    },
    {
      method: 'POST',
      path: 'runs/update',
      async handle({ fields }) {
        const status = fields.str('status');
        if (status !== undefined && !RUN_STATUSES.includes(status as RunStatus)) throw invalidParameter(`Invalid value "${status}" for parameter 'status': expected one of ${RUN_STATUSES.join(', ')}.`);
        const info = await store.updateRun(runId(fields), {
          status: status as RunStatus | undefined,
          endTime: fields.int('end_time'),
          runName: fields.str('run_name') || undefined,
        });
        return { run_info: runInfoJson(info) };
      },
    },
    { method: 'POST', path: 'runs/delete', handle: ({ fields }) => ok(store.deleteRun(runId(fields))) },
    { method: 'POST', path: 'runs/restore', handle: ({ fields }) => ok(store.restoreRun(runId(fields))) },
    {
      method: 'POST',
      path: 'runs/log-metric',
      handle: ({ fields }) => ok(store.logBatch(runId(fields), { metrics: [metric(fields)] })),
    },
    {
      method: 'POST',
      path: 'runs/log-parameter',
      handle: ({ fields }) => ok(store.logBatch(runId(fields), { params: [{ key: fields.requiredStr('key'), value: fields.str('value') ?? '' }] })),
    },
    {
      method: 'POST',
      path: 'runs/set-tag',
      handle: ({ fields }) => ok(store.logBatch(runId(fields), { tags: [{ key: fields.requiredStr('key'), value: fields.str('value') ?? '' }] })),
    },
    {
      method: 'POST',
      path: 'runs/delete-tag',
      handle: ({ fields }) => ok(store.deleteTag(runId(fields), fields.requiredStr('key'))),
    },
    {
      method: 'POST',
      path: 'runs/log-batch',
      async handle({ fields }) {
        const metrics = fields.list('metrics');
        const params = fields.list('params');
        const tags = fields.list('tags');
        if (metrics.length > MAX_METRICS || params.length > MAX_PARAMS || tags.length > MAX_TAGS || metrics.length + params.length + tags.length > MAX_ENTITIES) {
          throw invalidParameter(
            `A batch logging request can contain at most ${MAX_METRICS} metrics, ${MAX_PARAMS} params and ${MAX_TAGS} tags, ${MAX_ENTITIES} in all; ` +
              `got ${metrics.length} metrics, ${params.length} params and ${tags.length} tags.`,
          );
        }
        const pair = (f: Fields) => ({ key: f.requiredStr('key'), value: f.str('value') ?? '' });
        return ok(store.logBatch(runId(fields), { metrics: metrics.map(metric), params: params.map(pair), tags: tags.map(pair) }));
      },
    },
    {
      method: 'POST',
      path: 'runs/log-inputs',
      handle: ({ fields }) => ok(store.logInputs(runId(fields), fields.list('datasets').map(datasetInput), fields.list('models').map((m) => m.requiredStr('model_id')))),
    },
    {
      method: 'POST',
      path: 'runs/outputs',
      async handle({ fields }) {
        const id = fields.requiredStr('run_id');
        if (!fields.has('models')) throw invalidParameter("Missing value for required parameter 'models'.");
        return ok(store.logOutputs(id, fields.list('models').map(modelOutput)));
      },
    },
    {
      method: 'POST',
      path: 'runs/search',
      async handle({ fields }) {
        const page = await store.searchRuns({
          experimentIds: fields.strList('experiment_ids'),
          filter: fields.str('filter') || undefined,
          orderBy: fields.strList('order_by'),
          maxResults: fields.int('max_results') ?? 1000,
          pageToken: fields.str('page_token') || undefined,
          viewType: viewType(fields, 'run_view_type'),
        });
        return { runs: page.items.map((r) => runJson(r)), ...(page.nextPageToken && { next_page_token: page.nextPageToken }) };
      },
    },
  ];
}

/** `run_id`, or the deprecated `run_uuid` older clients send. */
export function runId(fields: Fields): string {
  return fields.str('run_id') || fields.requiredStr(fields.has('run_uuid') ? 'run_uuid' : 'run_id');
}

/** A metric point; MLflow 3 clients may tie it to a logged model and a dataset. */
function metric(f: Fields): LoggedMetric {
  const value = f.double('value');
  if (value === undefined) throw invalidParameter(`Missing value for required parameter 'value'.`);
  const linked = { modelId: f.str('model_id') || undefined, datasetName: f.str('dataset_name') || undefined, datasetDigest: f.str('dataset_digest') || undefined };
  return { key: f.requiredStr('key'), value, timestamp: f.requiredInt('timestamp'), step: f.int('step') ?? 0, ...(linked.modelId && linked) };
}

function modelOutput(f: Fields): ModelOutput {
  return { modelId: f.requiredStr('model_id'), step: f.int('step') ?? 0 };
}

function datasetInput(f: Fields): DatasetInput {
  const d = f.message('dataset');
  if (!d) throw invalidParameter(`Missing value for required parameter 'dataset'.`);
  return {
    dataset: {
      name: d.requiredStr('name'),
      digest: d.requiredStr('digest'),
      sourceType: d.requiredStr('source_type'),
      source: d.requiredStr('source'),
      schema: d.str('schema'),
      profile: d.str('profile'),
    },
    tags: f.pairs('tags'),
  };
}
