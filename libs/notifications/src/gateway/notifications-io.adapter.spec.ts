import { EventEmitter } from 'node:events';
import type { INestApplicationContext } from '@nestjs/common';
import { jest } from '@jest/globals';
import { of } from 'rxjs';
import { NotificationsIoAdapter } from './notifications-io.adapter.js';

/**
 * The package also runs on Nest 11, whose IoAdapter has no `logger`: a handler
 * error must be logged, not crash the process, whichever base class is installed.
 */
describe('NotificationsIoAdapter handler errors', () => {
  it('logs a failing handler without the base class logger (as on Nest 11)', () => {
    // The app context only has to hand out the client event gate; this one admits everything.
    const app = { get: () => ({ admit: () => true }) } as unknown as INestApplicationContext;
    const adapter = new NotificationsIoAdapter(app);
    Object.defineProperty(adapter, 'logger', { value: undefined }); // Nest 11's IoAdapter has none
    const logged = jest.spyOn((adapter as unknown as { handlerErrors: { error: (e: unknown) => void } }).handlerErrors, 'error').mockImplementation(() => undefined);
    const socket = new EventEmitter();
    const failure = new Error('handler failed');
    adapter.bindMessageHandlers(socket as never, [{ message: 'notify', methodName: 'notify', isAckHandledManually: false, callback: () => { throw failure; } }], (x) => of(x));

    socket.emit('notify', {}, () => undefined);

    expect(logged).toHaveBeenCalledWith(failure);
  });
});
