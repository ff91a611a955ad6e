import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { it } from 'node:test';
import { driftMethods, gateOps, monitorMetrics, registryStages, sectionKeys, type SectionName } from '../../../src/core/config/keys';
import { shapeCodes } from '../../../src/core/config/shape';
import { rules } from '../../../src/core/config/validate';

// The spec (docs/pipeline-config.md), the JSON Schema and the validator's key table say the same.

const repo = path.join(__dirname, '../../..');
const schema = JSON.parse(readFileSync(path.join(repo, 'schemas/mlops.schema.json'), 'utf8')) as JsonSchema;
const spec = readFileSync(path.join(repo, 'docs/pipeline-config.md'), 'utf8');

interface JsonSchema {
  properties?: Record<string, JsonSchema>;
  required?: string[];
  definitions?: Record<string, JsonSchema>;
  enum?: string[];
  additionalProperties?: boolean | JsonSchema;
  propertyNames?: JsonSchema;
}

const schemaOf: Record<SectionName, JsonSchema> = {
  root: schema,
  stage: schema.definitions!.stage!,
  gate: schema.definitions!.gate!,
  requirement: schema.definitions!.requirement!,
  register: schema.definitions!.register!,
  protect: schema.definitions!.protect!,
  monitor: schema.definitions!.monitor!,
};

it('the JSON Schema has exactly the keys of the key table, the same required ones, and no others', () => {
  for (const [section, keys] of Object.entries(sectionKeys) as [SectionName, (typeof sectionKeys)[SectionName]][]) {
    const s = schemaOf[section];
    assert.deepEqual(Object.keys(s.properties!).sort(), keys.map((k) => k.name).sort(), section);
    assert.deepEqual([...(s.required ?? [])].sort(), keys.filter((k) => k.required).map((k) => k.name).sort(), section);
    assert.equal(s.additionalProperties, false, section);
  }
  assert.deepEqual(schema.definitions!.requirement!.properties!.op!.enum, [...gateOps]);
  assert.deepEqual(schema.definitions!.monitor!.properties!.method!.enum, [...driftMethods]);
  assert.deepEqual(schema.definitions!.monitor!.properties!.metric!.enum, Object.keys(monitorMetrics));
  assert.deepEqual(schema.definitions!.protect!.properties!.stages!.propertyNames!.enum, [...registryStages]);
});

it('package.json contributes the schema for mlops.yaml', () => {
  const manifest = JSON.parse(readFileSync(path.join(repo, 'package.json'), 'utf8')) as { contributes: { yamlValidation: { fileMatch: string; url: string }[] } };
  assert.deepEqual(manifest.contributes.yamlValidation, [{ fileMatch: 'mlops.yaml', url: './schemas/mlops.schema.json' }]);
});

it('the spec documents every key and every diagnostic code', () => {
  for (const keys of Object.values(sectionKeys)) for (const k of keys) assert.ok(spec.includes(`| \`${k.name}\` |`), `key ${k.name}`);
  const codes = new Set([...rules.flatMap((r) => r.codes), ...shapeCodes, 'root-not-mapping', 'too-deep', 'internal-error']);
  const documented = new Set([...spec.matchAll(/^\| `([a-z-]+)` \| (error|warning)/gm)].map((m) => m[1]));
  assert.deepEqual([...codes].filter((c) => !documented.has(c)), [], 'codes missing from the spec');
  assert.deepEqual([...documented].filter((c) => !codes.has(c!)), [], 'codes the validator does not have');
});
