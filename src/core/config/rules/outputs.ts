import { diagnostic } from '../diagnostic';
import { parentsOf } from '../paths';
import { outputIndex, type Output } from './outputIndex';
import type { Rule } from './rule';

export const outputsRule: Rule = {
  codes: ['duplicate-output', 'nested-output'],
  check({ doc, report }) {
    const index = outputIndex(doc.stages);
    const first = new Map<string, Output>();
    for (const out of index.sorted) {
      const earlier = first.get(out.path);
      if (!earlier) first.set(out.path, out);
      else if (earlier.stage !== out.stage) {
        report(diagnostic('duplicate-output', 'error', out.item.range, `Stage '${earlier.stage.name}' already writes '${out.item.value}'. Each output belongs to one stage: remove it from one of them, or write to another path.`));
      }
    }
    for (const out of index.sorted) {
      for (const folder of parentsOf(out.path)) {
        const holder = first.get(folder);
        if (holder && holder.stage !== out.stage) {
          report(diagnostic('nested-output', 'error', out.item.range, `'${out.item.value}' lies inside '${holder.item.value}', an output of stage '${holder.stage.name}'. Outputs of different stages cannot overlap: write it elsewhere, or let one stage write both.`));
          break;
        }
      }
    }
  },
};
