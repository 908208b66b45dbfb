// Validates a scalar ID argument as a UUID, answering BAD_USER_INPUT with the argument's name.
import { type ArgumentMetadata, Injectable, type PipeTransform } from '@nestjs/common';
import { BadUserInputError } from './gateway-errors';
import { UUID_RULE } from '../customers/inputs/validation-rules';

@Injectable()
export class ParseUuidPipe implements PipeTransform<unknown, string> {
  transform(value: unknown, metadata: ArgumentMetadata): string {
    const name = metadata.data ?? 'id';
    if (typeof value !== 'string' || !UUID_RULE.test(value)) {
      throw new BadUserInputError(`Invalid input: ${name} must be a UUID.`, [
        { field: name, code: 'INVALID_FORMAT', message: `${name} must be a UUID` },
      ]);
    }
    return value;
  }
}
