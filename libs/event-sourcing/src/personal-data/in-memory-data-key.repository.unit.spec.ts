import { describeDataKeyRepositoryContract } from './data-key.repository.contract';
import { InMemoryDataKeyRepository } from './in-memory-data-key.repository';

describeDataKeyRepositoryContract('in memory', async () => ({
  repository: new InMemoryDataKeyRepository(),
  tenantId: 'tenant-a',
}));
