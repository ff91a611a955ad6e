import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { SearchSyntaxError } from '../../../src/core/search/errors';
import { decodePageToken, encodePageToken } from '../../../src/core/search/pageToken';

describe('page tokens', () => {
  test("are byte for byte MLflow's (base64 of Python's json.dumps)", () => {
    // SearchUtils.create_page_token(100) and (25) in MLflow 3.17.2.
    assert.equal(encodePageToken(100), 'eyJvZmZzZXQiOiAxMDB9');
    assert.equal(encodePageToken(25), 'eyJvZmZzZXQiOiAyNX0=');
  });

  test('round-trip, and no token is the first page', () => {
    for (const offset of [1, 2, 1000, 49999]) assert.equal(decodePageToken(encodePageToken(offset)), offset);
    assert.equal(decodePageToken(undefined), 0);
    assert.equal(decodePageToken(''), 0);
  });

  test('an offset written as a string is read, as MLflow does', () => {
    assert.equal(decodePageToken('eyJvZmZzZXQiOiAiNyJ9'), 7);
  });

  const malformed: [string, RegExp][] = [
    ['not base64!', /not base64/],
    ['abc', /not base64/],
    ['bm90IGpzb24=', /does not hold JSON/], // "not json"
    ['e30=', /no positive "offset"/], // {}
    ['WzFd', /no positive "offset"/], // [1]
    ['eyJvZmZzZXQiOiAwfQ==', /no positive "offset"/], // {"offset": 0}
    ['eyJvZmZzZXQiOiAtM30=', /no positive "offset"/], // {"offset": -3}
    ['eyJvZmZzZXQiOiAyLjV9', /no positive "offset"/], // {"offset": 2.5}
  ];
  for (const [token, message] of malformed) {
    test(`refuses ${token}`, () => {
      assert.throws(
        () => decodePageToken(token),
        (e: unknown) => e instanceof SearchSyntaxError && e.input === 'page_token' && message.test(e.message),
      );
    });
  }
});
