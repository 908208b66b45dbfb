#!/usr/bin/env bash
# Non-test lines per command of the customers command path (docs/adding-a-context.md, "Cost of a
# command"): non-blank lines that are not only a comment, in the hand-written files every command
# passes through (gateway input, mapping and call; service parse and controller; proto; domain
# command, validation and decider), divided by the number of command mutations. Generated files
# (the proto types, the GraphQL inputs made from the proto and customer-inputs.table.ts) are not
# listed: the table they are made from is.
#   scripts/count-command-lines.sh [GIT_REVISION]   (default: the work tree)
set -euo pipefail
cd "$(dirname "$0")/.."
rev="${1:-}"
FILES=(
  gateway/src/customers/inputs/customer-commands.inputs.ts
  gateway/src/customers/inputs/customer-inputs.table.ts
  gateway/src/customers/inputs/shared.inputs.ts
  gateway/src/customers/inputs/validation-rules.ts
  gateway/src/graphql/input-validation.pipe.ts
  gateway/src/customers/grpc/graphql-to-proto.ts
  gateway/src/customers/grpc/customer-command.mappers.ts
  gateway/src/customers/grpc/customers-grpc.client.ts
  gateway/src/customers/grpc/customers-errors.ts
  gateway/src/customers/customer-commands.ts
  gateway/src/customers/customer-mutations.resolver.ts
  libs/contracts/src/grpc/customers-grpc.ts
  proto/customers.proto
  services/customers/src/grpc/customers.grpc-controller.ts
  services/customers/src/grpc/customers.proto-types.ts
  services/customers/src/grpc/customer-command.parsers.ts
  services/customers/src/grpc/request-mapping.ts
  services/customers/src/grpc/proto-enums.ts
  services/customers/src/grpc/grpc-errors.ts
  libs/customers/domain/src/customers.limits.ts
  libs/customers/domain/src/values/text.ts
  libs/customers/domain/src/values/defined.ts
  libs/customers/domain/src/customer/customer.commands.ts
  libs/customers/domain/src/customer/customer.validation.ts
  libs/customers/domain/src/customer/customer.decider.ts
  libs/customers/domain/src/custom-fields/custom-field-definitions.decider.ts
  libs/customers/domain/src/custom-fields/custom-field-values.ts
)
show() { if [ -n "$rev" ]; then git show "$rev:$1" 2>/dev/null || true; else cat "$1" 2>/dev/null || true; fi; }
code_lines() { grep -v -E '^\s*$|^\s*(//|/\*|\*)' || true; }
total=0
for f in "${FILES[@]}"; do
  n=$(show "$f" | code_lines | wc -l)
  [ "$n" -gt 0 ] && printf '%6d  %s\n' "$n" "$f"
  total=$((total + n))
done
# Command mutations of the schema (the RPCs that change state; queries and import excluded): the
# resolver's @Mutation methods plus the entries of its PLAIN_COMMANDS table (`name: ['Rpc', …`).
resolver=$(show gateway/src/customers/customer-mutations.resolver.ts)
decorated=$(grep -c '@Mutation(' <<<"$resolver" || true)
tabled=$(grep -cE "^  [a-zA-Z]+: \[('|$)" <<<"$resolver" || true)
commands=$((decorated + tabled))
echo "total $total lines, $commands command mutations, $((total / commands)) lines per command"
