import { diagnostic } from '../diagnostic';
import { normalizePath } from '../paths';
import { outputIndex } from './outputIndex';
import type { Rule } from './rule';

export const depsRule: Rule = {
  codes: ['missing-dep'],
  warningsOnly: true,
  check({ doc, files, report }) {
    const index = outputIndex(doc.stages);
    for (const stage of doc.stages) {
      for (const dep of stage.deps) {
        const path = normalizePath(dep.value);
        if (index.producerOf(path) || index.inside(path).length > 0 || files.exists(path)) continue;
        report(diagnostic('missing-dep', 'warning', dep.range, `'${dep.value}' does not exist and no stage writes it: fix the path, create the file, or add it to the \`outs\` of the stage that writes it.`));
      }
    }
  },
};
