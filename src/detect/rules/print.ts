/**
 * @module detect/rules/print
 * Prints an expression back as canonical text (for evidence and messages): minimal
 * parentheses, statistics in their canonical form, numbers as JavaScript prints them.
 */
import type { Expr } from './ast.js';
import { quantileName } from './ast.js';

const PRECEDENCE: Readonly<Record<string, number>> = { or: 1, and: 2, not: 3, compare: 4, '+': 5, '-': 5, '*': 6, '/': 6, neg: 7 };

function precedence(node: Expr): number {
  switch (node.kind) {
    case 'logic': return PRECEDENCE[node.op] as number;
    case 'not': return 3;
    case 'compare': return 4;
    case 'arith': return PRECEDENCE[node.op] as number;
    case 'neg': return 7;
    default: return 8;
  }
}

function wrap(node: Expr, min: number): string {
  const text = printExpr(node);
  return precedence(node) < min ? `(${text})` : text;
}

/**
 * @example
 * printExpr(parseExpression('rate(x) > max(0.03, baseline + 3 sigma)', 'r')); // 'rate(x) > max(0.03, baseline + 3 * sigma)'
 */
export function printExpr(node: Expr): string {
  switch (node.kind) {
    case 'number': return String(node.value);
    case 'ref': {
      const f = node.field;
      if (node.name !== 'baseline' || f.kind === 'value') return node.name;
      return f.kind === 'quantile' ? `baseline.${quantileName(f.q)}` : `baseline.${f.kind}`;
    }
    case 'stat': return node.text;
    case 'math': return `${node.fn}(${node.args.map(printExpr).join(', ')})`;
    case 'neg': return `-${wrap(node.operand, 7)}`;
    case 'not': return `not ${wrap(node.operand, 3)}`;
    case 'arith': {
      const p = PRECEDENCE[node.op] as number;
      return `${wrap(node.left, p)} ${node.op} ${wrap(node.right, p + 1)}`;
    }
    case 'compare': return `${wrap(node.left, 5)} ${node.op} ${wrap(node.right, 5)}`;
    case 'logic': {
      const p = PRECEDENCE[node.op] as number;
      return `${wrap(node.left, p)} ${node.op} ${wrap(node.right, p + 1)}`;
    }
  }
}
