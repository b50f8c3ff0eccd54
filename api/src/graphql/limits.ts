import { GraphQLError, Kind, type ASTVisitor, type FragmentDefinitionNode, type SelectionSetNode, type ValidationContext, type ValidationRule } from 'graphql';
import { ErrorCode } from '@baton/shared';

function limitError(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: ErrorCode.GRAPHQL_VALIDATION_FAILED } });
}

/**
 * Depth of a selection set, following fragments. Introspection fields
 * (`__schema`, `__type`) are not counted: their nesting is fixed and bounded,
 * and whether they are allowed at all is the `introspection` setting's job.
 */
function depthOf(set: SelectionSetNode | undefined, fragments: Record<string, FragmentDefinitionNode>, seen: Set<string>): number {
  if (!set) return 0;
  let max = 0;
  for (const sel of set.selections) {
    if (sel.kind === Kind.FIELD) {
      if (sel.name.value.startsWith('__')) continue;
      max = Math.max(max, sel.selectionSet ? 1 + depthOf(sel.selectionSet, fragments, seen) : 1);
    } else if (sel.kind === Kind.INLINE_FRAGMENT) {
      max = Math.max(max, depthOf(sel.selectionSet, fragments, seen));
    } else {
      const name = sel.name.value;
      if (seen.has(name) || !fragments[name]) continue; // cycles are reported by NoFragmentCycles
      max = Math.max(max, depthOf(fragments[name].selectionSet, fragments, new Set(seen).add(name)));
    }
  }
  return max;
}

/** Rejects operations nested deeper than `max` fields. */
export function depthLimit(max: number): ValidationRule {
  return (context: ValidationContext): ASTVisitor => ({
    OperationDefinition(node) {
      const fragments = Object.fromEntries(
        context.getDocument().definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((f) => [f.name.value, f]),
      );
      const depth = depthOf(node.selectionSet, fragments, new Set());
      if (depth > max) context.reportError(limitError(`The operation is nested ${depth} levels deep; the limit is ${max}.`));
    },
  });
}

/**
 * Rejects documents with more than `max` aliased fields: aliases multiply the
 * work of one request (100 `login` fields, 100 expensive lookups).
 */
export function aliasLimit(max: number): ValidationRule {
  return (context: ValidationContext): ASTVisitor => {
    let aliases = 0;
    return {
      Field(node) {
        if (node.alias) aliases++;
      },
      Document: {
        leave() {
          if (aliases > max) context.reportError(limitError(`The document uses ${aliases} aliases; the limit is ${max}.`));
        },
      },
    };
  };
}
