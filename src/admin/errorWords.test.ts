import { describe, expect, it } from 'vitest';
import { AppError } from '../core/errors.ts';
import { errorMessages } from '../core/messages.ts';
import { errorWords } from './errorWords.ts';

describe('errorWords', () => {
  it('keeps the decoded words of a contract error', () => {
    const error = new AppError('CONTRACT_REVERTED', '0x7099…79C8 is already a member.', {
      category: 'chain',
    });
    expect(errorWords(error)).toBe('0x7099…79C8 is already a member.');
  });

  it('says a rejected signature changed nothing', () => {
    expect(errorWords(AppError.walletRejected())).toBe(errorMessages.WALLET_REJECTED);
    expect(errorWords(AppError.walletRejected())).toMatch(/Nothing was changed/);
  });

  it('uses the table for transport failures and foreign errors', () => {
    expect(errorWords(AppError.rpcUnavailable())).toBe(errorMessages.RPC_UNAVAILABLE);
    expect(errorWords(new Error('boom'))).toBe(errorMessages.INTERNAL);
  });
});
