/**
 * A search filter, order-by clause or page token that MLflow's search grammar does not accept.
 * `position` is a 0-based character offset into the text named by `input` ("filter",
 * "order_by[0]", "page_token"); the message says what was expected there. The REST server maps
 * it to MLflow's INVALID_PARAMETER_VALUE (400).
 */
export class SearchSyntaxError extends Error {
  constructor(
    message: string,
    readonly position: number,
    readonly input: string = 'filter',
  ) {
    super(message);
    this.name = 'SearchSyntaxError';
  }
}
