import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { CONFIG_CACHE_FILE } from '../../../src/core/config/configCache';
import { ConfigError, loadPipelineConfig } from '../../../src/core/config/pipelineConfig';
import { churnCopy, projectWith } from '../../fixtures/pipelines';

// loadPipelineConfig with `remember`: the config kept in .mlops/config.json is the one reading
// mlops.yaml gives, and it is used only while mlops.yaml, the build and what validation read are
// unchanged.

const test = { build: 'test-build' };

function withStoreFolder(files: Record<string, string>) {
  const p = projectWith(files);
  mkdirSync(path.join(p.dir, '.mlops'));
  const file = path.join(p.dir, 'mlops.yaml');
  const cache = path.join(p.dir, '.mlops', CONFIG_CACHE_FILE);
  /** Changes the remembered cmd of the first stage: seeing it proves the remembered config was used. */
  const tamper = () => {
    const saved = JSON.parse(readFileSync(cache, 'utf8')) as { config: { stages: { cmd: string }[] } };
    saved.config.stages[0]!.cmd = 'remembered';
    writeFileSync(cache, JSON.stringify(saved));
  };
  return { ...p, file, cache, tamper };
}

describe('loadPipelineConfig, remembering', () => {
  it('remembers exactly what reading gives, undefined keys included (examples/churn, and a bare pipeline)', () => {
    const churn = churnCopy();
    const bare = withStoreFolder({ 'mlops.yaml': 'version: 1\nexperiment: x\nstages:\n  a: {cmd: "true", env: {__proto__: p}}\n' });
    try {
      mkdirSync(path.join(churn.dir, '.mlops'));
      for (const file of [path.join(churn.dir, 'mlops.yaml'), bare.file]) {
        const read = loadPipelineConfig(file);
        assert.equal(existsSync(path.join(path.dirname(file), '.mlops', CONFIG_CACHE_FILE)), false, 'nothing remembered unless asked');
        assert.deepStrictEqual(loadPipelineConfig(file, { remember: test }), read);
        assert.ok(existsSync(path.join(path.dirname(file), '.mlops', CONFIG_CACHE_FILE)));
        assert.deepStrictEqual(loadPipelineConfig(file, { remember: test }), read);
      }
    } finally {
      churn.cleanup();
      bare.cleanup();
    }
  });

  it('uses the remembered config while nothing changed; not for another build, another text, or a moved project', () => {
    const p = withStoreFolder({ 'mlops.yaml': 'version: 1\nexperiment: x\nstages:\n  a: {cmd: "true"}\n' });
    try {
      loadPipelineConfig(p.file, { remember: test });
      p.tamper();
      assert.equal(loadPipelineConfig(p.file, { remember: test }).stages[0]!.cmd, 'remembered');
      assert.equal(loadPipelineConfig(p.file, { remember: { build: 'another' } }).stages[0]!.cmd, 'true');
      p.tamper();
      writeFileSync(p.file, 'version: 1\nexperiment: x\nstages:\n  a: {cmd: "true"}\n\n');
      assert.equal(loadPipelineConfig(p.file, { remember: test }).stages[0]!.cmd, 'true');
      p.tamper();
      const moved = `${p.dir}-moved`;
      cpSync(p.dir, moved, { recursive: true });
      try {
        const config = loadPipelineConfig(path.join(moved, 'mlops.yaml'), { remember: test });
        assert.deepEqual([config.stages[0]!.cmd, config.root], ['true', moved]);
      } finally {
        rmSync(moved, { recursive: true, force: true });
      }
    } finally {
      p.cleanup();
    }
  });

  it('asks validation\'s questions again: a params file that lost a key fails as it does unremembered', () => {
    const p = withStoreFolder({ 'mlops.yaml': 'version: 1\nexperiment: x\nstages:\n  a: {cmd: "true", params: [lr]}\n', 'params.yaml': 'lr: 0.1\n' });
    try {
      loadPipelineConfig(p.file, { remember: test });
      p.tamper();
      writeFileSync(path.join(p.dir, 'params.yaml'), 'rate: 0.1\n');
      assert.throws(() => loadPipelineConfig(p.file, { remember: test }), (e: unknown) => e instanceof ConfigError && /'lr' is not in params\.yaml/.test(e.message));
      writeFileSync(path.join(p.dir, 'params.yaml'), 'lr: 0.2\n');
      assert.equal(loadPipelineConfig(p.file, { remember: test }).stages[0]!.cmd, 'true', 'another params text: validated again');
    } finally {
      p.cleanup();
    }
  });

  it('remembers nothing with errors, without a .mlops folder, from sources, or with numbers JSON cannot keep', () => {
    const broken = withStoreFolder({ 'mlops.yaml': 'version: 1\nexperiment: x\nstages:\n  a: {cmd: ""}\n' });
    const bare = projectWith({ 'mlops.yaml': 'version: 1\nexperiment: x\nstages:\n  a: {cmd: "true"}\n' });
    const infinite = withStoreFolder({
      'mlops.yaml': 'version: 1\nexperiment: x\nstages:\n  a: {cmd: "true"}\ngates:\n  g:\n    after: a\n    require:\n      - {metric: auc, op: ">=", baseline: 0.5, margin: .inf}\n',
    });
    try {
      assert.throws(() => loadPipelineConfig(broken.file, { remember: test }), ConfigError);
      assert.equal(existsSync(broken.cache), false);
      loadPipelineConfig(path.join(bare.dir, 'mlops.yaml'), { remember: test });
      assert.equal(existsSync(path.join(bare.dir, '.mlops')), false);
      loadPipelineConfig(infinite.file, { remember: true });
      assert.equal(existsSync(infinite.cache), false, 'run from sources: no bundle names the build');
      assert.equal(loadPipelineConfig(infinite.file, { remember: test }).gates[0]!.require[0]!.margin, Infinity);
      assert.equal(existsSync(infinite.cache), false);
    } finally {
      broken.cleanup();
      bare.cleanup();
      infinite.cleanup();
    }
  });
});
