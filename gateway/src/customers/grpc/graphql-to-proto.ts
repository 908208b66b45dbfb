// GraphQL command inputs → proto requests, derived from the .proto itself instead of one hand-written
// mapper per command: the inputs' fields mirror the proto messages (same camelCase names), so one
// walk over the request's message type builds any request. Enum values gain the proto prefix
// (`WEB_FORM` → `ACQUISITION_CHANNEL_WEB_FORM`), absent values are left out (the proto default, or
// "not present" for `optional`), and every real oneof must have exactly one member given, reported
// as a field error at the oneof's path because GraphQL inputs cannot say "exactly one of".
import { Enum, Root, Type, type Field } from 'protobufjs';
import { type FieldError } from '../../graphql/gateway-errors';
import { throwIfAny } from '../../graphql/input-validation.pipe';

export interface ProtoInputRules {
  /** Per message, proto field → GraphQL input field where the names differ. */
  readonly renames?: Readonly<Record<string, Readonly<Record<string, string>>>>;
  /** Oneofs (`Message.oneof`) that may be left empty. */
  readonly optionalOneofs?: readonly string[];
  /** Boolean oneof members (`Message.field`) that are a flag: `false` means "not chosen". */
  readonly flags?: readonly string[];
}

type Input = Readonly<Record<string, unknown>>;

const upperSnake = (name: string): string =>
  name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase();

export class ProtoRequestBuilder {
  private readonly root: Root;

  constructor(
    protoPath: string,
    private readonly serviceName: string,
    readonly rules: ProtoInputRules = {},
  ) {
    // keepCase false: field names in camelCase, as proto-loader's options give them.
    this.root = new Root().loadSync(protoPath, { keepCase: false });
    this.root.resolveAll();
  }

  /** The request message type of `rpc`. */
  requestType(rpc: string): Type {
    const type = this.root.lookupService(this.serviceName).methods[rpc]?.resolvedRequestType;
    if (!type) throw new Error(`unknown RPC ${rpc}`);
    return type;
  }

  /** The request of `rpc` built from a GraphQL input; throws every oneof problem at once. */
  request(rpc: string, input: Input): Record<string, unknown> {
    const type = this.requestType(rpc);
    const errors: FieldError[] = [];
    const request = this.message(type, input, 'input', errors);
    throwIfAny(errors);
    return request;
  }

  private message(type: Type, input: Input, path: string, errors: FieldError[]) {
    const renames = this.rules.renames?.[type.name] ?? {};
    const valueOf = (field: Field): unknown => input[renames[field.name] ?? field.name];
    const given = (field: Field): boolean => {
      const value = valueOf(field);
      if (value === false) return !this.rules.flags?.includes(`${type.name}.${field.name}`);
      return value !== undefined && value !== null;
    };
    for (const oneof of type.oneofsArray) {
      if (oneof.name.startsWith('_')) continue; // proto3 `optional`: presence, not a choice
      const name = (f: Field): string => renames[f.name] ?? f.name;
      const names = oneof.fieldsArray.map(name);
      const present = oneof.fieldsArray.filter(given).map(name);
      const mayBeEmpty = this.rules.optionalOneofs?.includes(`${type.name}.${oneof.name}`);
      if (present.length > 1)
        errors.push({
          field: path,
          code: 'NOT_ALLOWED',
          message: `give only one of ${names.join(', ')} (got ${present.join(', ')})`,
        });
      else if (present.length === 0 && !mayBeEmpty)
        errors.push({
          field: path,
          code: 'REQUIRED',
          message: `exactly one of ${names.join(', ')} is required`,
        });
    }
    const request: Record<string, unknown> = {};
    for (const field of type.fieldsArray) {
      const value = valueOf(field);
      if (!given(field)) continue;
      const at = `${path}.${field.name}`;
      request[field.name] = field.repeated
        ? (value as unknown[]).map((item, i) => this.value(field, item, `${at}[${i}]`, errors))
        : this.value(field, value, at, errors);
    }
    return request;
  }

  private value(field: Field, value: unknown, path: string, errors: FieldError[]): unknown {
    const type = field.resolvedType;
    if (type instanceof Enum) return `${upperSnake(type.name)}_${String(value)}`;
    if (type instanceof Type) return this.message(type, value as Input, path, errors);
    return value;
  }
}
