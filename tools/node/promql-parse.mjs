// Parses PromQL with the Prometheus grammar (@prometheus-io/lezer-promql) for Verify's dashboard rule.
// stdin: a JSON array of expressions; stdout: a JSON array, per expression null when it parses, else
// {"offset": N}, the UTF-16 offset of the first error node (lezer marks what it cannot parse with ⚠ nodes).
import { readFileSync } from 'node:fs';
import { parser } from '@prometheus-io/lezer-promql';

function firstError(expression) {
  let offset = null;
  parser.parse(expression).iterate({
    enter(node) {
      if (offset !== null) return false;
      if (node.type.isError) {
        offset = node.from;
        return false;
      }
      return true;
    },
  });
  return offset === null ? null : { offset };
}

const expressions = JSON.parse(readFileSync(0, 'utf8'));
if (!Array.isArray(expressions) || expressions.some((e) => typeof e !== 'string')) {
  process.stderr.write('expected a JSON array of strings on stdin\n');
  process.exit(2);
}
process.stdout.write(JSON.stringify(expressions.map(firstError)) + '\n');
