// Generates the NestJS GraphQL input classes of a context's commands from its .proto and a table of
// what GraphQL adds to the proto (public names, non-null fields, UUID ids, renames, the gateway's
// own rules), as TypeScript source written to a git-ignored file at `npm run proto:generate`
// (customers: gateway/src/customers/inputs/generate-customer-inputs.ts, ADR 0345). Each proto field
// becomes a GraphQL field of the same camelCase name and of its type (string → String or a UUID
// `ID`, bool → Boolean, integers → Int, double → Float, enums → the gateway's enum of the same
// name, messages → their nested input); every field is nullable unless the table says otherwise;
// descriptions are the `GraphQL:` lines of the proto comments, `{limit}` being the context's limit
// of that name. `ctx` and a required `customerId` come from the base classes.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Enum, Root, Type, type Field, type ReflectionObject } from 'protobufjs';

/** What GraphQL adds to the proto, per context (customers: customer-inputs.table.ts). */
export interface GraphqlInputTable<Rule extends string = string> {
  /** Proto message → its GraphQL input and the fields (GraphQL names) that are non-null. */
  readonly inputs: Readonly<Record<string, readonly [input: string, required?: readonly string[]]>>;
  /** `ID` fields that must hold a UUID (the gateway authorises by them). */
  readonly uuidFields: readonly string[];
  /** Per proto message, proto field → GraphQL input field where the names differ. */
  readonly renames: Readonly<Record<string, Readonly<Record<string, string>>>>;
  /** `Input.field` → the name of the gateway's own rule on it (an entry of the rules module). */
  readonly rules: Readonly<Record<string, Rule>>;
}

/** Where the generated file goes and what it imports, relative to it. */
export interface InputsTarget {
  readonly protoPath: string;
  readonly table: GraphqlInputTable;
  /** The context's limits, quoted as `{name}` in descriptions. */
  readonly limits: Readonly<Record<string, number>>;
  readonly outFile: string;
  /** Modules exporting the GraphQL enums; `CommandInput`/`CustomerCommandInput`; `INPUT_RULES`,
   * `Nested`, `NestedList`, `UuidField`. */
  readonly imports: { readonly enums: string; readonly bases: string; readonly rules: string };
}

const SCALARS: Record<string, [graphql: string, ts: string]> = {
  string: ['String', 'string'],
  bool: ['Boolean', 'boolean'],
  int32: ['Int', 'number'],
  uint32: ['Int', 'number'],
  double: ['Float', 'number'],
};

/** The `GraphQL:` lines of a proto comment, limits filled in; undefined when there are none. */
export function descriptionOf(
  object: ReflectionObject,
  limits: Readonly<Record<string, number>>,
): string | undefined {
  const lines = (object.comment ?? '')
    .split('\n')
    .filter((line) => line.startsWith('GraphQL: '))
    .map((line) => line.slice('GraphQL: '.length));
  if (lines.length === 0) return undefined;
  return lines.join(' ').replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = limits[name];
    if (value === undefined) throw new Error(`unknown limit {${name}} in ${object.fullName}`);
    return value.toLocaleString('en-US');
  });
}

/** The TypeScript source of the input classes of the target's table, from its proto. */
export function generateInputs(target: Omit<InputsTarget, 'outFile'>): string {
  const { protoPath, table, limits, imports } = target;
  const root = new Root().loadSync(protoPath, { keepCase: false, alternateCommentMode: true });
  root.resolveAll();
  const typeOf = (message: string): Type => {
    const found = root.lookupTypeOrEnum(message);
    if (!(found instanceof Type)) throw new Error(`${message} is not a proto message`);
    return found;
  };
  const inputOf = (message: Type): string => {
    const entry = table.inputs[message.name];
    if (!entry) throw new Error(`no GraphQL input for ${message.name}: add it to the table`);
    return entry[0];
  };
  const enums = new Set<string>();
  const emitted = new Map<string, string>();
  const classes: string[] = [];

  const fieldSource = (message: Type, field: Field, input: string, required: Set<string>) => {
    const renames = table.renames[message.name] ?? {};
    const name = renames[field.name] ?? field.name;
    const nullable = !required.has(name);
    const options = [
      ...(nullable ? ['nullable: true'] : []),
      ...(descriptionOf(field, limits)
        ? [`description: ${JSON.stringify(descriptionOf(field, limits))}`]
        : []),
    ];
    const opts = options.length ? `{ ${options.join(', ')} }` : '';
    let decorators: string[];
    let tsType: string;
    const resolved = field.resolvedType;
    if (resolved instanceof Type) {
      tsType = inputOf(resolved);
      const nested = field.repeated ? 'NestedList' : 'Nested';
      decorators = [`@${nested}(() => ${tsType}${opts ? `, ${opts}` : ''})`];
    } else {
      let graphql: string;
      if (resolved instanceof Enum) {
        enums.add(resolved.name);
        graphql = tsType = resolved.name;
      } else if (field.type === 'string' && table.uuidFields.includes(name)) {
        [graphql, tsType] = ['ID', 'string'];
      } else {
        const scalar = SCALARS[field.type];
        if (!scalar) throw new Error(`no GraphQL type for ${field.type} (${field.fullName})`);
        [graphql, tsType] = scalar;
      }
      decorators =
        graphql === 'ID'
          ? [`@UuidField(${opts})`]
          : [
              `@Field(() => ${field.repeated ? `[${graphql}]` : graphql}${opts ? `, ${opts}` : ''})`,
            ];
    }
    const rule = table.rules[`${input}.${name}`];
    if (rule) decorators.push(`@INPUT_RULES.${rule}`);
    const type = field.repeated ? `${tsType}[]` : tsType;
    const declaration = nullable ? `${name}?: ${type} | null;` : `${name}!: ${type};`;
    return [...decorators, declaration].map((line) => `  ${line}`).join('\n');
  };

  const emit = (message: Type): string => {
    const input = inputOf(message);
    const renames = table.renames[message.name] ?? {};
    const fields = message.fieldsArray.map((f) => renames[f.name] ?? f.name).join(',');
    const seen = emitted.get(input);
    if (seen !== undefined) {
      if (seen !== fields) throw new Error(`${message.name} differs from the other ${input}`);
      return input;
    }
    emitted.set(input, fields);
    const required = new Set(table.inputs[message.name]?.[1] ?? []);
    for (const field of message.fieldsArray)
      if (field.resolvedType instanceof Type && field.name !== 'ctx') emit(field.resolvedType);
    const isCommand = message.fields['ctx'] !== undefined;
    const onCustomer = isCommand && required.has('customerId');
    const base = onCustomer
      ? ' extends CustomerCommandInput'
      : isCommand
        ? ' extends CommandInput'
        : '';
    const own = message.fieldsArray.filter(
      (f) => f.name !== 'ctx' && !(onCustomer && f.name === 'customerId'),
    );
    const description = descriptionOf(message, limits);
    classes.push(
      [
        `@InputType(${description ? `{ description: ${JSON.stringify(description)} }` : ''})`,
        `export class ${input}${base} {`,
        ...own.map((field) => fieldSource(message, field, input, required)),
        '}',
      ].join('\n'),
    );
    return input;
  };
  for (const message of Object.keys(table.inputs)) emit(typeOf(message));

  return [
    `// Generated by libs/graphql-inputs from ${path.basename(protoPath)} and its table; do not edit.`,
    "import { Field, Float, InputType, Int } from '@nestjs/graphql';",
    ...(enums.size ? [`import { ${[...enums].sort().join(', ')} } from '${imports.enums}';`] : []),
    `import { CommandInput, CustomerCommandInput } from '${imports.bases}';`,
    `import { INPUT_RULES, Nested, NestedList, UuidField } from '${imports.rules}';`,
    '',
    classes.join('\n\n'),
    '',
  ].join('\n');
}

/** Writes the target's generated file. */
export function writeInputs(target: InputsTarget): void {
  mkdirSync(path.dirname(target.outFile), { recursive: true });
  writeFileSync(target.outFile, generateInputs(target));
  console.log(`generated GraphQL inputs in ${path.relative(process.cwd(), target.outFile)}`);
}
