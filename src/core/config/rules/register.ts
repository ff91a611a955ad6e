import { diagnostic } from '../diagnostic';
import { aliasProblem, modelNameProblem } from '../modelUris';
import { normalizePath } from '../paths';
import { outputIndex } from './outputIndex';
import type { Rule } from './rule';
import { unknownName } from './unknownName';

export const registerRule: Rule = {
  codes: ['model-name', 'artifact-not-output', 'unknown-gate', 'alias-name'],
  check({ doc, gates, report }) {
    const register = doc.register;
    if (!register) return;
    if (register.model) {
      const problem = modelNameProblem(register.model.value);
      if (problem) report(diagnostic('model-name', 'error', register.model.range, `Model name '${register.model.value}' is not allowed: ${problem}.`));
    }
    if (register.artifact && !outputIndex(doc.stages).producerOf(normalizePath(register.artifact.value))) {
      report(diagnostic('artifact-not-output', 'error', register.artifact.range, `No stage writes '${register.artifact.value}': the registered artifact must be an output of a stage (in its \`outs\`), so the version's lineage is known. Add it to the \`outs\` of the stage that writes it.`));
    }
    for (const gate of register.when) {
      if (!gates.has(gate.value)) report(unknownName('unknown-gate', 'gate', gate.value, gate.range, gates.keys(), '`when` of `register`'));
    }
    if (register.alias) {
      const problem = aliasProblem(register.alias.value);
      if (problem) report(diagnostic('alias-name', 'error', register.alias.range, `Alias '${register.alias.value}' is not allowed: ${problem}.`));
    }
  },
};
