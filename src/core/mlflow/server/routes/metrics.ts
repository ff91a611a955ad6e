import { decodePageToken, encodePageToken } from '../../../search/pageToken';
import { invalidParameter } from '../errors';
import { historyAnswerJson } from '../historyJson';
import { JsonText } from '../jsonText';
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
        const offset = decodePageToken(fields.str('page_token') || undefined);
        // One point past the page tells whether another page follows; only the page is read.
        const page = maxResults === undefined ? undefined : { offset, maxResults: maxResults + 1 };
        const history = await store.getMetricHistory(runId(fields), fields.requiredStr('metric_key'), page);
        const count = maxResults === undefined ? history.values.length : Math.min(history.values.length, maxResults);
        const more = maxResults !== undefined && history.values.length > maxResults;
        return new JsonText(historyAnswerJson(history, count, more ? encodePageToken(offset + maxResults) : undefined));
      },
    },
  ];
}
