// Where the cursor is, read from half-typed text: `|` marks the cursor in each case.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { completionContext, type CompletionContext } from '../../../src/server/completionContext';

function at(textWithCursor: string): CompletionContext | undefined {
  const offset = textWithCursor.indexOf('|');
  assert.ok(offset >= 0, 'no cursor in the case');
  const text = textWithCursor.slice(0, offset) + textWithCursor.slice(offset + 1);
  const context = completionContext(text, offset);
  if (context) assert.equal(text.slice(context.prefixStart, offset), context.prefix, 'prefix and prefixStart disagree');
  return context;
}

const stages = 'version: 1\nstages:\n  train:\n    cmd: python train.py\n';

describe('completionContext', () => {
  it('a top-level key at the start of a line, also on an empty line', () => {
    assert.deepEqual(at('version: 1\nexp|'), { kind: 'key', path: [], prefixStart: 11, prefix: 'exp' });
    assert.deepEqual(at('|'), { kind: 'key', path: [], prefixStart: 0, prefix: '' });
    assert.deepEqual(at('|\nversion: 1'), { kind: 'key', path: [], prefixStart: 0, prefix: '' });
  });

  it('a key of a stage, found by indentation through blank lines and comments', () => {
    assert.deepEqual(at(`${stages}\n    # the inputs\n    de|`), { kind: 'key', path: ['stages', 'train'], prefixStart: stages.length + 22, prefix: 'de' });
  });

  it('a value after `key: ` of a stage, of the root, of a section', () => {
    assert.deepEqual(at(`${stages}    wdir: sr|`), { kind: 'value', path: ['stages', 'train'], key: 'wdir', prefixStart: stages.length + 10, prefix: 'sr', inList: false });
    assert.equal((at('params: par|') as { key: string }).key, 'params');
    assert.deepEqual(at('monitor:\n  method: |')?.kind, 'value');
    assert.deepEqual((at('monitor:\n  method: |') as { path: string[] }).path, ['monitor']);
  });

  it('an item of a block list, whether indented under its key or not', () => {
    const indented = at(`${stages}    deps:\n      - src/|`);
    assert.deepEqual(indented, { kind: 'value', path: ['stages', 'train'], key: 'deps', prefixStart: stages.length + 18, prefix: 'src/', inList: true });
    const compact = at(`${stages}    deps:\n    - a.py\n    - |`);
    assert.deepEqual(compact && [compact.kind, compact.path, 'key' in compact && compact.key], ['value', ['stages', 'train'], 'deps']);
  });

  it('an item of a one-line flow list', () => {
    assert.deepEqual(at(`${stages}    after: [prepare, ev|`), { kind: 'value', path: ['stages', 'train'], key: 'after', prefixStart: stages.length + 21, prefix: 'ev', inList: true });
    assert.equal(at(`${stages}    after: [prepare]|`), undefined);
  });

  it('inside quotes, the prefix starts after the quote', () => {
    const context = at('gates:\n  g:\n    require:\n      - metric: auc\n        baseline: "models:/ch|');
    assert.deepEqual(context && [context.kind, context.path, 'key' in context && context.key, context.prefix], ['value', ['gates', 'g', 'require', '-'], 'baseline', 'models:/ch']);
  });

  it('keys and values of a requirement, in block and flow style', () => {
    const block = 'gates:\n  g:\n    after: train\n    require:\n      - metric: auc\n        o|';
    assert.deepEqual(at(block), { kind: 'key', path: ['gates', 'g', 'require', '-'], prefixStart: block.length - 2, prefix: 'o' });
    const firstKey = at('gates:\n  g:\n    require:\n      - m|');
    assert.deepEqual(firstKey && [firstKey.kind, firstKey.path], ['key', ['gates', 'g', 'require', '-']]);
    const flowValue = at('gates:\n  g:\n    require:\n      - {metric: auc, op: |');
    assert.deepEqual(flowValue && [flowValue.kind, flowValue.path, 'key' in flowValue && flowValue.key], ['value', ['gates', 'g', 'require', '-'], 'op']);
    const flowKey = at('gates:\n  g:\n    require:\n      - {metric: auc, ba|');
    assert.deepEqual(flowKey && [flowKey.kind, flowKey.prefix], ['key', 'ba']);
  });

  it('nothing in comments, after a closed quote, or in a block scalar', () => {
    assert.equal(at('# stages|'), undefined);
    assert.equal(at(`${stages}    cmd: python x.py # run|`), undefined);
    assert.equal(at(`${stages}    wdir: "src" |`), undefined);
    assert.equal(at(`${stages}    cmd: >|`), undefined);
  });

  it('never throws on odd text', () => {
    for (const text of ['', '\n\n', '- - - x', ':', '  :\n  : |', '{[', '"unclosed', '\t- a\n\t', '- {a: [b, {c: ']) {
      for (let offset = 0; offset <= text.length; offset++) completionContext(text, offset);
    }
  });
});
