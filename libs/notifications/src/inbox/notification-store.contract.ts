import type { StoreFactory } from './notification-store-fixtures.contract.js';
import { describeReadState } from './notification-store-read-state.contract.js';
import { describeReading } from './notification-store-reading.contract.js';
import { describeRetention } from './notification-store-retention.contract.js';

export type { StoreFactory } from './notification-store-fixtures.contract.js';

/**
 * The behaviour every NotificationStore shares. Each test gets a fresh, empty store from
 * `makeStore`, and cleans it up after itself.
 */
export function describeNotificationStoreContract(name: string, makeStore: StoreFactory): void {
  describe(`${name} (NotificationStore contract)`, () => {
    describeReading(makeStore);
    describeReadState(makeStore);
    describeRetention(makeStore);
  });
}
