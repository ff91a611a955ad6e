import { diagnostic } from '../diagnostic';
import type { Rule } from './rule';

export const topLevelRule: Rule = {
  codes: ['unsupported-version', 'empty-experiment'],
  check({ doc, report }) {
    if (doc.version && doc.version.value !== 1) {
      report(diagnostic('unsupported-version', 'error', doc.version.range, `This workbench reads version 1 of mlops.yaml, not ${doc.version.value}. Write \`version: 1\`.`, [{ title: 'Change to version 1', edits: [{ range: doc.version.range, newText: '1' }] }]));
    }
    if (doc.experiment && doc.experiment.value.trim() === '') {
      report(diagnostic('empty-experiment', 'error', doc.experiment.range, 'Name the MLflow experiment the runs go to, e.g. `experiment: churn`.'));
    }
  },
};
