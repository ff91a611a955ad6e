import { diagnostic } from '../diagnostic';
import { registryStages } from '../keys';
import { aliasProblem } from '../modelUris';
import { closest } from '../suggest';
import type { Rule } from './rule';
import { unknownName } from './unknownName';

export const protectRule: Rule = {
  codes: ['alias-name', 'registry-stage', 'unknown-gate', 'protection-bypassed', 'protect-without-register'],
  check({ doc, gates, report }) {
    const protect = doc.protect;
    if (!protect) return;
    if (!doc.register) {
      report(diagnostic('protect-without-register', 'warning', protect.keyRange, 'Protection applies to the model named in `register.model`, and there is no `register` section: add one, or remove `protect`.'));
    }
    for (const rule of protect.aliases) {
      const problem = aliasProblem(rule.name.value);
      if (problem) report(diagnostic('alias-name', 'error', rule.name.range, `Alias '${rule.name.value}' is not allowed: ${problem}.`));
    }
    for (const rule of protect.stages) {
      if ((registryStages as readonly string[]).includes(rule.name.value)) continue;
      const suggestion = closest(rule.name.value, registryStages);
      report(diagnostic('registry-stage', 'error', rule.name.range, `'${rule.name.value}' is not a registry stage: use ${registryStages.join(', ')}.${suggestion ? ` Did you mean '${suggestion}'?` : ''}`, suggestion ? [{ title: `Change to '${suggestion}'`, edits: [{ range: rule.name.range, newText: suggestion }] }] : undefined));
    }
    for (const rule of [...protect.aliases, ...protect.stages]) {
      for (const gate of rule.gates) {
        if (!gates.has(gate.value)) report(unknownName('unknown-gate', 'gate', gate.value, gate.range, gates.keys(), `protection of '${rule.name.value}'`));
      }
    }
    // Registering gives the new version an alias; if that alias is protected, `when` must hold its gates.
    const register = doc.register;
    const alias = register?.alias?.value ?? (register ? 'challenger' : undefined);
    const rule = protect.aliases.find((r) => r.name.value === alias);
    if (register && rule) {
      const when = new Set(register.when.map((w) => w.value));
      const lacking = rule.gates.filter((g) => !when.has(g.value) && gates.has(g.value)).map((g) => g.value);
      if (lacking.length > 0) {
        const at = register.alias?.range ?? register.keyRange;
        report(diagnostic('protection-bypassed', 'error', at, `Registering gives alias '${alias}', which \`protect\` grants only after gate${lacking.length > 1 ? 's' : ''} ${lacking.map((g) => `'${g}'`).join(', ')}: add ${lacking.length > 1 ? 'them' : 'it'} to \`when\` of \`register\`.`));
      }
    }
  },
};
