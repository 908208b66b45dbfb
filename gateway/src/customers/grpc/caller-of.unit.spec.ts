// The token the gateway mints for a call must be one the services accept: a principal naming a
// system process (`system:<name>`, e.g. the survey answer page) travels as a system actor, which
// the verifier accepts, and never as a user called "system:…", which it refuses.
import {
  Role,
  SERVICE_AUDIENCES,
  ServiceTokenSigner,
  ServiceTokenVerifier,
  generateServiceTokenKeys,
  parseServiceTokenPrivateKey,
  parseServiceTokenPublicKey,
} from '@crm/access-policy';
import { callerOf } from '../../grpc/context-grpc.client';

const keys = generateServiceTokenKeys();
const signer = new ServiceTokenSigner(parseServiceTokenPrivateKey(keys.privateKey));
const verifier = new ServiceTokenVerifier(
  parseServiceTokenPublicKey(keys.publicKey),
  SERVICE_AUDIENCES.serviceDesk,
);
const principal = (userId: string) => ({
  userId,
  tenantId: 'demo',
  email: 'survey@desk.example',
  roles: [Role.AUDITOR],
  teamId: null,
});

describe('callerOf', () => {
  it('sends a system principal as a system actor the services accept', async () => {
    const caller = callerOf({
      principal: principal('system:gateway.survey-page'),
      correlationId: 'c',
    });
    expect(caller.actor).toEqual({ kind: 'system', name: 'gateway.survey-page' });
    const token = await signer.sign(caller, SERVICE_AUDIENCES.serviceDesk);
    await expect(verifier.verify(token)).resolves.toMatchObject({
      actor: { kind: 'system', name: 'gateway.survey-page' },
    });
  });

  it('sends a person as a user actor', () => {
    expect(callerOf({ principal: principal('u-1'), correlationId: 'c' }).actor).toEqual({
      kind: 'user',
      userId: 'u-1',
    });
  });
});
