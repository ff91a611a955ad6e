import assert from 'node:assert/strict';
import { it } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { LineIndex, offsetToPosition } from '../../../src/core/config/positions';

it('counts lines and characters as LSP documents do, for every offset of every kind of line break', () => {
  for (const text of ['ab\n\nc€d\r\n😀x\n', 'a\rb\r\rc\r\n\r\nd', '', '\n', '\r', '\r\n', 'no break']) {
    const index = new LineIndex(text);
    const lsp = TextDocument.create('file:///x', 'yaml', 1, text);
    for (let offset = -2; offset <= text.length + 2; offset++) {
      assert.deepEqual(index.positionAt(offset), lsp.positionAt(offset), `${JSON.stringify(text)} at ${offset}`);
      assert.deepEqual(offsetToPosition(text, offset), lsp.positionAt(offset));
    }
    for (let line = -1; line <= index.lineCount + 1; line++) {
      for (let character = -1; character <= 6; character++) {
        assert.equal(index.offsetAt({ line, character }), lsp.offsetAt({ line, character }), `${JSON.stringify(text)} at ${line}:${character}`);
      }
    }
  }
});

it('reads UTF-16 units: an emoji counts two', () => {
  assert.deepEqual(offsetToPosition('ab\n😀x', 6), { line: 1, character: 3 });
});
