import { decodePageToken, encodePageToken } from '../../../search/pageToken';
import { invalidParameter } from '../errors';
import { historyJson } from '../json';
import type { Route, ServedStore } from '../route';
import { runId } from './runs';

export function metricRoutes(store: ServedStore): Route[] {
  return [
    {
      method: 'GET',
      path: 'metrics/get-history',
      async handle({ fields }) {
        // As MLflow: without max_results every point in one answer; with it, pages and a token.
        const maxResults = fields.int('max_results');
        if (maxResults !== undefined && maxResults <= 0) throw invalidParameter(`Invalid value ${maxResults} for parameter 'max_results' supplied. It must be a positive integer.`);
        const history = await store.getMetricHistory(runId(fields), fields.requiredStr('metric_key'));
        const offset = decodePageToken(fields.str('page_token') || undefined);
        const end = maxResults === undefined ? history.values.length : Math.min(history.values.length, offset + maxResults);
        return {
          metrics: historyJson(history, Math.min(offset, end), end),
          ...(end < history.values.length && { next_page_token: encodePageToken(end) }),
        };
      },
    },
  ];
}
