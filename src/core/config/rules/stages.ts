import { diagnostic } from '../diagnostic';
import type { Rule } from './rule';
import { unknownName } from './unknownName';

/** Stage and gate names: they appear on the command line and as run names. */
export const namePattern = /^[A-Za-z_][A-Za-z0-9_-]*$/;

export const stagesRule: Rule = {
  codes: ['stage-name', 'empty-cmd', 'unknown-stage'],
  check({ doc, stages, report }) {
    for (const stage of doc.stages) {
      if (!namePattern.test(stage.name)) {
        report(diagnostic('stage-name', 'error', stage.nameRange, `Stage name '${stage.name}' is not allowed: use letters, digits, '_' and '-', starting with a letter or '_', e.g. '${cleanName(stage.name)}'.`));
      }
      if (stage.cmd && stage.cmd.value.trim() === '') {
        report(diagnostic('empty-cmd', 'error', stage.cmd.range, `stage '${stage.name}' needs a non-empty \`cmd\`, the command it runs, e.g. \`cmd: python src/${cleanName(stage.name)}.py\`.`));
      }
      for (const before of stage.after) {
        if (before.value === stage.name) report(diagnostic('unknown-stage', 'error', before.range, `Stage '${stage.name}' cannot run after itself: remove it from its \`after\`.`));
        else if (!stages.has(before.value)) report(unknownName('unknown-stage', 'stage', before.value, before.range, stages.keys(), `\`after\` of stage '${stage.name}'`));
      }
    }
  },
};

export function cleanName(name: string): string {
  return name.replace(/[^A-Za-z0-9_-]+/g, '_').replace(/^(?=[0-9-])/, '_') || 'train';
}
